"""Browser tests for Baomi: the real binary on a free port, driven by headless Chromium in Chinese.

Environment:
  BAOMI_BINARY                 the server binary (default $HOME/.cache/baomi-build/debug/baomi)
  BAOMI_SCREENSHOTS            folder for screenshots of key pages (default: a new temp folder, printed at the end)
  BAOMI_BROWSER_DATABASE_URL   run against this (empty!) PostgreSQL database instead of SQLite in a temp folder
  BAOMI_BROWSER_KEEP_DATA      set to keep the temp data folder (and the server log) after the run
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

INITIAL_PASSWORD = "Initial-Pass-2026"
# The policy refuses a password that contains the user name (S3), so the new passwords avoid "sysadmin"/"auditor".
SYSADMIN_PASSWORD = "Sys-Admin-New-2026!"
AUDITOR_PASSWORD = "Audit-0r-New-2026!"

WINDOW = (1400, 1000)
TIMEOUT = 15


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


@pytest.fixture(scope="session")
def baomi_server():
    binary = _binary()
    port = _free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="baomi-browser-"))
    log_path = data_dir / "server.log"
    env = dict(os.environ)
    env["BAOMI_INITIAL_PASSWORD"] = INITIAL_PASSWORD
    # Only the database the tests were told to use: an inherited DATABASE_URL must not point them at real data.
    env.pop("DATABASE_URL", None)
    env.pop("BAOMI_DATA_DIR", None)
    if os.environ.get("BAOMI_BROWSER_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BAOMI_BROWSER_DATABASE_URL"]
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
            print(f"\nbaomi data folder kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


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


# MARK: screenshots


_SCREENSHOT_DIR: Path | None = None


def screenshot_dir() -> Path:
    global _SCREENSHOT_DIR
    if _SCREENSHOT_DIR is None:
        configured = os.environ.get("BAOMI_SCREENSHOTS")
        _SCREENSHOT_DIR = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="baomi-screens-"))
        _SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return _SCREENSHOT_DIR


def screenshot(driver: WebDriver, name: str) -> Path:
    """Saves the whole page (not just the window) as NAME.png, for a human to look at."""
    path = screenshot_dir() / f"{name}.png"
    height = driver.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(WINDOW[0], max(WINDOW[1], min(int(height) + 140, 6000)))
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(*WINDOW)
    return path


def pytest_terminal_summary(terminalreporter):
    if _SCREENSHOT_DIR is not None:
        shots = sorted(p.name for p in _SCREENSHOT_DIR.glob("*.png"))
        terminalreporter.write_line(f"screenshots ({len(shots)}) in {_SCREENSHOT_DIR}")


# MARK: helpers


def path_of(driver: WebDriver) -> str:
    return urllib.parse.urlsplit(driver.current_url).path


def wait_for_path(driver: WebDriver, path: str, timeout: float = TIMEOUT) -> None:
    try:
        WebDriverWait(driver, timeout).until(lambda d: path_of(d) == path)
    except TimeoutException:
        raise AssertionError(f"expected to be on {path}, but on {driver.current_url}: {heading(driver)!r}") from None


def click_and_wait(driver: WebDriver, element: WebElement, timeout: float = TIMEOUT) -> None:
    """Clicks something that loads a new page and waits until the old page is gone and the new one is loaded."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, timeout).until(EC.staleness_of(old))
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def submit_form(driver: WebDriver, form_id: str) -> None:
    """Presses the form's primary (submit) button, as a user would."""
    button = driver.find_element(By.CSS_SELECTOR, f"form#{form_id} button[type=submit]")
    click_and_wait(driver, button)


def fill(driver: WebDriver, name: str, value: str, form_id: str | None = None) -> None:
    scope = f"form#{form_id} " if form_id else ""
    element = driver.find_element(By.CSS_SELECTOR, f"{scope}[name='{name}']")
    element.clear()
    element.send_keys(value)


def choose(driver: WebDriver, name: str, visible_text: str, form_id: str | None = None) -> None:
    scope = f"form#{form_id} " if form_id else ""
    Select(driver.find_element(By.CSS_SELECTOR, f"{scope}select[name='{name}']")).select_by_visible_text(visible_text)


def open_page(driver: WebDriver, base: str, path: str) -> None:
    driver.get(base + path)
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.execute_script("return document.readyState") == "complete")


def heading(driver: WebDriver) -> str:
    found = driver.find_elements(By.CSS_SELECTOR, "main h1")
    return found[0].text.strip() if found else ""


def nav_labels(driver: WebDriver) -> list[str]:
    return [a.text.strip() for a in driver.find_elements(By.CSS_SELECTOR, "nav.sidenav a")]


def nav_link(driver: WebDriver, label: str) -> WebElement:
    for link in driver.find_elements(By.CSS_SELECTOR, "nav.sidenav a"):
        if link.text.strip() == label:
            return link
    raise AssertionError(f"no navigation entry {label!r}; the menu has {nav_labels(driver)}")


def field_errors(driver: WebDriver) -> dict[str, str]:
    """The error shown next to each field, by field name."""
    errors = {}
    for box in driver.find_elements(By.CSS_SELECTOR, ".field.has-error, .check"):
        messages = [e.text.strip() for e in box.find_elements(By.CSS_SELECTOR, ".field-error")]
        if not messages:
            continue
        controls = box.find_elements(By.CSS_SELECTOR, "input[name], select[name]")
        name = controls[0].get_attribute("name") if controls else "?"
        errors[name] = " ".join(messages)
    return errors


def table_rows(driver: WebDriver, css: str = "table.ledger") -> list[list[str]]:
    rows = []
    for tr in driver.find_elements(By.CSS_SELECTOR, f"{css} tbody tr"):
        rows.append([td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")])
    return rows


def sign_in(driver: WebDriver, base: str, user: str, password: str, totp: str | None = None) -> None:
    """Signs in through the sign-in page; after it the browser is wherever the server sent it."""
    driver.delete_all_cookies()
    open_page(driver, base, "/login")
    wait_for_path(driver, "/login")
    fill(driver, "username", user, form_id="login-form")
    fill(driver, "password", password, form_id="login-form")
    if totp is not None:
        fill(driver, "totp", totp, form_id="login-form")
    submit_form(driver, "login-form")


def sign_out(driver: WebDriver) -> None:
    """Presses 退出 / Sign out in the top bar."""
    button = driver.find_element(By.CSS_SELECTOR, "header.topbar form[action='/logout'] button")
    click_and_wait(driver, button)


def change_password(driver: WebDriver, current: str, new: str, confirm: str | None = None) -> None:
    fill(driver, "currentPassword", current, form_id="password-form")
    fill(driver, "newPassword", new, form_id="password-form")
    fill(driver, "confirmPassword", new if confirm is None else confirm, form_id="password-form")
    submit_form(driver, "password-form")


def switch_language(driver: WebDriver) -> None:
    click_and_wait(driver, driver.find_element(By.ID, "switch-language"))

