"""No vanishing tail (S2, issue #12), with the real binary: every write is under a signed checkpoint that is also in
the checkpoint journal outside the database, so deleting the log's tail together with the checkpoints over it (triggers
dropped first) is named by `baomi audit verify`; `baomi migrate` puts the triggers back."""
import json
import os
import sqlite3
import stat
import subprocess
import uuid

import pytest

from conftest import Server, run_cli

SQLITE_TRIGGERS = ["audit_records_no_update", "audit_records_no_delete",
                   "audit_checkpoints_no_update", "audit_checkpoints_no_delete"]
POSTGRES_TRIGGERS = ["audit_records_no_change", "audit_records_no_truncate",
                     "audit_checkpoints_no_change", "audit_checkpoints_no_truncate"]


def write_units(server, count, prefix):
    token = server.token("sysadmin")
    for index in range(count):
        status, body = server.call("POST", "/api/v1/org-units", token=token,
                                   body={"name": f"某研究所 {prefix}{index}", "code": f"{prefix}{index}", "kind": "unit"})
        assert status == 201, body


def journal_entries(path):
    with open(path, encoding="utf-8") as journal:
        return [json.loads(line) for line in journal if line.strip()]


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_s2_a_deleted_tail_is_named_after_a_clean_stop_and_migrate_restores_the_triggers(tmp_path):
    # setup: a data folder Baomi creates itself
    data_dir = str(tmp_path / "data")
    server = Server(data_dir).start()
    try:
        write_units(server, 6, "TAIL")
    finally:
        server.stop()
    assert server.process.returncode is not None
    database = os.path.join(data_dir, "baomi.sqlite")
    journal = os.path.join(data_dir, "audit-checkpoints.journal")
    # every file Baomi keeps is its account's alone
    assert mode(data_dir) == 0o700
    for name in ("baomi.sqlite", "baomi.sqlite-wal", "baomi.sqlite-shm", "audit-signing-key",
                 "audit-checkpoints.journal"):
        if os.path.exists(os.path.join(data_dir, name)):
            assert mode(os.path.join(data_dir, name)) == 0o600, name
    with sqlite3.connect(database) as db:
        records = db.execute("SELECT COUNT(*) FROM audit_records").fetchone()[0]
        newest = db.execute("SELECT MAX(tree_size) FROM audit_checkpoints").fetchone()[0]
    # the clean stop signed a checkpoint of everything, and the journal holds it
    assert newest == records
    assert max(entry["treeSize"] for entry in journal_entries(journal)) == records
    assert run_cli("audit", "verify", "--data-dir", data_dir).returncode == 0

    # act: with the file, drop the triggers, delete the last three records and every checkpoint over them
    kept = records - 3
    with sqlite3.connect(database) as db:
        for trigger in SQLITE_TRIGGERS:
            db.execute(f"DROP TRIGGER {trigger}")
        db.execute("DELETE FROM audit_records WHERE leaf_index >= ?", (kept,))
        db.execute("DELETE FROM audit_checkpoints WHERE tree_size > ?", (kept,))
    result = run_cli("audit", "verify", "--data-dir", data_dir)

    # check: the gap and the missing triggers are named
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"checkpoint journal has a checkpoint of {records} records signed at" in result.stdout, result.stdout
    assert f"the database holds {kept}" in result.stdout, result.stdout
    for trigger in SQLITE_TRIGGERS:
        assert trigger in result.stdout

    # act: migrate restores the triggers, and records that it did
    migrated = run_cli("migrate", "--data-dir", data_dir)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    with sqlite3.connect(database) as db:
        triggers = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert set(SQLITE_TRIGGERS) <= triggers
        assert db.execute(
            "SELECT COUNT(*) FROM audit_records WHERE action = 'audit.protectionRestore'").fetchone()[0] == 1
        with pytest.raises(sqlite3.DatabaseError):
            db.execute("DELETE FROM audit_records WHERE leaf_index = 0")
    again = run_cli("audit", "verify", "--data-dir", data_dir)
    # the gap is evidence for good (the repair's record took a deleted one's place); the triggers are in place
    assert again.returncode == 1
    assert f"checkpoint of {records} records signed at" in again.stdout, again.stdout
    assert "triggers" not in again.stdout, again.stdout


def test_s2_a_missing_journal_once_begun_fails_verification(tmp_path):
    data_dir = str(tmp_path / "data")
    server = Server(data_dir).start()
    try:
        write_units(server, 1, "J")
    finally:
        server.stop()
    os.remove(os.path.join(data_dir, "audit-checkpoints.journal"))
    result = run_cli("audit", "verify", "--data-dir", data_dir)
    assert result.returncode == 1, result.stdout
    assert "audit-checkpoints.journal is missing" in result.stdout, result.stdout


@pytest.mark.skipif(not os.environ.get("BAOMI_SYSTEM_DATABASE_URL"),
                    reason="needs BAOMI_SYSTEM_DATABASE_URL (CI starts PostgreSQL)")
def test_s2_postgresql_instances_share_a_journal_and_a_deleted_tail_is_named(tmp_path):
    admin_url = os.environ["BAOMI_SYSTEM_DATABASE_URL"]
    name = "baomi_tail_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    shared = str(tmp_path / "shared" / "checkpoints.journal")
    os.makedirs(os.path.dirname(shared))
    env = {"DATABASE_URL": url, "BAOMI_CHECKPOINT_JOURNAL": shared}
    first_dir, second_dir = str(tmp_path / "one"), str(tmp_path / "two")

    def psql(sql):
        return subprocess.run(["psql", url, "-qtAc", sql], check=True, capture_output=True, text=True).stdout.strip()

    try:
        # setup: two instances on one database, one journal; the second shares the first's signing key
        first = Server(first_dir, env_extra=env).start()
        os.makedirs(second_dir, mode=0o700)
        with open(os.path.join(first_dir, "audit-signing-key"), "rb") as key:
            key_bytes = key.read()
        with open(os.path.join(second_dir, "audit-signing-key"), "wb") as key:
            key.write(key_bytes)
        os.chmod(os.path.join(second_dir, "audit-signing-key"), 0o600)
        second = Server(second_dir, env_extra=env).start()
        try:
            write_units(first, 3, "PGA")
            write_units(second, 3, "PGB")
        finally:
            second.stop()
            first.stop()
        records = int(psql("SELECT COUNT(*) FROM audit_records"))
        assert int(psql("SELECT MAX(tree_size) FROM audit_checkpoints")) == records
        assert max(entry["treeSize"] for entry in journal_entries(shared)) == records
        assert mode(shared) == 0o600
        verify = ["audit", "verify", "--data-dir", first_dir, "--database-url", url, "--checkpoint-journal", shared]
        assert run_cli(*verify).returncode == 0

        # act: a database administrator drops the triggers and deletes the tail with its checkpoints
        kept = records - 2
        for table in ("audit_records", "audit_checkpoints"):
            psql(f"DROP TRIGGER {table}_no_change ON {table}")
        psql(f"DELETE FROM audit_records WHERE leaf_index >= {kept}")
        psql(f"DELETE FROM audit_checkpoints WHERE tree_size > {kept}")
        result = run_cli(*verify)

        # check
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"checkpoint journal has a checkpoint of {records} records signed at" in result.stdout, result.stdout
        assert f"the database holds {kept}" in result.stdout, result.stdout
        assert "audit_records_no_change" in result.stdout and "audit_checkpoints_no_change" in result.stdout
        migrated = run_cli("migrate", "--data-dir", first_dir, "--database-url", url,
                           "--checkpoint-journal", shared)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        present = set(psql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").split())
        assert set(POSTGRES_TRIGGERS) <= present
    finally:
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)
