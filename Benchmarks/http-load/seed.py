#!/usr/bin/env python3
"""Seeds a fresh Baomi server for the borrow+return load: one department, a security office keeper, a secrecy
officer who approves, a staff borrower, a safe, carriers of 500 copies each (秘密, scoped to the department), every
copy placed in the safe, and one approved borrowing per copy, ready to be handed over (issue) and returned.

Writes the keeper's and the borrower's bearer tokens and the request ids to --out, one per line (tokens first),
for pairs.lua. With --refresh, only signs the two in again and replaces the tokens in --out (a seeded copy outlives
its sessions' idle timeout). Standard library only; requests run on a few threads with a kept-alive connection
each."""
import argparse
import concurrent.futures
import http.client
import json
import sys
import threading
import time
from datetime import datetime, timedelta
from urllib.parse import urlparse

INITIAL = "Initial-Pass-2026"
CHANGED = "Changed-Pass-2026!"
COPIES_PER_CARRIER = 500  # CarrierDraft.maximumCopies

local = threading.local()


def call(base, method, path, token=None, body=None):
    if getattr(local, "connection", None) is None:
        url = urlparse(base)
        local.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None if body is None else json.dumps(body).encode()
    for attempt in range(2):
        try:
            local.connection.request(method, path, body=data, headers=headers)
            reply = local.connection.getresponse()
            text = reply.read().decode()
            return reply.status, (json.loads(text) if text else None)
        except (http.client.HTTPException, ConnectionError):
            local.connection.close()
            if attempt:
                raise


def expect(base, method, path, token=None, body=None):
    status, answer = call(base, method, path, token, body)
    if status not in (200, 201, 204):
        sys.exit(f"{method} {path} → {status}: {answer}")
    return answer


def sign_in(base, username):
    status, body = call(base, "POST", "/api/v1/auth/login", body={"username": username, "password": INITIAL})
    if status != 200:
        status, body = call(base, "POST", "/api/v1/auth/login", body={"username": username, "password": CHANGED})
    if status != 200:
        sys.exit(f"sign-in of {username} → {status}: {body}")
    if body["mustChangePassword"]:
        expect(base, "POST", "/api/v1/auth/password", body["token"],
               {"currentPassword": INITIAL, "newPassword": CHANGED})
    return body["token"]


def person_with_account(base, tokens, department, username, role, post_class):
    sysadmin, secadmin = tokens
    person = expect(base, "POST", "/api/v1/people", sysadmin,
                    {"name": username + "本人", "employeeNumber": "E-" + username, "departmentID": department})
    expect(base, "PUT", f"/api/v1/people/{person['id']}/clearance", secadmin,
           {"postClass": post_class, "compartments": [], "groups": [], "separationUntil": None,
            "reason": "上岗审批"})
    account = expect(base, "POST", "/api/v1/accounts", sysadmin,
                     {"username": username, "personID": person["id"], "password": INITIAL})
    expect(base, "PUT", f"/api/v1/accounts/{account['id']}/roles", secadmin, {"roles": [role]})
    return person["id"], sign_in(base, username)


def parallel(workers, function, items):
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--requests", type=int, default=0, help="approved borrowings to prepare")
    parser.add_argument("--refresh", action="store_true", help="only renew the two tokens in --out")
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=8)
    options = parser.parse_args()
    base = options.base
    started = time.monotonic()
    if options.refresh:
        with open(options.out) as seeded:
            lines = seeded.read().splitlines()
        with open(options.out, "w") as out:
            out.write("\n".join([sign_in(base, "bmb"), sign_in(base, "qiangc"), *lines[2:]]) + "\n")
        return

    tokens = (sign_in(base, "sysadmin"), sign_in(base, "secadmin"))
    root = expect(base, "POST", "/api/v1/org-units", tokens[0], {"name": "某研究所", "code": "ROOT", "kind": "unit"})
    department = expect(base, "POST", "/api/v1/org-units", tokens[0],
                        {"name": "技术部", "code": "D-TECH", "kind": "department", "parentID": root["id"]})["id"]
    keeper, office = person_with_account(base, tokens, department, "bmb", "securityOffice", "core")
    expect(base, "PUT", f"/api/v1/people/{keeper}/classifier", tokens[1], {"classifierMaxLevel": "topSecret"})
    _, officer = person_with_account(base, tokens, department, "libm", "secrecyOfficer", "core")
    _, borrower = person_with_account(base, tokens, department, "qiangc", "staff", "general")
    safe = expect(base, "POST", "/api/v1/storage-places", office,
                  {"code": "S-1", "name": "一号保险柜", "kind": "safe", "maxLevel": "topSecret",
                   "departmentID": department})["id"]

    counts = []
    remaining = options.requests
    while remaining > 0:
        counts.append(min(remaining, COPIES_PER_CARRIER))
        remaining -= counts[-1]

    def register(numbered):
        number, count = numbered
        carrier = expect(base, "POST", "/api/v1/carriers", office, {
            "title": f"负载试验资料{number}", "documentNumber": f"技字〔2026〕{number}号", "category": "technicalSolution",
            "form": "paper", "level": "confidential", "period": "10", "copyCount": count, "departmentID": department,
            "scopeDepartments": [department], "classifierID": keeper, "classificationBasis": "保密事项范围第3条"})
        return [copy["id"] for copy in carrier["copies"]]

    copies = [copy for batch in parallel(options.workers, register, enumerate(counts)) for copy in batch]
    parallel(options.workers, lambda copy: expect(
        base, "POST", f"/api/v1/copies/{copy}/steps", office, {"action": "place", "placeID": safe}), copies)
    due = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d")

    def borrowing(copy):
        request = expect(base, "POST", "/api/v1/requests", borrower, {
            "kind": "borrow", "copyIDs": [copy], "reason": "编写试验报告",
            "payload": {"placeID": safe, "returnDate": due}})
        decided = expect(base, "POST", f"/api/v1/requests/{request['id']}/decision", officer, {"verdict": "approve"})
        if decided["state"] != "approved":
            sys.exit(f"request {request['id']} is {decided['state']} after one approval")
        return request["id"]

    requests = parallel(options.workers, borrowing, copies)
    with open(options.out, "w") as out:
        out.write("\n".join([office, borrower, *requests]) + "\n")
    print(f"seeded {len(requests)} approved borrowings ({len(copies)} copies in {len(counts)} carriers) "
          f"in {time.monotonic() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
