"""A departure (离岗离职, issue #16) in the Chinese UI, on a server of this module's own, tests in order.

Rules proved (spec/REQUIREMENTS.md, LIFECYCLE.md): T22 (the departure cannot complete while the leaver holds a copy:
the request page lists it, linked to the copy, and completes once it is returned and every item is signed off),
T12 (the written reminder to the leaver and the notice to the new employer print as Chinese letters naming them,
and their delivery is recorded), T11 and A7 (on completion the leaver is on the 脱密期 and 竞业限制 lists, and no
longer sees the copy nor is offered a borrowing of it).

The organisation, accounts and the leaver's carrier are set up through the REST API; the journey is the browser's.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_helpers import (
    api_expect,
    click_and_wait,
    conftest_module,
    fill,
    heading,
    open_page,
    path_of,
    screenshot,
    seed_department,
    set_date,
    sign_in,
    sign_out,
    submit_form,
    table_rows,
    wait_for_path,
)

ROOT, TECH = "示例研究所", "总体部"
SAFE, SAFE_CODE = "保密柜一号", "D-SAFE-1"
TITLE = "某型号离职交接测试方案"
NEW_EMPLOYER = "某科技有限公司"

# key → (user, person name, role, secret post, password)
ACCOUNTS = {
    "office": ("dep_bmb", "冯保密", "securityOffice", "core", "Depart-Office-2026!"),
    "hr": ("dep_hr", "蒋人事", "personnel", "important", "Depart-HR-2026!"),
    "leaver": ("dep_leaver", "周离职", "securityOffice", "core", "Depart-Leaver-2026!"),
}
STATE: dict[str, str] = {}


def today(offset: int = 0) -> str:
    return (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=offset)).strftime("%Y-%m-%d")


def need(key: str) -> str:
    if key not in STATE:
        pytest.fail(f"an earlier test did not get as far as {key!r}; run the module in order")
    return STATE[key]


@pytest.fixture(scope="module")
def departure_server(request):
    helpers = conftest_module(request.config)
    with helpers.run_server("baomi-browser-departure-", "BAOMI_BROWSER_DEPARTURE_DATABASE_URL",
                            " (departure)") as server:
        yield server


@pytest.fixture(scope="module")
def base(departure_server) -> str:
    return departure_server.base


@pytest.fixture(scope="module")
def world(departure_server) -> dict[str, str]:
    """The department and accounts, a safe, and one 机密 carrier the leaver registered and so holds (T22)."""
    base = departure_server.base
    ids = seed_department(base, "D", ROOT, TECH, ACCOUNTS)
    safe = api_expect(base, "POST", "storage-places", ids["office_token"],
                      {"code": SAFE_CODE, "name": SAFE, "kind": "safe", "maxLevel": "topSecret",
                       "departmentID": ids["tech"], "location": "302室"})
    carrier = api_expect(base, "POST", "carriers", ids["leaver_token"],
                         {"title": TITLE, "documentNumber": "技字〔2026〕离1号", "category": "technicalSolution",
                          "form": "paper", "level": "secret", "period": "20", "copyCount": 1,
                          "departmentID": ids["tech"], "scopeDepartments": [ids["tech"]],
                          "classifierID": ids["office_person"], "classificationBasis": "保密事项范围第3条"},
                         status=(201,))
    ids["safe"] = safe["id"]
    ids["copy"] = carrier["copies"][0]["id"].lower()
    return ids


def sign_in_as(driver, base: str, key: str) -> None:
    user, _name, _role, _post, password = ACCOUNTS[key]
    sign_in(driver, base, user, password)
    wait_for_path(driver, "/")


def main_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def approve(driver) -> None:
    click_and_wait(driver, driver.find_element(By.ID, "approve"))


def test_t22_personnel_starts_the_departure_of_someone_holding_a_copy(driver, base, world):
    sign_in_as(driver, base, "hr")
    open_page(driver, base, "/departures/new")
    form = "departure-form"
    Select(driver.find_element(By.CSS_SELECTOR, f"form#{form} select[name=personID]")).select_by_value(
        world["leaver_person"])
    Select(driver.find_element(By.CSS_SELECTOR, f"form#{form} select[name=departureKind]")).select_by_value("resign")
    set_date(driver, "lastWorkingDay", today(20), form_id=form)
    fill(driver, "newEmployer", NEW_EMPLOYER, form_id=form)
    fill(driver, "reason", "个人原因辞职", form_id=form)
    submit_form(driver, form)
    assert re.fullmatch(r"/requests/[0-9a-f-]{36}", path_of(driver)), main_text(driver)[:2000]
    STATE["request"] = path_of(driver)
    page = main_text(driver)
    assert ACCOUNTS["leaver"][1] in page and "离岗离职" in page, page
    # The leaver's copy is listed as still to return, for the personnel office too (who may not see its title).
    assert "待退还（T22）" in page, page
    screenshot(driver, "d01-departure-submitted")
    sign_out(driver)


def test_t22_the_last_approval_is_refused_while_the_copy_is_held_and_links_to_it(driver, base, world):
    request = need("request")
    sign_in_as(driver, base, "office")
    open_page(driver, base, request)
    # The department head and personnel steps escalate to the security office (nobody else may decide them).
    for _ in range(3):
        approve(driver)
    # The third, the security office's own step, is refused beside the decision, citing T22; the step stays open.
    decision = driver.find_element(By.ID, "decision").text
    assert "离岗离职前须退还全部涉密载体" in decision and "(T22)" in decision, decision
    assert "保密办审核：待审批" in driver.find_element(By.ID, "request-steps").text
    departure = driver.find_element(By.ID, "departure")
    link = departure.find_element(By.CSS_SELECTOR, f"a[href='/carriers/copies/{world['copy']}']")
    assert TITLE in link.text, departure.text
    screenshot(driver, "d02-blocked-by-an-unreturned-copy")
    # The link leads to the copy, where it is put back in the safe.
    click_and_wait(driver, link)
    assert path_of(driver) == f"/carriers/copies/{world['copy']}"
    Select(driver.find_element(By.CSS_SELECTOR, "form#step-place select[name=placeID]")).select_by_value(
        world["safe"])
    submit_form(driver, "step-place")
    assert SAFE in main_text(driver), main_text(driver)
    sign_out(driver)


def test_t22_after_the_return_and_the_checklist_the_departure_completes(driver, base, world):
    request = need("request")
    sign_in_as(driver, base, "office")
    open_page(driver, base, request)
    assert "该人员已无持有、借阅或外带的载体。" in driver.find_element(By.ID, "departure").text
    Select(driver.find_element(By.CSS_SELECTOR, "form#item-form select[name=category]")).select_by_value("sample")
    fill(driver, "description", "试验样品 3 件", form_id="item-form")
    submit_form(driver, "item-form")
    click_and_wait(driver, driver.find_element(By.ID, "sign-1"))
    assert "未签收" not in driver.find_element(By.ID, "departure").text
    approve(driver)
    assert "已完成" in main_text(driver) or "已办结" in main_text(driver), main_text(driver)
    screenshot(driver, "d03-departure-completed")
    sign_out(driver)


def test_t12_both_letters_name_the_leaver_and_their_delivery_is_recorded(driver, base, world):
    request = need("request")
    request_id = request.rsplit("/", 1)[1]
    sign_in_as(driver, base, "hr")
    open_page(driver, base, f"/departures/{request_id}/reminder")
    reminder = driver.find_element(By.TAG_NAME, "body").text
    assert "离职保密提醒书" in reminder and ACCOUNTS["leaver"][1] in reminder, reminder
    screenshot(driver, "d04-reminder-letter")
    open_page(driver, base, f"/departures/{request_id}/notice")
    notice = driver.find_element(By.TAG_NAME, "body").text
    assert "告知函" in notice and NEW_EMPLOYER in notice and ACCOUNTS["leaver"][1] in notice, notice
    open_page(driver, base, request)
    for letter in ("reminder", "notice"):
        form = "letter-form"
        Select(driver.find_element(By.CSS_SELECTOR, f"form#{form} select[name=letter]")).select_by_value(letter)
        set_date(driver, "deliveredOn", today(), form_id=form)
        Select(driver.find_element(By.CSS_SELECTOR, f"form#{form} select[name=method]")).select_by_value("inPerson")
        fill(driver, "deliveredBy", "人事处蒋人事", form_id=form)
        submit_form(driver, form)
    letters = driver.find_element(By.ID, "departure").text
    assert "未登记送达" not in letters and letters.count("人事处蒋人事") == 2, letters
    sign_out(driver)


def test_t11_a7_the_leaver_is_on_the_separation_list_and_no_longer_sees_the_copy(driver, base, world):
    sign_in_as(driver, base, "office")
    open_page(driver, base, "/departures/separation")
    rows = table_rows(driver)
    assert any(ACCOUNTS["leaver"][1] in " ".join(row) for row in rows), rows
    screenshot(driver, "d05-separation-list")
    open_page(driver, base, "/departures/non-compete")
    assert ACCOUNTS["leaver"][1] in main_text(driver)
    sign_out(driver)
    # The departed leaver: the copy they held is gone from their sight, so no borrowing of it is offered (A7).
    user, _name, _role, _post, password = ACCOUNTS["leaver"]
    sign_in(driver, base, user, password)
    open_page(driver, base, f"/carriers/copies/{world['copy']}")
    assert heading(driver) == "无法完成请求 (404)", heading(driver)
    assert TITLE not in driver.page_source
    assert not driver.find_elements(By.LINK_TEXT, "申请借阅")


def test_server_logged_no_unhandled_error(departure_server):
    log = departure_server.log_text()
    assert "Unhandled error" not in log and "Fatal error" not in log, log[-4000:]
