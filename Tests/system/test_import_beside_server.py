"""System test of issue #12, "the event loops never wait on a database lock" (S4): a large `baomi import carriers`
in another process holds the SQLite file's write lock for its whole file. Meanwhile the real server beside it on the
same data folder answers /healthz, ledger reads and pages at once, and a write answers 503 problem+json with
Retry-After after its short bound — every one of them before the import finishes. Another command started meanwhile
waits for the import and succeeds; once the import is done the same write goes through."""
import concurrent.futures
import csv
import json
import os
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

from conftest import BINARY, INITIAL, Server, run_cli

# Enough rows for the import to hold the lock for many seconds on the debug build (tens of rows a millisecond
# cannot register 4,000 carriers with their copies and audit records in the three seconds a server write waits).
ROWS = 4000


def write_carriers(path, rows):
    """A CSV of `rows` 机密 carriers of the demo institute's 总体部 (ZTB), classified by E0501."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["载体名称", "载体类别", "载体形态", "密级", "保密期限", "份数", "责任部门编码", "知悉范围部门编码",
                         "定密责任人工号", "备注"])
        for number in range(rows):
            writer.writerow([f"批量导入的总体方案第{number}号", "技术方案", "纸介质", "机密", "20年", "2", "ZTB", "ZTB;KJB",
                             "E0501", "与服务并行导入"])


def write_lock_held(database):
    """Whether another connection holds the SQLite file's write lock: a write transaction cannot begin right now."""
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return True
        raise
    finally:
        connection.close()


def call(server, method, path, token=None, body=None, cookie=None):
    """Status, headers and body text of one request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if cookie:
        request.add_header("Cookie", "baomi_session=" + cookie)
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            return reply.status, reply.headers, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_s4_reads_and_pages_are_answered_and_writes_refused_503_while_an_import_holds_the_database(data_dir):
    demo = run_cli("demo", "--data-dir", data_dir, "--without-carriers", env_extra={"BAOMI_INITIAL_PASSWORD": INITIAL})
    assert demo.returncode == 0, demo.stdout + demo.stderr
    ledger_file = os.path.join(data_dir, "大批载体.csv")
    write_carriers(ledger_file, ROWS)
    database = os.path.join(data_dir, "baomi.sqlite")
    server = Server(data_dir).start()
    try:
        token = server.token("bmb")
        status, _, text = call(server, "GET", "/api/v1/carriers", token=token)
        assert status == 200, text
        assert json.loads(text)["total"] == 0

        # act: the import in a process of its own, on the server's data folder
        importer = subprocess.Popen([BINARY, "import", "carriers", ledger_file, "--data-dir", data_dir, "--as", "bmb"],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            # It checks every row first, then registers them all in one transaction that holds the write lock. Its
            # start takes the lock for a moment too: wait until the lock has been held for a whole second.
            held_since = None
            while held_since is None or time.monotonic() - held_since < 1.0:
                assert importer.poll() is None, "the import ended before it was seen holding the lock"
                if write_lock_held(database):
                    held_since = held_since or time.monotonic()
                else:
                    held_since = None
                time.sleep(0.02)

            def during_import(answer):
                """The answer, and whether it came while the import still held the lock (had not committed)."""
                return answer, importer.poll() is None and write_lock_held(database)

            health, health_during_import = during_import(call(server, "GET", "/healthz"))
            ledger, ledger_during_import = during_import(call(server, "GET", "/api/v1/carriers", token=token))
            page, page_during_import = during_import(call(server, "GET", "/carriers", cookie=token))
            # While a write waits for the lock, each event loop goes on answering: new connections are spread over
            # the loops, so a few health checks reach every one of them.
            writing = concurrent.futures.ThreadPoolExecutor(max_workers=1)
            pending = writing.submit(call, server, "PUT", "/api/v1/me/email", token, {"email": "bmb@example.cn"})
            checks = [call(server, "GET", "/healthz")[0] for _ in range(6)]
            checks_while_writing = not pending.done()
            write, write_during_import = during_import(pending.result())
            writing.shutdown()
            # Another command beside both waits for the lock instead of failing (it is not serving anyone).
            checker = subprocess.Popen([BINARY, "check", "--data-dir", data_dir], stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
        finally:
            output, _ = importer.communicate(timeout=900)
        check_output, _ = checker.communicate(timeout=900)
        assert checker.returncode == 0, check_output

        assert importer.returncode == 0, output
        # check: every answer came while the import still held the database: none waited for it to finish
        assert health_during_import and ledger_during_import and page_during_import
        assert write_during_import, write
        assert checks == [200] * 6 and checks_while_writing
        assert health[0] == 200, health
        assert ledger[0] == 200, ledger
        assert json.loads(ledger[2])["total"] == 0  # the import is not committed yet
        assert page[0] == 200 and "<html" in page[2], page[:2]
        status, headers, text = write
        assert status == 503, text
        assert headers["Content-Type"].startswith("application/problem+json")
        assert headers["Retry-After"] == "5"
        problem = json.loads(text)
        assert problem["rule"] == "S4"
        assert "另一进程" in problem["zh"] and "nothing was changed" in problem["en"]

        assert importer.returncode == 0, output
        assert f"Registered {ROWS} carriers" in output

        # Afterwards the same write goes through and the ledger holds every imported carrier.
        status, _, text = call(server, "PUT", "/api/v1/me/email", token=token, body={"email": "bmb@example.cn"})
        assert status == 200, text
        status, _, text = call(server, "GET", "/api/v1/carriers", token=token)
        assert json.loads(text)["total"] == ROWS
    finally:
        server.stop()
    verify = run_cli("audit", "verify", "--data-dir", data_dir)
    assert verify.returncode == 0, verify.stdout + verify.stderr
