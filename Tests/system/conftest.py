"""Helpers for the command-line system tests: start the real `baomi` binary, talk to its API."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import sys
import urllib.error
import urllib.request

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import baomi_totp  # noqa: E402

BINARY = os.environ.get("BAOMI_BINARY", os.path.expanduser("~/.cache/baomi-build/debug/baomi"))
INITIAL = "Initial-Pass-2026"
CHANGED = "Changed-Pass-2026!"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir, env_extra=None, initial_password=INITIAL):
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        self.env.pop("DATABASE_URL", None)
        if initial_password:
            self.env["BAOMI_INITIAL_PASSWORD"] = initial_password
        else:
            self.env.pop("BAOMI_INITIAL_PASSWORD", None)
        self.env.update(env_extra or {})
        self.process = None
        self.output = ""

    def start(self):
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", str(self.port), "--data-dir", self.data_dir],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited: " + self.read_output())
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=2) as reply:
                    if reply.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise RuntimeError("server did not become ready: " + self.read_output())

    def read_output(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()

    def call(self, method, path, token=None, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                text = reply.read().decode()
                return reply.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, (json.loads(text) if text else None)

    @property
    def realm(self):
        """Where the accounts live: servers sharing one PostgreSQL share their administrators' second factors."""
        return self.env.get("DATABASE_URL") or self.data_dir

    def token(self, username, password=INITIAL, new_password=CHANGED):
        def login(secret):
            credentials = {"username": username, "password": secret}
            code = baomi_totp.fresh_code(self.realm, username)
            if code:
                credentials["totp"] = code
            return self.call("POST", "/api/v1/auth/login", body=credentials)

        status, body = login(password)
        if status != 200:
            status, body = login(new_password)
        assert status == 200, body
        if body["mustChangePassword"]:
            status, _ = self.call("POST", "/api/v1/auth/password", token=body["token"],
                                  body={"currentPassword": password, "newPassword": new_password})
            assert status == 204
        if body.get("totpEnrolmentRequired"):
            self.enrol_totp(username, body["token"])
        return body["token"]

    def enrol_totp(self, username, token):
        """The administrators' second factor, mandatory by default (S3), enrolled as an integrator would."""
        status, enrolment = self.call("POST", "/api/v1/me/totp", token=token)
        assert status == 200, enrolment
        now = int(time.time()) // 30
        status, answer = self.call("POST", "/api/v1/me/totp/confirm", token=token,
                                   body={"code": baomi_totp.code(enrolment["secret"], now)})
        assert status == 204, answer
        baomi_totp.remember(self.realm, username, enrolment["secret"])


def earn_pre_post(server, people, trainer="trainer"):
    """The people sit a pre-post session today, recorded by a 保密办 account made once per installation, so that the
    security administrator may then give them a secret post (E6.6(3), A4)."""
    sysadmin, secadmin = server.token("sysadmin"), server.token("secadmin")
    status, accounts = server.call("GET", "/api/v1/accounts", token=sysadmin)
    assert status == 200, accounts
    if not any(account["username"] == trainer for account in accounts):
        status, account = server.call("POST", "/api/v1/accounts", token=sysadmin,
                                      body={"username": trainer, "password": INITIAL})
        assert status == 201, account
        status, body = server.call("PUT", f"/api/v1/accounts/{account['id']}/roles", token=secadmin,
                                   body={"roles": ["securityOffice"]})
        assert status == 200, body
    office = server.token(trainer)
    status, session = server.call("POST", "/api/v1/training/sessions", token=office, body={
        "title": "上岗前保密专项培训", "form": "lecture", "purpose": "prePost",
        "heldOn": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600)), "place": "第一会议室",
        "trainer": "保密办", "areas": ["law", "basics"], "hours": 2, "attendees": list(people)})
    assert status == 201, session
    return session


def sign_agreements(server, people, office="trainer"):
    """The people sign, and the unit seals, the agreements a secret post needs (T8; L1.1 for leaders), recorded by
    the 保密办 account earn_pre_post made, so that the security administrator may then give them a post (A4)."""
    token = server.token(office)
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    for person in people:
        status, held = server.call("GET", f"/api/v1/people/{person}/agreements", token=token)
        assert status == 200, held
        status, details = server.call("GET", f"/api/v1/people/{person}", token=token)
        assert status == 200, details
        kinds = ["ipProtection"] + (["commitment"] if details.get("isLeader") else [])
        for kind in kinds:
            if any(a["kind"] == kind and a["state"] == "inForce" for a in held):
                continue
            status, agreement = server.call("POST", f"/api/v1/people/{person}/agreements", token=token,
                                            body={"kind": kind})
            assert status == 201, agreement
            for step in ("signByPerson", "signByUnit"):
                status, body = server.call("POST", f"/api/v1/agreements/{agreement['id']}/steps", token=token,
                                           body={"step": step, "on": today})
                assert status == 200, body


def prepare_for_post(server, people, trainer="trainer"):
    """What precedes a secret post (A4): the pre-post training (E6.6(3)) and the agreements (T8, L1.1)."""
    session = earn_pre_post(server, people, trainer)
    sign_agreements(server, people, trainer)
    return session


def run_cli(*arguments, env_extra=None):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(env_extra or {})
    return subprocess.run([BINARY, *arguments], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def data_dir():
    with tempfile.TemporaryDirectory(prefix="baomi-system-") as folder:
        yield folder
