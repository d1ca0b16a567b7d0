"""Browser tests for Baomi: the real binary on a free port, driven by headless Chromium in Chinese.

Environment:
  BAOMI_BINARY                 the server binary (default $HOME/.cache/baomi-build/debug/baomi)
  BAOMI_SCREENSHOTS            folder for screenshots of key pages (default: a new temp folder, printed at the end)
  BAOMI_BROWSER_DATABASE_URL   run against this (empty!) PostgreSQL database instead of SQLite in a temp folder
  BAOMI_BROWSER_KEEP_DATA      set to keep the temp data folder (and the server log) after the run
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from browser_helpers import INITIAL_PASSWORD, WINDOW, screenshot_dir


# MARK: the server


@dataclass
class BaomiServer:
    base: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen
    # Current password of each account, kept up to date by the tests that change them.
    passwords: dict[str, str] = field(default_factory=dict)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binary() -> Path:
    default = Path.home() / ".cache" / "baomi-build" / "debug" / "baomi"
    path = Path(os.environ.get("BAOMI_BINARY") or default)
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.exit(f"Baomi binary not found or not executable: {path} (set BAOMI_BINARY)", returncode=2)
    return path


def _wait_ready(base: str, process: subprocess.Popen, log_path: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"baomi exited with status {process.returncode} before it was ready:\n"
                + log_path.read_text(encoding="utf-8", errors="replace")[-4000:])
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
                last = f"status {response.status}"
        except urllib.error.HTTPError as error:
            last = f"status {error.code}"
        except OSError as error:
            last = str(error)
        time.sleep(0.25)
    raise RuntimeError(f"baomi not ready after {timeout} s ({last}):\n"
                       + log_path.read_text(encoding="utf-8", errors="replace")[-4000:])


@contextlib.contextmanager
def run_server(prefix: str, database_variable: str, label: str = ""):
    """Starts the real binary on a free port with a fresh data folder, and stops it and removes the folder after.
    The database is only the one named by DATABASE_VARIABLE: an inherited DATABASE_URL must not point the tests at
    real data."""
    binary = _binary()
    port = _free_port()
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    log_path = data_dir / "server.log"
    env = dict(os.environ)
    env["BAOMI_INITIAL_PASSWORD"] = INITIAL_PASSWORD
    env.pop("DATABASE_URL", None)
    env.pop("BAOMI_DATA_DIR", None)
    if os.environ.get(database_variable):
        env["DATABASE_URL"] = os.environ[database_variable]
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [str(binary), "serve", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=data_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    server = BaomiServer(base=base, data_dir=data_dir, log_path=log_path, process=process,
                         passwords={"sysadmin": INITIAL_PASSWORD, "secadmin": INITIAL_PASSWORD,
                                    "auditor": INITIAL_PASSWORD})
    try:
        _wait_ready(base, process, log_path)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log.close()
        if os.environ.get("BAOMI_BROWSER_KEEP_DATA"):
            print(f"\nbaomi data folder kept{label}: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def baomi_server():
    with run_server("baomi-browser-", "BAOMI_BROWSER_DATABASE_URL") as server:
        yield server


@pytest.fixture(scope="session")
def base(baomi_server: BaomiServer) -> str:
    return baomi_server.base


# MARK: the browser


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("BAOMI_CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     f"--window-size={WINDOW[0]},{WINDOW[1]}", "--lang=zh-CN"):
        options.add_argument(argument)
    # --lang alone does not always reach Accept-Language in headless mode; the pages pick the language from it.
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    service = Service(executable_path=os.environ.get("BAOMI_CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


# MARK: reporting


def pytest_terminal_summary(terminalreporter):
    folder = screenshot_dir(create=False)
    if folder is not None:
        shots = sorted(p.name for p in folder.glob("*.png"))
        terminalreporter.write_line(f"screenshots ({len(shots)}) in {folder}")
