#!/usr/bin/env bash
# Durable borrow+return over HTTP (DESIGN "Performance budgets": ≥ 1,000 per second on SQLite). Builds the release
# `baomi`, starts it on a fresh SQLite file on disk, seeds approved borrowings (seed.py), then hands them over and
# returns them with wrk over many connections (pairs.lua) and prints operations/s, pairs/s, latency, the server's
# CPU time and its fsyncs per write. See Benchmarks/README.md, "Durable borrow+return over HTTP (issue #4)".
#
#   Benchmarks/http-load/run.sh                      # build, seed 16,000 borrowings, 15 s at 32 connections
#   BAOMI_BINARY=/path/to/baomi CONNECTIONS=64 DURATION=20s REQUESTS=20000 Benchmarks/http-load/run.sh
#
# Environment: BAOMI_BINARY (skip the build), REQUESTS, CONNECTIONS, DURATION, THREADS (wrk's), PORT, DATA_PARENT
# (a folder on the disk to measure; not tmpfs, where fsync is free), PERF_RECORD=1 (also `perf record` the server
# during the load, for `perf report -i $DATA_PARENT/…/perf.data`; PERF_RECORD=dwarf unwinds the call graphs through
# libc and the Swift runtime too), KEEP=1 (keep the data folder), SEED_ONLY=1 (only prepare the seeded copy).
#
# The mixed load of issue #12 — LEDGER_CONNECTIONS=N also reads the carrier ledger page with a second wrk over N
# connections (ledger.lua) and prints its latency; IMPORT_ROWS=N first starts `baomi import carriers` of N rows in
# another process on the same data folder and begins the load once the import holds SQLite's write lock:
#   LEDGER_CONNECTIONS=2 Benchmarks/http-load/run.sh                    # ledger beside borrow+return
#   IMPORT_ROWS=40000 LEDGER_CONNECTIONS=2 Benchmarks/http-load/run.sh  # … while an import holds the database
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REQUESTS=${REQUESTS:-16000}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15s}
THREADS=${THREADS:-1}
IMPORT_ROWS=${IMPORT_ROWS:-0}
LEDGER_CONNECTIONS=${LEDGER_CONNECTIONS:-0}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

if ! command -v wrk >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ -z "${BAOMI_BINARY:-}" ]; then
    # The first release build takes a long while on 2 cores; later ones are incremental.
    swift build -c release --package-path "$ROOT" --scratch-path "$HOME/.cache/baomi-build" --product baomi >&2
    BAOMI_BINARY="$HOME/.cache/baomi-build/release/baomi"
fi

PARENT=${DATA_PARENT:-${TMPDIR:-/tmp}}
TEMPLATE="$PARENT/baomi-http-load-seeded-$REQUESTS"
DATA=$(mktemp -d "$PARENT/baomi-http-load.XXXXXX")
if [ "$(stat -f -c %T "$DATA")" = tmpfs ]; then
    echo "warning: $DATA is on tmpfs, where fsync costs nothing; set DATA_PARENT to a folder on disk" >&2
fi
SERVER=""
IMPORTER=""
stop_server() {
    if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
        kill -INT "$SERVER"
        wait "$SERVER" 2>/dev/null || true
    fi
    SERVER=""
}
cleanup() {
    if [ -n "$IMPORTER" ] && kill -0 "$IMPORTER" 2>/dev/null; then kill "$IMPORTER"; fi
    stop_server
    if [ -z "${KEEP:-}" ]; then rm -rf "$DATA"; else echo "kept $DATA" >&2; fi
}
trap cleanup EXIT

start_server() { # data folder
    BAOMI_INITIAL_PASSWORD=Initial-Pass-2026 "$BAOMI_BINARY" serve --port "$PORT" --data-dir "$1" \
        >>"$1/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 300); do
        curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER" 2>/dev/null || { cat "$1/server.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "server did not start" >&2
    exit 1
}

# Seeding writes three times as much as the load itself, so a seeded folder is kept (stopped cleanly, so the WAL
# is checkpointed into the file) and every run starts from a fresh copy of it. Delete it after schema changes.
if [ ! -f "$TEMPLATE/seed.txt" ]; then
    rm -rf "$TEMPLATE" && mkdir -p "$TEMPLATE"
    start_server "$TEMPLATE"
    python3 "$HERE/seed.py" --base "http://127.0.0.1:$PORT" --requests "$REQUESTS" --out "$TEMPLATE/seed.tmp" >&2
    stop_server
    mv "$TEMPLATE/seed.tmp" "$TEMPLATE/seed.txt"
fi
if [ -n "${SEED_ONLY:-}" ]; then exit 0; fi
cp -a "$TEMPLATE/." "$DATA/"
rm -f "$DATA/server.log"
start_server "$DATA"
python3 "$HERE/seed.py" --base "http://127.0.0.1:$PORT" --refresh --out "$DATA/seed.txt"

if [ "$IMPORT_ROWS" -gt 0 ]; then
    # Carriers of the seeded department, classified by the keeper (seed.py), imported as the keeper in one
    # transaction that holds the write lock until it commits (README "Other commands").
    python3 - "$DATA/import.csv" "$IMPORT_ROWS" <<'PYTHON'
import csv, sys
with open(sys.argv[1], "w", encoding="utf-8-sig", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(["载体名称", "载体类别", "载体形态", "密级", "保密期限", "份数", "责任部门编码", "知悉范围部门编码",
                     "定密责任人工号"])
    for number in range(int(sys.argv[2])):
        writer.writerow([f"批量导入资料{number}", "技术方案", "纸介质", "秘密", "10年", "1", "D-TECH", "D-TECH", "E-bmb"])
PYTHON
    "$BAOMI_BINARY" import carriers "$DATA/import.csv" --data-dir "$DATA" --as bmb >"$DATA/import.txt" 2>&1 &
    IMPORTER=$!
    # It checks every row first; the load starts once its transaction holds the write lock.
    until python3 -c '
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("ROLLBACK")
    sys.exit(1)
except sqlite3.OperationalError:
    sys.exit(0)' "$DATA/baomi.sqlite"; do
        kill -0 "$IMPORTER" 2>/dev/null || { cat "$DATA/import.txt" >&2; echo "the import ended early" >&2; exit 1; }
        sleep 0.05
    done
fi

LOAD=$(cut -d" " -f1 /proc/loadavg)
echo "load average before the run: $LOAD (the server and wrk share this machine's cores)" >&2
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
fsyncs() { grep -E 'sys_enter_f(data)?sync' "$1" | awk -F, '{ n += $1 } END { print n + 0 }'; }
seconds=${DURATION%s}
# The fsyncs (the server's, SQLite's checkpoints included) counted over the same window as the load.
perf stat -x, -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync -p "$SERVER" -o "$DATA/fsyncs.csv" \
    -- sleep "$seconds" 2>/dev/null &
PERF_STAT=$!
PROFILER=""
if [ -n "${PERF_RECORD:-}" ]; then
    # PERF_RECORD=dwarf unwinds through libc and the Swift runtime too (larger files, fewer samples).
    if [ "$PERF_RECORD" = dwarf ]; then graph=(--call-graph dwarf,16384 -F 199); else graph=(-g -F 499); fi
    perf record "${graph[@]}" -p "$SERVER" -o "$DATA/perf.data" -- sleep "$seconds" >/dev/null 2>&1 &
    PROFILER=$!
fi
LEDGER=""
if [ "$LEDGER_CONNECTIONS" -gt 0 ]; then
    wrk -t1 -c"$LEDGER_CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$HERE/ledger.lua" \
        "http://127.0.0.1:$PORT" -- "$DATA/seed.txt" >"$DATA/ledger.txt" 2>&1 &
    LEDGER=$!
fi
before=$(cpu_ticks)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$HERE/pairs.lua" \
    "http://127.0.0.1:$PORT" -- "$DATA/seed.txt" "$THREADS" | tee "$DATA/wrk.txt" >&2
after=$(cpu_ticks)
wait "$PERF_STAT" || true
if [ -n "$PROFILER" ]; then wait "$PROFILER" || true; fi
if [ -n "$LEDGER" ]; then
    wait "$LEDGER" || true
    grep '^LEDGER' "$DATA/ledger.txt" || cat "$DATA/ledger.txt" >&2
fi
if [ -n "$IMPORTER" ]; then
    # Still running after the load: it held the database for the whole of it.
    if kill -0 "$IMPORTER" 2>/dev/null; then held=yes; else held=no; fi
    wait "$IMPORTER" || true
    IMPORTER=""
    echo "IMPORT rows=$IMPORT_ROWS held_through_the_load=$held $(grep -E 'Registered|refused|拒绝' "$DATA/import.txt" | tail -1)"
fi

result=$(grep '^RESULT' "$DATA/wrk.txt")
ops=$(sed -E 's/.* issues=([0-9]+) returns=([0-9]+).*/\1 \2/' <<<"$result" | awk '{ print $1 + $2 }')
syncs=$(fsyncs "$DATA/fsyncs.csv" 2>/dev/null || echo "?")
cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }')
echo "$result server_cpu_s=$cpu cpu_ms_per_op=$(awk -v c="$cpu" -v n="$ops" 'BEGIN { printf "%.2f", n ? c * 1000 / n : 0 }') fsyncs=$syncs fsyncs_per_op=$(awk -v s="$syncs" -v n="$ops" 'BEGIN { printf "%.3f", n ? s / n : 0 }') connections=$CONNECTIONS load_before=$LOAD binary=$BAOMI_BINARY"
if grep -q 'exhausted=[1-9]' <<<"$result"; then
    echo "warning: ran out of approved borrowings; raise REQUESTS" >&2
fi
