"""Running Baomi for years (#17): structured logs with a request id on every line and answer, never a password,
token or carrier title in them; a clean stop on SIGTERM."""
import json
import signal
import socket
import time
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


def test_sigterm_finishes_a_request_in_flight_and_takes_no_new_connection(data_dir):
    """A request whose headers arrived before the stop is answered and its write kept; a connection opened after
    the stop is refused; the stop then completes within the grace period."""
    server = Server(data_dir).start()
    token = server.token("sysadmin")
    body = json.dumps({"name": "停止时在途单位", "code": "STOP-2", "kind": "unit"}, ensure_ascii=False).encode()
    head = (f"POST /api/v1/org-units HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    in_flight = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    in_flight.sendall(head.encode() + body[:10])
    time.sleep(0.5)
    server.process.send_signal(signal.SIGTERM)
    time.sleep(1.0)
    refused = False
    try:
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    except OSError:
        refused = True
    assert refused, "a new connection was accepted after SIGTERM"
    in_flight.sendall(body[10:])
    answer = b""
    while chunk := in_flight.recv(65536):
        answer += chunk
    in_flight.close()
    assert answer.startswith(b"HTTP/1.1 201"), answer[:200]
    assert server.process.wait(timeout=30) == 0, server.read_output()
    assert run_cli("audit", "verify", "--data-dir", data_dir).returncode == 0
    restarted = Server(data_dir).start()
    try:
        status, units = restarted.call("GET", "/api/v1/org-units", token=restarted.token("sysadmin"))
        assert status == 200 and any(unit["code"] == "STOP-2" for unit in units), units
    finally:
        restarted.stop()
