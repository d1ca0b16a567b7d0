"""System tests of the real binary: durability across kill -9 (issue #2), `baomi audit verify` (S2), the
PostgreSQL run, and the first-start password announcement (S1, S3)."""
import os
import sqlite3
import subprocess
import uuid

import pytest

from conftest import Server, run_cli


def create_unit(server, token, code):
    status, body = server.call("POST", "/api/v1/org-units", token=token,
                               body={"name": f"某研究所 {code}", "code": code, "kind": "unit"})
    assert status == 201, body
    return body["id"]


def test_s2_committed_write_survives_kill_9_and_the_log_verifies(data_dir):
    server = Server(data_dir).start()
    try:
        token = server.token("sysadmin")
        unit_id = create_unit(server, token, "KILL9")
        server.kill9()
        # the WAL is there: SQLite runs in write-ahead mode (issue #2)
        assert os.path.exists(os.path.join(data_dir, "baomi.sqlite"))
        with sqlite3.connect(os.path.join(data_dir, "baomi.sqlite")) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        server = Server(data_dir).start()
        token = server.token("sysadmin")
        status, body = server.call("GET", f"/api/v1/org-units/{unit_id}", token=token)
        assert status == 200 and body["code"] == "KILL9"
    finally:
        server.stop()
    result = run_cli("audit", "verify", "--data-dir", data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "records" in result.stdout


def test_s2_audit_verify_names_the_first_tampered_record(data_dir):
    server = Server(data_dir).start()
    try:
        token = server.token("sysadmin")
        for index in range(5):
            create_unit(server, token, f"T{index}")
        auditor = server.token("auditor")
        status, checkpoint = server.call("GET", "/api/v1/audit/checkpoint", token=auditor)
        assert status == 200 and checkpoint["treeSize"] > 5
    finally:
        server.stop()
    assert run_cli("audit", "verify", "--data-dir", data_dir).returncode == 0
    with sqlite3.connect(os.path.join(data_dir, "baomi.sqlite")) as db:
        # the triggers refuse the change (S2) ...
        with pytest.raises(sqlite3.DatabaseError):
            db.execute("UPDATE audit_records SET actor_name = 'mallory' WHERE leaf_index = 3")
        # ... so an attacker with the file drops them first
        db.execute("DROP TRIGGER audit_records_no_update")
        db.execute("UPDATE audit_records SET actor_name = 'mallory' WHERE leaf_index = 3")
    result = run_cli("audit", "verify", "--data-dir", data_dir)
    assert result.returncode != 0
    assert "record 3" in result.stdout


def test_s3_random_initial_passwords_are_printed_once_on_first_start(data_dir):
    server = Server(data_dir, initial_password=None).start()
    try:
        output = server.read_output()
        for username in ("sysadmin", "secadmin", "auditor"):
            assert username in output
        password = next(line.split()[-1] for line in output.splitlines() if line.strip().startswith("sysadmin"))
        assert len(password) == 16
        assert server.token("sysadmin", password=password, new_password="Another-Pass-2026!")
    finally:
        server.stop()
    second = Server(data_dir, initial_password=None).start()
    try:
        assert "sysadmin  " not in second.read_output()
    finally:
        second.stop()


@pytest.mark.skipif(not os.environ.get("BAOMI_SYSTEM_DATABASE_URL"), reason="needs BAOMI_SYSTEM_DATABASE_URL (CI starts PostgreSQL)")
def test_the_same_server_runs_on_postgresql(data_dir):
    admin_url = os.environ["BAOMI_SYSTEM_DATABASE_URL"]
    name = "baomi_sys_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        server = Server(data_dir, env_extra={"DATABASE_URL": url}).start()
        try:
            token = server.token("sysadmin")
            unit_id = create_unit(server, token, "PG")
            status, body = server.call("GET", f"/api/v1/org-units/{unit_id}", token=token)
            assert status == 200 and body["code"] == "PG"
        finally:
            server.stop()
        result = run_cli("audit", "verify", "--data-dir", data_dir, "--database-url", url)
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)
