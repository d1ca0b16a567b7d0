"""Two Baomi servers on one PostgreSQL database: of two simultaneous requests to borrow the same copy, sent to
different servers, exactly one wins (C4: a copy is never lent twice)."""
import os
import subprocess
import tempfile
import threading
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import Server

pytestmark = pytest.mark.skipif(
    not os.environ.get("BAOMI_SYSTEM_DATABASE_URL"), reason="needs BAOMI_SYSTEM_DATABASE_URL (CI starts PostgreSQL)")

ROUNDS = 8


def expect(server, method, path, token, body=None, statuses=(200, 201, 204)):
    status, answer = server.call(method, path, token=token, body=body)
    assert status in statuses, f"{method} {path} → {status}: {answer}"
    return answer


def test_c4_two_servers_one_copy_exactly_one_borrowing_wins():
    admin_url = os.environ["BAOMI_SYSTEM_DATABASE_URL"]
    name = "baomi_two_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    first_dir, second_dir = tempfile.mkdtemp(prefix="baomi-two-a-"), tempfile.mkdtemp(prefix="baomi-two-b-")
    first = second = None
    try:
        # The second server starts once the first has migrated the database.
        first = Server(first_dir, env_extra={"DATABASE_URL": url}).start()
        second = Server(second_dir, env_extra={"DATABASE_URL": url}).start()
        sysadmin, secadmin = first.token("sysadmin"), first.token("secadmin")
        root = expect(first, "POST", "/api/v1/org-units", sysadmin, {"name": "某所", "code": "T-ROOT", "kind": "unit"})
        unit = expect(first, "POST", "/api/v1/org-units", sysadmin,
                      {"name": "总体部", "code": "T-DEPT", "kind": "department", "parentID": root["id"]})
        tokens = {}
        people = {}
        for user, role in (("t_office", "securityOffice"), ("t_alpha", "staff"), ("t_beta", "staff")):
            person = expect(first, "POST", "/api/v1/people", sysadmin,
                            {"name": user, "employeeNumber": user, "departmentID": unit["id"]})
            account = expect(first, "POST", "/api/v1/accounts", sysadmin,
                             {"username": user, "personID": person["id"], "password": "Initial-Pass-2026"})
            expect(first, "PUT", f"/api/v1/accounts/{account['id']}/roles", secadmin, {"roles": [role]})
            expect(first, "PUT", f"/api/v1/people/{person['id']}/clearance", secadmin,
                   {"postClass": "core", "compartments": [], "groups": [], "separationUntil": None,
                    "reason": "上岗"})
            people[user] = person["id"]
        expect(first, "PUT", f"/api/v1/people/{people['t_office']}/classifier", secadmin,
               {"classifierMaxLevel": "topSecret"})
        # Each borrower signs in on their own server.
        tokens["t_office"] = first.token("t_office")
        tokens["t_alpha"] = first.token("t_alpha")
        tokens["t_beta"] = second.token("t_beta")
        office = tokens["t_office"]
        safe = expect(first, "POST", "/api/v1/storage-places", office,
                      {"code": "T-S1", "name": "保险柜", "kind": "safe", "maxLevel": "topSecret",
                       "departmentID": unit["id"]})
        due = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).strftime("%Y-%m-%d")
        for round_number in range(ROUNDS):
            carrier = expect(first, "POST", "/api/v1/carriers", office, {
                "title": f"并发借阅试验{round_number}", "documentNumber": f"T{round_number}", "category": "data",
                "form": "paper", "level": "confidential", "period": "10", "copyCount": 1,
                "departmentID": unit["id"], "scopeDepartments": [unit["id"]], "classifierID": people["t_office"],
                "classificationBasis": "第1条"})
            copy = carrier["copies"][0]["id"]
            expect(first, "POST", f"/api/v1/copies/{copy}/steps", office, {"action": "place", "placeID": safe["id"]})
            barrier = threading.Barrier(2)
            results = {}

            def borrow(server, user):
                body = {"kind": "borrow", "copyIDs": [copy], "reason": "阅读",
                        "payload": {"placeID": safe["id"], "returnDate": due}}
                barrier.wait()
                results[user] = server.call("POST", "/api/v1/requests", token=tokens[user], body=body)

            threads = [threading.Thread(target=borrow, args=(first, "t_alpha")),
                       threading.Thread(target=borrow, args=(second, "t_beta"))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            statuses = sorted(status for status, _ in results.values())
            assert statuses == [201, 409], results
            loser = next(answer for status, answer in results.values() if status == 409)
            assert loser["rule"] == "C4", loser
    finally:
        for server in (first, second):
            if server:
                server.stop()
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)
