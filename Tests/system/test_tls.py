"""HTTPS served by Baomi itself (S3, #17): --tls-cert/--tls-key with an internal CA's certificate, Secure cookies and
HSTS with it, the optional redirect of plain HTTP, and a clear refusal of a key that is not the certificate's."""
import os
import shutil
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

from conftest import BINARY, INITIAL, free_port, run_cli

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a test certificate")


def certificate(folder, name="server"):
    key, cert = os.path.join(folder, f"{name}.key"), os.path.join(folder, f"{name}.crt")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True)
    return cert, key


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_s3_https_with_secure_cookies_hsts_and_the_http_redirect(data_dir):
    cert, key = certificate(data_dir)
    port, redirect = free_port(), free_port()
    env = dict(os.environ, BAOMI_INITIAL_PASSWORD=INITIAL)
    env.pop("DATABASE_URL", None)
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [BINARY, "serve", "--data-dir", os.path.join(data_dir, "data"), "--port", str(port), "--tls-cert", cert,
             "--tls-key", key, "--redirect-http-port", str(redirect)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            context = ssl.create_default_context(cafile=cert)
            for _ in range(300):
                try:
                    with urllib.request.urlopen(f"https://127.0.0.1:{port}/readyz", context=context, timeout=2):
                        break
                except OSError:
                    if server.poll() is not None:
                        log.seek(0)
                        raise AssertionError(log.read().decode())
                    time.sleep(0.2)
            with urllib.request.urlopen(f"https://127.0.0.1:{port}/login", context=context, timeout=10) as reply:
                assert reply.status == 200
                assert reply.headers["Strict-Transport-Security"] == "max-age=31536000"
                cookies = reply.headers.get_all("Set-Cookie")
                assert cookies and all("Secure" in cookie for cookie in cookies), cookies
            # Plain HTTP on the redirect port leads to the same path over HTTPS.
            opener = urllib.request.build_opener(NoRedirect)
            try:
                opener.open(f"http://127.0.0.1:{redirect}/carriers?level=secret", timeout=10)
                raise AssertionError("no redirect")
            except urllib.error.HTTPError as error:
                assert error.code == 301
                assert error.headers["Location"] == f"https://127.0.0.1:{port}/carriers?level=secret"
            # The TLS port does not answer in clear.
            with pytest.raises(Exception):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5)
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_s3_a_key_that_is_not_the_certificates_stops_the_start(data_dir):
    cert, _ = certificate(data_dir, "one")
    _, other_key = certificate(data_dir, "two")
    result = subprocess.run(
        [BINARY, "serve", "--data-dir", os.path.join(data_dir, "data"), "--port", str(free_port()),
         "--tls-cert", cert, "--tls-key", other_key], capture_output=True, text=True, timeout=60,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"})
    assert result.returncode != 0
    assert "私钥与证书不匹配" in result.stdout + result.stderr, result.stdout + result.stderr
    half = run_cli("serve", "--data-dir", os.path.join(data_dir, "data2"), "--tls-cert", cert)
    assert half.returncode != 0 and "--tls-key" in half.stdout + half.stderr
