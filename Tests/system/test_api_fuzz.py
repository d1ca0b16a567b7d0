"""Schemathesis against the running server's own /openapi.json (DESIGN "Tests"): nothing a client sends may cause
a 500 (S4), whichever of the three administrators sends it."""
import shutil
import subprocess

import pytest

from conftest import Server


@pytest.mark.skipif(shutil.which("st") is None, reason="schemathesis is not installed (.ci/run installs it)")
def test_s4_no_generated_request_causes_a_server_error(data_dir):
    server = Server(data_dir).start()
    try:
        tokens = {username: server.token(username) for username in ("sysadmin", "secadmin", "auditor")}
        # a 保密办 account too, so the carrier and request operations are exercised, not only refused
        status, account = server.call("POST", "/api/v1/accounts", token=tokens["sysadmin"],
                                      body={"username": "fuzz.bmb", "password": "Initial-Pass-2026"})
        assert status == 201, account
        status, _ = server.call("PUT", f"/api/v1/accounts/{account['id']}/roles", token=tokens["secadmin"],
                                body={"roles": ["securityOffice"]})
        assert status == 200
        tokens["fuzz.bmb"] = server.token("fuzz.bmb")
        for username, token in tokens.items():
            result = subprocess.run(
                ["st", "run", server.base + "/openapi.json", "-H", f"Authorization: Bearer {token}",
                 "--checks", "not_a_server_error", "--max-examples", "25",
                 "--exclude-path-regex", "auth/(logout|password)", "--seed", "20261129"],
                capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, f"{username}:\n{result.stdout[-4000:]}"
            assert " passed" in result.stdout
    finally:
        server.stop()
    assert "Unhandled error" not in server.read_output()
