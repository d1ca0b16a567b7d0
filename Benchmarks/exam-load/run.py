#!/usr/bin/env python3
"""500 people submitting an exam within the same minute (issue #15, E6.2): p99 per submission over HTTP ≤ 100 ms
on SQLite, every one scored and stored durably.

Starts `baomi serve` on a fresh data folder on disk (SQLite, group commit: a submission is answered only once its
transaction is fsynced), seeds through the API a department, the security office and PEOPLE members of staff with
accounts (bcrypt makes this the slow part: minutes), a bank of QUESTIONS questions and an exam of them. Each person
starts an attempt and saves every answer (PUT …/answers/{question}, as the take page's script does); then all of
them submit at once over CONNECTIONS kept-alive connections, and the script prints the submissions' wall time and
latency percentiles (and the answer saves' too), then checks through the results API that every attempt was scored.

    python3 Benchmarks/exam-load/run.py --binary .build/release/baomi          # 500 people, 20 questions
    python3 Benchmarks/exam-load/run.py --binary … --people 500 --spread 60    # at random moments of one minute
    python3 Benchmarks/exam-load/run.py --binary … --people 100 --spread 12    # the same rate, seeded 5× faster

Standard library only. See Benchmarks/README.md, "Exam submissions over HTTP (issue #15)".
"""
import argparse
import base64
import concurrent.futures
import hashlib
import hmac
import http.client
import json
import os
import random
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

INITIAL = "Initial-Pass-2026"
CHANGED = "Changed-Pass-2026!"
local = threading.local()


def call(port, method, path, token=None, body=None):
    if getattr(local, "connection", None) is None:
        local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
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
            local.connection = None
            if attempt:
                raise
            local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)


def expect(port, method, path, token=None, body=None):
    status, answer = call(port, method, path, token, body)
    if status not in (200, 201, 204):
        sys.exit(f"{method} {path} → {status}: {answer}")
    return answer


def totp(secret, at):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def sign_in(port, username):
    """Signs in with the initial password, changes it, and enrols an administrator's second factor (S3)."""
    body = expect(port, "POST", "/api/v1/auth/login", body={"username": username, "password": INITIAL})
    token = body["token"]
    if body["mustChangePassword"]:
        expect(port, "POST", "/api/v1/auth/password", token, {"currentPassword": INITIAL, "newPassword": CHANGED})
    if body.get("totpEnrolmentRequired"):
        secret = expect(port, "POST", "/api/v1/me/totp", token)["secret"]
        expect(port, "POST", "/api/v1/me/totp/confirm", token, {"code": totp(secret, time.time())})
    return token


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(name, seconds):
    ms = [s * 1000 for s in seconds]
    print(f"{name}: n={len(ms)} p50={percentile(ms, 0.5):.1f} ms p90={percentile(ms, 0.9):.1f} ms "
          f"p99={percentile(ms, 0.99):.1f} ms max={max(ms):.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.environ.get("BAOMI_BINARY", ".build/release/baomi"))
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--spread", type=float, default=0,
        help="submit at random moments over this many seconds (open loop; 60 for 500 people is 'within the same "
             "minute'); 0 submits all at once")
    parser.add_argument("--data-parent", default=os.environ.get("DATA_PARENT", tempfile.gettempdir()))
    arguments = parser.parse_args()

    data = tempfile.mkdtemp(prefix="baomi-exam-load.", dir=arguments.data_parent)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(os.path.join(data, "server.log"), "w")
    server = subprocess.Popen(
        [arguments.binary, "serve", "--port", str(port), "--data-dir", data],
        env={**os.environ, "BAOMI_INITIAL_PASSWORD": INITIAL}, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                if call(port, "GET", "/readyz")[0] == 200:
                    break
            except OSError:
                local.connection = None
            time.sleep(0.1)
        run(port, arguments)
    finally:
        server.send_signal(2)
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


def run(port, arguments):
    started = time.time()
    sysadmin, secadmin = sign_in(port, "sysadmin"), sign_in(port, "secadmin")
    root = expect(port, "POST", "/api/v1/org-units", sysadmin, {"name": "压测研究所", "code": "LOAD", "kind": "unit"})
    department = expect(port, "POST", "/api/v1/org-units", sysadmin,
                        {"name": "考试部", "code": "LOAD-D", "kind": "department", "parentID": root["id"]})["id"]

    def account(username, role):
        person = expect(port, "POST", "/api/v1/people", sysadmin,
                        {"name": username, "employeeNumber": "E-" + username, "departmentID": department})
        created = expect(port, "POST", "/api/v1/accounts", sysadmin,
                         {"username": username, "personID": person["id"], "password": INITIAL})
        expect(port, "PUT", f"/api/v1/accounts/{created['id']}/roles", secadmin, {"roles": [role]})
        return sign_in(port, username)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        names = [f"load_staff{n}" for n in range(arguments.people)]
        list(pool.map(lambda name: account(name, "staff"), names))
        # Sessions idle out after 10 minutes (S3) and seeding takes longer: everyone signs in again now.
        staff = list(pool.map(lambda name: expect(port, "POST", "/api/v1/auth/login", body={
            "username": name, "password": CHANGED})["token"], names))
    office = account("load_bmb", "securityOffice")
    questions = []
    for n in range(arguments.questions):
        question = expect(port, "POST", "/api/v1/questions", office, {
            "type": "singleChoice", "stem": f"第{n + 1}题：涉密载体应当存放在？", "options": ["密码保险柜", "办公桌", "窗台", "车内"],
            "correct": [0], "areas": ["basics"], "difficulty": "easy", "explanation": "存放在密码保险柜中。"})
        questions.append(question["id"])
    now = datetime.now(timezone.utc)
    exam = expect(port, "POST", "/api/v1/exams", office, {
        "title": "年度保密知识考试", "purpose": "refresher", "questionIDs": questions, "pointsPerQuestion": 5,
        "timeLimitMinutes": 60, "passMark": arguments.questions * 5 * 6 // 10, "attemptsAllowed": 1,
        "opensAt": (now - timedelta(minutes=1)).isoformat(), "closesAt": (now + timedelta(hours=2)).isoformat()})["id"]
    print(f"seeded {arguments.people} people and {arguments.questions} questions in {time.time() - started:.0f} s")

    saves = []
    saves_lock = threading.Lock()

    def prepare(token):
        attempt = expect(port, "POST", f"/api/v1/exams/{exam}/attempts", token)
        for index, item in enumerate(attempt["items"]):
            # Three answers in four right: 75 %, a pass (so each submission also writes its training credit).
            choice = 0 if index % 4 else 1
            began = time.perf_counter()
            expect(port, "PUT", f"/api/v1/attempts/{attempt['id']}/answers/{item['questionID']}", token,
                   {"selected": [choice]})
            with saves_lock:
                saves.append(time.perf_counter() - began)
        return token, attempt["id"]

    with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.connections) as pool:
        attempts = list(pool.map(prepare, staff))
    report("answer saves", saves)

    start_at = time.perf_counter() + 0.5
    moments = sorted(random.uniform(0, arguments.spread) for _ in attempts) if arguments.spread else [0] * len(attempts)

    def submit(scheduled):
        (token, attempt), moment = scheduled
        delay = start_at + moment - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        began = time.perf_counter()
        answer = expect(port, "POST", f"/api/v1/attempts/{attempt}/submit", token)
        return time.perf_counter() - began, answer["score"]

    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.connections) as pool:
        outcomes = list(pool.map(submit, zip(attempts, moments)))
    wall = time.perf_counter() - began
    print(f"{len(outcomes)} submissions over {arguments.connections} connections in {wall:.2f} s")
    report("submissions", [seconds for seconds, _ in outcomes])
    results = expect(port, "GET", f"/api/v1/exams/{exam}/results", office)
    scored = [result for result in results if result.get("score") is not None]
    assert len(scored) == arguments.people, f"{len(scored)} of {arguments.people} scored"
    print(f"stored and scored: {len(scored)} attempts, {sum(1 for r in scored if r['passed'])} passed")


if __name__ == "__main__":
    main()
