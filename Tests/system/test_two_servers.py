"""Two Baomi servers on one PostgreSQL database — and, where it makes sense, the same race on one server with its
embedded SQLite: every contended action has exactly one winner.

- C4: of two simultaneous requests to borrow the same copy, exactly one wins (a copy is never lent twice).
- Principle 5, A6: approve and refuse of the same step sent at the same instant: one decision, the loser gets 409
  problem+json and writes nothing but its refusal.
- S3: parallel wrong passwords spread over the servers get at most the lockout threshold's password checks.
- REMIND: both servers run the compliance engine on the same findings without a duplicate-key error.
"""
import contextlib
import json
import os
import sqlite3
import subprocess
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import CHANGED, Server, prepare_for_post

needs_postgres = pytest.mark.skipif(
    not os.environ.get("BAOMI_SYSTEM_DATABASE_URL"), reason="needs BAOMI_SYSTEM_DATABASE_URL (CI starts PostgreSQL)")

ROUNDS = 8
PAIRS = 50
PARALLEL_SIGN_INS = 30
LOCKOUT_THRESHOLD = 5


def expect(server, method, path, token, body=None, statuses=(200, 201, 204)):
    status, answer = server.call(method, path, token=token, body=body)
    assert status in statuses, f"{method} {path} → {status}: {answer}"
    return answer


class Database:
    """Reads the servers' database directly, to count rows and audit records besides the HTTP answers."""

    def __init__(self, postgres_url=None, sqlite_path=None):
        self.postgres_url = postgres_url
        self.sqlite_path = sqlite_path

    def rows(self, query, *parameters):
        if self.postgres_url:
            text = query.replace("?", "%s") % tuple(f"'{value}'" for value in parameters)
            output = subprocess.run(["psql", self.postgres_url, "-qAtX", "-F", "\t", "-c", text],
                                    check=True, capture_output=True, text=True).stdout
            return [tuple(line.split("\t")) for line in output.splitlines() if line]
        with contextlib.closing(sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True, timeout=30)) as db:
            return [tuple(str(value) for value in row) for row in db.execute(query, parameters).fetchall()]

    def count(self, query, *parameters):
        return int(self.rows(query, *parameters)[0][0])


@contextlib.contextmanager
def two_servers(environment=None):
    """Two servers on one fresh PostgreSQL database, and that database."""
    admin_url = os.environ["BAOMI_SYSTEM_DATABASE_URL"]
    name = "baomi_two_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    first_dir, second_dir = tempfile.mkdtemp(prefix="baomi-two-a-"), tempfile.mkdtemp(prefix="baomi-two-b-")
    first = second = None
    try:
        # The second server starts once the first has migrated the database.
        first = Server(first_dir, env_extra={"DATABASE_URL": url, **(environment or {})}).start()
        second = Server(second_dir, env_extra={"DATABASE_URL": url, **(environment or {})}).start()
        yield first, second, Database(postgres_url=url)
    finally:
        for server in (first, second):
            if server:
                server.stop()
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


@contextlib.contextmanager
def one_sqlite_server():
    """One server on its embedded SQLite, standing in for both: the race is then within one process."""
    with tempfile.TemporaryDirectory(prefix="baomi-one-") as folder:
        server = Server(folder).start()
        try:
            yield server, server, Database(sqlite_path=os.path.join(folder, "baomi.sqlite"))
        finally:
            server.stop()


def servers(backend):
    return two_servers() if backend == "postgres" else one_sqlite_server()


BACKENDS = [pytest.param("postgres", marks=needs_postgres), "sqlite"]


class World:
    """A unit with one department, a safe, and accounts whose people hold a core secret post."""

    def __init__(self, server, roles):
        self.server = server
        sysadmin, secadmin = server.token("sysadmin"), server.token("secadmin")
        root = expect(server, "POST", "/api/v1/org-units", sysadmin,
                      {"name": "某所", "code": "T-ROOT", "kind": "unit"})
        self.unit = expect(server, "POST", "/api/v1/org-units", sysadmin,
                           {"name": "总体部", "code": "T-DEPT", "kind": "department", "parentID": root["id"]})
        self.people = {}
        self.accounts = {}
        for user, role in roles:
            person = expect(server, "POST", "/api/v1/people", sysadmin,
                            {"name": user, "employeeNumber": user, "departmentID": self.unit["id"]})
            account = expect(server, "POST", "/api/v1/accounts", sysadmin,
                             {"username": user, "personID": person["id"], "password": "Initial-Pass-2026"})
            expect(server, "PUT", f"/api/v1/accounts/{account['id']}/roles", secadmin, {"roles": [role]})
            prepare_for_post(server, [person["id"]])
            expect(server, "PUT", f"/api/v1/people/{person['id']}/clearance", secadmin,
                   {"postClass": "core", "compartments": [], "groups": [], "separationUntil": None,
                    "reason": "上岗"})
            self.people[user] = person["id"]
            self.accounts[user] = account["id"]
        self.secadmin = secadmin

    def carrier_with_stored_copies(self, office, classifier, count, title):
        self.safe = getattr(self, "safe", None) or expect(
            self.server, "POST", "/api/v1/storage-places", office,
            {"code": "T-S1", "name": "保险柜", "kind": "safe", "maxLevel": "topSecret",
             "departmentID": self.unit["id"]})
        carrier = expect(self.server, "POST", "/api/v1/carriers", office, {
            "title": title, "documentNumber": title, "category": "data", "form": "paper", "level": "confidential",
            "period": "10", "copyCount": count, "departmentID": self.unit["id"], "scopeDepartments": [self.unit["id"]],
            "classifierID": self.people[classifier], "classificationBasis": "第1条"})
        copies = [copy["id"] for copy in carrier["copies"]]
        for copy in copies:
            expect(self.server, "POST", f"/api/v1/copies/{copy}/steps", office,
                   {"action": "place", "placeID": self.safe["id"]})
        return copies


def race(*calls):
    """Runs the calls at the same instant (a barrier releases them together) and returns their answers in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@needs_postgres
def test_c4_two_servers_one_copy_exactly_one_borrowing_wins():
    with two_servers() as (first, second, _):
        world = World(first, (("t_office", "securityOffice"), ("t_alpha", "staff"), ("t_beta", "staff")))
        expect(first, "PUT", f"/api/v1/people/{world.people['t_office']}/classifier", world.secadmin,
               {"classifierMaxLevel": "topSecret"})
        # Each borrower signs in on their own server.
        office, alpha, beta = first.token("t_office"), first.token("t_alpha"), second.token("t_beta")
        due = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).strftime("%Y-%m-%d")
        for round_number in range(ROUNDS):
            copy = world.carrier_with_stored_copies(office, "t_office", 1, f"并发借阅试验{round_number}")[0]
            body = {"kind": "borrow", "copyIDs": [copy], "reason": "阅读",
                    "payload": {"placeID": world.safe["id"], "returnDate": due}}
            results = race(lambda: first.call("POST", "/api/v1/requests", token=alpha, body=body),
                           lambda: second.call("POST", "/api/v1/requests", token=beta, body=body))
            statuses = sorted(status for status, _ in results)
            assert statuses == [201, 409], results
            loser = next(answer for status, answer in results if status == 409)
            assert loser["rule"] == "C4", loser


@pytest.mark.parametrize("backend", BACKENDS)
def test_principle5_approve_and_refuse_at_once_one_decision_per_step(backend):
    """50 borrowings, each decided at the same instant by one officer approving on one server and another refusing
    on the other: each has exactly one decision, the loser a 409 problem+json whose refusal is its only record."""
    with servers(backend) as (first, second, database):
        world = World(first, (("t_office", "securityOffice"), ("t_alpha", "staff"), ("t_officer1", "secrecyOfficer"),
                              ("t_officer2", "secrecyOfficer")))
        expect(first, "PUT", f"/api/v1/people/{world.people['t_office']}/classifier", world.secadmin,
               {"classifierMaxLevel": "topSecret"})
        office, alpha = first.token("t_office"), first.token("t_alpha")
        approver, refuser = first.token("t_officer1"), second.token("t_officer2")
        due = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).strftime("%Y-%m-%d")
        copies = world.carrier_with_stored_copies(office, "t_office", PAIRS, "并发审批试验")
        requests = [expect(first, "POST", "/api/v1/requests", alpha,
                           {"kind": "borrow", "copyIDs": [copy], "reason": "阅读",
                            "payload": {"placeID": world.safe["id"], "returnDate": due}})["id"] for copy in copies]
        winners = {}
        for request in requests:
            path = f"/api/v1/requests/{request}/decision"
            approved, refused = race(
                lambda: first.call("POST", path, token=approver, body={"verdict": "approve", "comment": "同意"}),
                lambda: second.call("POST", path, token=refuser, body={"verdict": "refuse", "comment": "不同意"}))
            statuses = sorted((approved[0], refused[0]))
            assert statuses == [200, 409], (approved, refused)
            loser = approved if approved[0] == 409 else refused
            assert loser[1]["status"] == 409 and loser[1]["type"] == "/problems/conflict", loser
            assert loser[1]["rule"] == "A6", loser
            winners[request] = "approve" if approved[0] == 200 else "refuse"
        # Not just the answers: the database holds one decision per request, and the audit trail one decision and
        # one refusal each.
        for request, verdict in winners.items():
            decisions = database.rows("SELECT decision FROM request_steps WHERE request_id = ?", request.upper())
            assert decisions == [(verdict,)], (request, decisions)
            state = database.rows("SELECT state FROM requests WHERE id = ?", request.upper())[0][0]
            assert state == ("approved" if verdict == "approve" else "refused")
            outcomes = sorted(row[0] for row in database.rows(
                "SELECT outcome FROM audit_records WHERE action = 'request.decide' AND object_id = ?", request.upper()))
            assert outcomes == ["refused", "success"], (request, outcomes)


@pytest.mark.parametrize("backend", BACKENDS)
def test_s3_parallel_wrong_passwords_get_at_most_five_checks_then_the_right_one_is_locked_out(backend):
    """30 wrong passwords at once, spread over both servers, then the right one: refused, the account locked; of the
    31 attempts, all audited, at most 5 reached the password check."""
    with servers(backend) as (first, second, database):
        world = World(first, (("t_staff", "staff"),))
        first.token("t_staff")  # sets the password to CHANGED; the account starts with no failures
        account = world.accounts["t_staff"].upper()
        before = database.count(
            "SELECT COUNT(*) FROM audit_records WHERE action = 'auth.signIn' AND object_id = ?", account)
        servers_in_turn = [first if index % 2 == 0 else second for index in range(PARALLEL_SIGN_INS)]
        answers = race(*[
            (lambda server=server, index=index: server.call(
                "POST", "/api/v1/auth/login", body={"username": "t_staff", "password": f"Wrong-Pass-{index:04}"}))
            for index, server in enumerate(servers_in_turn)])
        assert all(status == 401 for status, _ in answers), answers
        status, answer = second.call("POST", "/api/v1/auth/login", body={"username": "t_staff", "password": CHANGED})
        assert status == 401, answer
        assert answer["rule"] == "S3" and "锁定" in answer["zh"], answer
        status, _ = first.call("POST", "/api/v1/auth/login", body={"username": "t_staff", "password": CHANGED})
        assert status == 401
        records = database.rows(
            "SELECT outcome, details FROM audit_records WHERE action = 'auth.signIn' AND object_id = ? "
            "ORDER BY leaf_index", account)[before:]
        assert len(records) == PARALLEL_SIGN_INS + 2, records
        assert all(outcome == "failure" for outcome, _ in records)
        reasons = [json.loads(details)["reason"] for _, details in records]
        assert reasons.count("wrong password") <= LOCKOUT_THRESHOLD, reasons
        assert reasons.count("wrong password") + reasons.count("locked") == len(reasons), reasons
        assert database.count(
            "SELECT COUNT(*) FROM audit_records WHERE action = 'account.lock' AND object_id = ?", account) == 1
        assert database.rows("SELECT locked_at IS NOT NULL FROM accounts WHERE id = ?", account)[0][0] in ("t", "1")


@needs_postgres
def test_remind_two_servers_run_the_compliance_engine_without_a_duplicate_key():
    """Both servers check every second and after each change; the findings they both see are stored once, and
    neither logs a failed run."""
    with two_servers({"BAOMI_COMPLIANCE_INTERVAL": "1"}) as (first, second, database):
        sysadmin = {server: server.token("sysadmin") for server in (first, second)}
        root = expect(first, "POST", "/api/v1/org-units", sysadmin[first],
                      {"name": "某所", "code": "R-ROOT", "kind": "unit"})
        # Departments without a secrecy officer (T4): each a finding both servers see, created on both in turn.
        for index in range(24):
            server = first if index % 2 == 0 else second
            expect(server, "POST", "/api/v1/org-units", sysadmin[server],
                   {"name": f"部门{index}", "code": f"R-D{index:02}", "kind": "department", "parentID": root["id"]})
        deadline = datetime.now() + timedelta(seconds=30)
        while datetime.now() < deadline and database.count(
                "SELECT COUNT(*) FROM findings WHERE is_open AND \"check\" = 'departmentWithoutOfficer'") < 24:
            threading.Event().wait(0.5)
        threading.Event().wait(3)  # a few more periodic runs on both
        assert database.count(
            "SELECT COUNT(*) FROM findings WHERE \"check\" = 'departmentWithoutOfficer'") == 24
    logs = first.read_output() + second.read_output()
    assert "duplicate key" not in logs, logs[-4000:]
    assert "compliance check failed" not in logs and "compliance re-check failed" not in logs, logs[-4000:]
