"""Running Baomi for years (#17): structured logs with a request id on every line and answer, never a password,
token or carrier title in them; a clean stop on SIGTERM."""
import json
import signal
import urllib.parse

from conftest import Server, run_cli


def test_json_logs_carry_the_request_id_and_no_secrets(data_dir):
    server = Server(data_dir, env_extra={"BAOMI_LOG_FORMAT": "json"}).start()
    try:
        token = server.token("sysadmin")
        secret_title = "绝密日志探针方案"
        status, _ = server.call("GET", "/api/v1/org-units?q=" + urllib.parse.quote(secret_title), token=token)
        assert status in (200, 400)
        status, problem = server.call("GET", "/api/v1/org-units/not-a-uuid", token=token)
        assert status in (400, 404) and problem["requestID"]
    finally:
        server.stop()
    lines = [line for line in server.read_output().splitlines() if line.startswith("{")]
    entries = [json.loads(line) for line in lines]
    assert entries, server.read_output()
    requests = [entry for entry in entries if entry.get("message") == "request"]
    assert requests, lines
    for entry in requests:
        assert entry["requestID"] and entry["route"].startswith("/") and entry["status"] and entry["durationMs"]
        assert "?" not in entry["route"]
    # The problem's request id is a logged request's.
    assert problem["requestID"] in {entry["requestID"] for entry in requests}
    assert any(entry["account"] == "sysadmin" for entry in requests)
    text = "\n".join(lines)
    for secret in ("Initial-Pass-2026", "Changed-Pass-2026!", token, "绝密日志探针方案"):
        assert secret not in text, secret


def test_sigterm_stops_cleanly_signs_a_last_checkpoint_and_the_log_verifies(data_dir):
    server = Server(data_dir).start()
    token = server.token("sysadmin")
    status, _ = server.call("POST", "/api/v1/org-units", token=token,
                            body={"name": "停止前单位", "code": "STOP-1", "kind": "unit"})
    assert status == 201
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0, server.read_output()
    result = run_cli("audit", "verify", "--data-dir", data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
