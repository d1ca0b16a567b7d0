"""Helpers for Baomi's browser tests: signing in, filling forms, reading tables, screenshots.

A module of its own (not conftest) so that `from browser_helpers import …` cannot pick up another folder's
conftest when several test folders are collected together.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Callable

from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "support"))
import baomi_totp  # noqa: E402

INITIAL_PASSWORD = "Initial-Pass-2026"
# The policy refuses a password that contains the user name (S3), so the new passwords avoid "sysadmin"/"auditor".
SYSADMIN_PASSWORD = "Sys-Admin-New-2026!"
AUDITOR_PASSWORD = "Audit-0r-New-2026!"

WINDOW = (1400, 1000)
TIMEOUT = 15


# MARK: screenshots


_SCREENSHOT_DIR: Path | None = None


def screenshot_dir(create: bool = True) -> Path | None:
    global _SCREENSHOT_DIR
    if _SCREENSHOT_DIR is None and create:
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


# MARK: helpers


def conftest_module(config):
    """The conftest module of this folder, as pytest loaded it (its server helpers are reused, not copied)."""
    wanted = (Path(__file__).parent / "conftest.py").resolve()
    for plugin in config.pluginmanager.get_plugins():
        location = getattr(plugin, "__file__", None)
        if location and Path(location).resolve() == wanted:
            return plugin
    raise RuntimeError(f"{wanted} is not loaded")


def set_date(driver: WebDriver, name: str, value: str, form_id: str | None = None) -> None:
    """Sets a date input to YYYY-MM-DD (typing into one depends on the browser's locale)."""
    scope = f"form#{form_id} " if form_id else ""
    element = driver.find_element(By.CSS_SELECTOR, f"{scope}input[name='{name}']")
    driver.execute_script("arguments[0].value = arguments[1];", element, value)


def path_of(driver: WebDriver) -> str:
    return urllib.parse.urlsplit(driver.current_url).path


def wait_for_path(driver: WebDriver, path: str, timeout: float = TIMEOUT) -> None:
    try:
        WebDriverWait(driver, timeout).until(lambda d: path_of(d) == path)
    except TimeoutException:
        raise AssertionError(f"expected to be on {path}, but on {driver.current_url}: {heading(driver)!r}") from None


def load_after(driver: WebDriver, action: Callable[[], object], timeout: float = TIMEOUT) -> None:
    """Runs ACTION, which loads a new page, and waits until the new page has replaced the old one and is loaded.

    The old page is marked with a window property the new one lacks. (Selenium's staleness_of is not enough:
    chromedriver sometimes answers a check of an element mid-navigation with "Node with given id does not belong
    to the document" instead of a stale-element error.)
    """
    driver.execute_script("window.__baomiOldPage = true;")
    action()

    def loaded(d: WebDriver) -> bool:
        try:
            return d.execute_script("return window.__baomiOldPage !== true && document.readyState === 'complete'")
        except WebDriverException:
            return False  # between two documents

    try:
        WebDriverWait(driver, timeout).until(loaded)
    except TimeoutException:
        raise AssertionError(f"no new page loaded within {timeout} s; still on {driver.current_url}") from None


def click_and_wait(driver: WebDriver, element: WebElement, timeout: float = TIMEOUT) -> None:
    """Clicks something that loads a new page and waits until the old page is gone and the new one is loaded."""
    load_after(driver, element.click, timeout)


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
    """The table's cells; read again when a navigation still under way (a filter form submitted by its own
    script and by a click) replaced the table while it was being read."""
    for attempt in range(5):
        try:
            WebDriverWait(driver, TIMEOUT).until(
                lambda d: d.execute_script("return document.readyState") == "complete")
            return [[td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")]
                    for tr in driver.find_elements(By.CSS_SELECTOR, f"{css} tbody tr")]
        except StaleElementReferenceException:
            if attempt == 4:
                raise
            time.sleep(0.3)
    return []


def sign_in(driver: WebDriver, base: str, user: str, password: str, totp: str | None = None) -> None:
    """Signs in through the sign-in page; after it the browser is wherever the server sent it. An administrator
    whose second factor a test enrolled gets a fresh code typed in (S3)."""
    driver.delete_all_cookies()
    open_page(driver, base, "/login")
    wait_for_path(driver, "/login")
    fill(driver, "username", user, form_id="login-form")
    fill(driver, "password", password, form_id="login-form")
    code = totp if totp is not None else baomi_totp.fresh_code(base, user)
    if code is not None:
        fill(driver, "totp", code, form_id="login-form")
    submit_form(driver, "login-form")


def enrol_totp_on_page(driver: WebDriver, base: str, user: str) -> None:
    """On 个人设置, where an administrator is sent until enrolled (S3): starts the enrolment, reads the key shown
    beside the QR code, confirms with the current code, and remembers the key for later sign-ins."""
    wait_for_path(driver, "/profile")
    submit_form(driver, "totp-start-form")
    wait_for_path(driver, "/profile")
    secret = driver.find_element(By.ID, "totp-secret").text.strip()
    fill(driver, "code", baomi_totp.code(secret, int(time.time()) // 30), form_id="totp-confirm-form")
    submit_form(driver, "totp-confirm-form")
    wait_for_path(driver, "/profile")
    baomi_totp.remember(base, user, secret)


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



# MARK: the REST API and downloads (setting up what a browser journey is not about)


def api_call(base: str, method: str, path: str, token: str | None = None, body: object | None = None
             ) -> tuple[int, object]:
    """Calls /api/v1/PATH with a JSON body; returns the status and the decoded JSON answer (None when empty)."""
    import json
    import urllib.error
    import urllib.request

    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(f"{base}/api/v1/{path.lstrip('/')}", data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", errors="replace")
        try:
            return error.code, (json.loads(text) if text else None)
        except ValueError:
            return error.code, text


def api_expect(base: str, method: str, path: str, token: str | None = None, body: object | None = None,
               status: tuple[int, ...] = (200, 201, 204)) -> object:
    """Like api_call, but fails the test with the server's answer unless the status is one of STATUS."""
    code, answer = api_call(base, method, path, token=token, body=body)
    assert code in status, f"{method} /api/v1/{path} → {code}: {answer}"
    return answer


def api_sign_in(base: str, user: str, password: str, new_password: str | None = None) -> str:
    """Signs in through the API and returns the bearer token; an account that must still change its initial password
    (S3) changes it to NEW_PASSWORD first, and an administrator enrols the mandatory second factor (S3)."""
    credentials = {"username": user, "password": password}
    code = baomi_totp.fresh_code(base, user)
    if code is not None:
        credentials["totp"] = code
    answer = api_expect(base, "POST", "auth/login", body=credentials, status=(200,))
    token = answer["token"]
    if answer["mustChangePassword"]:
        assert new_password, f"{user} must change its password (S3) but no new one was given"
        api_expect(base, "POST", "auth/password", token=token,
                   body={"currentPassword": password, "newPassword": new_password}, status=(204,))
    if answer.get("totpEnrolmentRequired"):
        enrolment = api_expect(base, "POST", "me/totp", token=token, status=(200,))
        api_expect(base, "POST", "me/totp/confirm", token=token,
                   body={"code": baomi_totp.code(enrolment["secret"], int(time.time()) // 30)}, status=(204,))
        baomi_totp.remember(base, user, enrolment["secret"])
    return token


def api_earn_pre_post(base: str, sysadmin: str, secadmin: str, people: list[str], code: str = "T") -> None:
    """The people sit a pre-post session today, recorded by a 保密办 trainer account made once per CODE, so that the
    security administrator may then give them a secret post (E6.6(3), A4)."""
    user = f"trainer-{code.lower()}"
    accounts = api_expect(base, "GET", "accounts", sysadmin)
    if not any(account["username"] == user for account in accounts):
        account = api_expect(base, "POST", "accounts", sysadmin, {"username": user, "password": INITIAL_PASSWORD})
        api_expect(base, "PUT", f"accounts/{account['id']}/roles", secadmin, {"roles": ["securityOffice"]})
    try:
        office = api_sign_in(base, user, INITIAL_PASSWORD, f"{code}-Trainer-2026!")
    except AssertionError:
        office = api_sign_in(base, user, f"{code}-Trainer-2026!")
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    api_expect(base, "POST", "training/sessions", office, {
        "title": "上岗前保密专项培训", "form": "lecture", "purpose": "prePost", "heldOn": today, "place": "第一会议室",
        "trainer": "保密办", "areas": ["law", "basics"], "hours": 2, "attendees": people})


def api_sign_agreements(base: str, sysadmin: str, secadmin: str, people: list[str], code: str = "T") -> None:
    """The people sign, and the unit seals, the agreements a secret post needs (T8; L1.1 for leaders), recorded by
    the 保密办 trainer account of CODE, so that the security administrator may then give them a post (A4)."""
    user = f"trainer-{code.lower()}"
    try:
        office = api_sign_in(base, user, f"{code}-Trainer-2026!")
    except AssertionError:
        api_earn_pre_post(base, sysadmin, secadmin, [], code)
        office = api_sign_in(base, user, f"{code}-Trainer-2026!")
    api_sign_agreements_as(base, office, people)


def api_sign_agreements_as(base: str, office: str, people: list[str]) -> None:
    """The people sign, and the unit seals, the agreements a secret post needs, recorded by the 保密办 token OFFICE."""
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    for person in people:
        held = api_expect(base, "GET", f"people/{person}/agreements", office)
        details = api_expect(base, "GET", f"people/{person}", office)
        for kind in ["ipProtection"] + (["commitment"] if details.get("isLeader") else []):
            if any(a["kind"] == kind and a["state"] == "inForce" for a in held):
                continue
            agreement = api_expect(base, "POST", f"people/{person}/agreements", office, {"kind": kind})
            for step in ("signByPerson", "signByUnit"):
                api_expect(base, "POST", f"agreements/{agreement['id']}/steps", office, {"step": step, "on": today})


def api_prepare_for_post(base: str, sysadmin: str, secadmin: str, people: list[str], code: str = "T") -> None:
    """What precedes a secret post (A4): the pre-post training (E6.6(3)) and the agreements (T8, L1.1)."""
    api_earn_pre_post(base, sysadmin, secadmin, people, code)
    api_sign_agreements(base, sysadmin, secadmin, people, code)


def seed_department(base: str, code: str, unit: str, department: str, accounts: dict[str, tuple[str, str, str, str, str]]
                    ) -> dict[str, str]:
    """A unit with one department, and for each ACCOUNTS entry (key → user, person name, role, secret post, password)
    a person there with that secret post and an account with that role, its first password changed. The "office"
    person may classify up to 绝密. The administrators' passwords become CODE-Sys-2026! and CODE-Sec-2026!.

    Returns the department's id as "tech", each person's as "<key>_person" and each signed-in token as "<key>_token".
    """
    sysadmin = api_sign_in(base, "sysadmin", INITIAL_PASSWORD, f"{code}-Sys-2026!")
    secadmin = api_sign_in(base, "secadmin", INITIAL_PASSWORD, f"{code}-Sec-2026!")
    root = api_expect(base, "POST", "org-units", sysadmin, {"name": unit, "code": f"{code}-ROOT", "kind": "unit"})
    tech = api_expect(base, "POST", "org-units", sysadmin,
                      {"name": department, "code": f"{code}-TECH", "kind": "department", "parentID": root["id"]})
    ids = {"tech": tech["id"]}
    for key, (user, name, role, post_class, _password) in accounts.items():
        person = api_expect(base, "POST", "people", sysadmin,
                            {"name": name, "employeeNumber": f"{code}-{user}", "departmentID": tech["id"]})
        account = api_expect(base, "POST", "accounts", sysadmin,
                             {"username": user, "displayName": name, "personID": person["id"],
                              "password": INITIAL_PASSWORD})
        api_expect(base, "PUT", f"accounts/{account['id']}/roles", secadmin, {"roles": [role]})
        if post_class != "nonSecret":  # only a secret post needs the pre-post training first (E6.6(3))
            api_prepare_for_post(base, sysadmin, secadmin, [person["id"]], code)
        api_expect(base, "PUT", f"people/{person['id']}/clearance", secadmin,
                   {"postClass": post_class, "compartments": [], "groups": [], "separationUntil": None,
                    "reason": "涉密岗位上岗审批"})
        ids[key + "_person"] = person["id"]
    if "office_person" in ids:
        api_expect(base, "PUT", f"people/{ids['office_person']}/classifier", secadmin,
                   {"classifierMaxLevel": "topSecret"})
    for key, (user, _name, _role, _post, password) in accounts.items():
        ids[key + "_token"] = api_sign_in(base, user, INITIAL_PASSWORD, password)
    return ids


def fetch_with_session(driver: WebDriver, url: str) -> tuple[int, dict[str, str], bytes]:
    """Downloads URL with the browser's cookies (a CSV export, say) and returns status, headers and the raw bytes."""
    import urllib.error
    import urllib.request

    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def choose_many(driver: WebDriver, name: str, visible_texts: list[str], form_id: str | None = None) -> None:
    """Selects these options of a multiple select (and deselects the others)."""
    scope = f"form#{form_id} " if form_id else ""
    select = Select(driver.find_element(By.CSS_SELECTOR, f"{scope}select[name='{name}']"))
    select.deselect_all()
    for text in visible_texts:
        select.select_by_visible_text(text)


def selected_text(driver: WebDriver, name: str, form_id: str | None = None) -> str:
    scope = f"form#{form_id} " if form_id else ""
    return Select(driver.find_element(By.CSS_SELECTOR, f"{scope}select[name='{name}']")).first_selected_option.text


def option_texts(driver: WebDriver, name: str, form_id: str | None = None) -> list[str]:
    scope = f"form#{form_id} " if form_id else ""
    select = driver.find_element(By.CSS_SELECTOR, f"{scope}select[name='{name}']")
    return [o.text for o in select.find_elements(By.TAG_NAME, "option")]


def set_checkbox(driver: WebDriver, element_id: str, checked: bool = True) -> None:
    box = driver.find_element(By.ID, element_id)
    if box.is_selected() != checked:
        box.click()
