"""Who may see what (issue #4) in the Chinese UI, on a server of this module's own, tests in order.

Rules proved (spec/REQUIREMENTS.md): A2 (a carrier above a person's clearance is invisible: absent from the ledger
and 404 by its address), A3 (the ledger shows a reader only their distribution scope), A6/C4 (a borrowing names a
place and a due date, is approved by the department's secrecy officer, handed over by the keeper, and returned by the
holder), L1.2 (only places cleared for the level are offered), L1.9 (the due date shows on the workbench), C4 (the
reading register records who took it).

The organisation, accounts, secret posts, places and the two carriers are set up through the REST API; the journey is
the browser's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from browser_helpers import (
    api_expect,
    choose,
    click_and_wait,
    conftest_module,
    fill,
    heading,
    open_page,
    seed_department,
    option_texts,
    set_date,
    sign_in,
    sign_out,
    submit_form,
    table_rows,
    wait_for_path,
)

ROOT, TECH = "示例研究所", "总体部"
SAFE, ROOM, CABINET = "总体部保险柜", "涉密阅览室", "普通文件柜"
OPEN_TITLE = "秘密级试验大纲"
HIDDEN_TITLE = "机密级总体方案"
PURPOSE = "编写试验报告"

# key → (user, person name, role, secret post, password)
ACCOUNTS = {
    "office": ("acc_bmb", "周保密", "securityOffice", "core", "Access-Office-2026!"),
    "officer": ("acc_bmy", "吴保密员", "secrecyOfficer", "core", "Access-Officer-2026!"),
    "staff": ("acc_staff", "郑工程师", "staff", "general", "Access-Staff-2026!"),
}
STATE: dict[str, str] = {}


def due_date() -> str:
    return (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=3)).strftime("%Y-%m-%d")


def need(key: str) -> str:
    if key not in STATE:
        pytest.fail(f"an earlier test did not get as far as {key!r}; run the module in order")
    return STATE[key]


@pytest.fixture(scope="module")
def access_server(request):
    helpers = conftest_module(request.config)
    with helpers.run_server("baomi-browser-access-", "BAOMI_BROWSER_ACCESS_DATABASE_URL", " (access)") as server:
        yield server


@pytest.fixture(scope="module")
def base(access_server) -> str:
    return access_server.base


@pytest.fixture(scope="module")
def world(access_server) -> dict[str, str]:
    base = access_server.base
    ids = seed_department(base, "A", ROOT, TECH, ACCOUNTS)
    office = ids["office_token"]
    places = {}
    for code, name, kind, level in (("A-S1", SAFE, "safe", "topSecret"), ("A-R1", ROOM, "readingRoom", "secret"),
                                    ("A-C1", CABINET, "fileCabinet", "internal")):
        place = api_expect(base, "POST", "storage-places", office,
                           {"code": code, "name": name, "kind": kind, "maxLevel": level, "departmentID": ids["tech"]})
        places[name] = place["id"]
    for key, title, level in (("open", OPEN_TITLE, "confidential"), ("hidden", HIDDEN_TITLE, "secret")):
        carrier = api_expect(base, "POST", "carriers", office, {
            "title": title, "documentNumber": f"总〔2026〕{len(key)}号", "category": "technicalSolution",
            "form": "paper", "level": level, "period": "10" if level == "confidential" else "20",
            "copyCount": 1, "departmentID": ids["tech"], "scopeDepartments": [ids["tech"]],
            "classifierID": ids["office_person"], "classificationBasis": "保密事项范围第3条"})
        copy = carrier["copies"][0]["id"]
        api_expect(base, "POST", f"copies/{copy}/steps", office, {"action": "place", "placeID": places[SAFE]})
        ids[key + "_carrier"], ids[key + "_copy"] = carrier["id"], copy
    return ids


def sign_in_as(driver, base: str, key: str) -> None:
    user, _name, _role, _post, password = ACCOUNTS[key]
    sign_in(driver, base, user, password)
    wait_for_path(driver, "/")


def test_a2_a3_staff_ledger_lists_only_what_their_clearance_and_scope_allow(driver, base, world):
    sign_in_as(driver, base, "staff")
    open_page(driver, base, "/carriers/copies")
    rows = [" ".join(row) for row in table_rows(driver)]
    assert len(rows) == 1 and OPEN_TITLE in rows[0], rows
    assert HIDDEN_TITLE not in driver.page_source


def test_a2_a_carrier_above_the_clearance_answers_404_by_its_address(driver, base, world):
    open_page(driver, base, f"/carriers/{world['hidden_carrier']}")
    assert heading(driver) == "无法完成请求 (404)"
    assert HIDDEN_TITLE not in driver.page_source
    open_page(driver, base, f"/carriers/copies/{world['hidden_copy']}")
    assert heading(driver) == "无法完成请求 (404)"


def test_a6_l1_2_staff_asks_to_borrow_offering_only_places_cleared_for_the_level(driver, base, world):
    open_page(driver, base, f"/carriers/copies/{world['open_copy']}")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "申请借阅"))
    offered = option_texts(driver, "placeID", "request-form")
    assert any(ROOM in text for text in offered) and any(SAFE in text for text in offered), offered
    assert not any(CABINET in text for text in offered), offered  # cleared only for 内部 (L1.2)
    choose(driver, "placeID", next(text for text in offered if ROOM in text), "request-form")
    set_date(driver, "returnDate", due_date(), "request-form")
    fill(driver, "reason", PURPOSE, "request-form")
    submit_form(driver, "request-form")
    assert heading(driver).startswith("JY-") and "借阅审批" in heading(driver), heading(driver)
    STATE["request"] = driver.current_url.split("?")[0].split("/", 3)[3]
    assert driver.find_element(By.CSS_SELECTOR, "#loan-facts").text.count(due_date()) == 1
    sign_out(driver)


def test_a6_the_department_officer_approves_and_hands_it_over(driver, base, world):
    sign_in_as(driver, base, "officer")
    open_page(driver, base, "/" + need("request"))
    click_and_wait(driver, driver.find_element(By.ID, "approve"))
    assert "已批准" in driver.find_element(By.CSS_SELECTOR, "main .marking-header").text
    submit_form(driver, "issue-form")
    assert "尚未借出" not in driver.find_element(By.CSS_SELECTOR, "#loan-facts").text
    sign_out(driver)


def test_l1_9_the_borrower_sees_it_with_its_due_date_and_returns_it(driver, base, world):
    sign_in_as(driver, base, "staff")
    rows = table_rows(driver, "#holdings table.ledger")
    assert len(rows) == 1 and OPEN_TITLE in rows[0][1] and rows[0][3] == due_date() and rows[0][4] == "在借", rows
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#holdings a[href^='/requests/']"))
    submit_form(driver, "return-form")
    # Handed back, not yet stored: the borrowing stays open until the custodian checks the copy in (C4).
    assert "已批准" in driver.find_element(By.CSS_SELECTOR, "main .marking-header").text
    facts = driver.find_element(By.CSS_SELECTOR, "#loan-facts").text
    assert "待保管人清点" in facts, facts
    assert not driver.find_elements(By.ID, "check-in-form"), "whoever hands it back does not check it in"
    open_page(driver, base, "/")
    assert not table_rows(driver, "#holdings table.ledger")
    open_page(driver, base, f"/carriers/copies/{world['open_copy']}")
    assert driver.find_element(By.ID, "copy-state").text.strip() == "归还待清点"
    sign_out(driver)


def test_c4_the_department_officer_checks_the_returned_copy_in_to_its_safe(driver, base, world):
    # setup: the officer's workbench counts it as waiting for check-in
    sign_in_as(driver, base, "officer")
    tiles = driver.find_element(By.CSS_SELECTOR, "main").text
    assert "待清点入库" in tiles, tiles
    open_page(driver, base, "/" + need("request"))
    # check: only places that may keep it are offered — not the reading room, a place of use (C6)
    offered = option_texts(driver, "placeID", "check-in-form")
    assert any(SAFE in text for text in offered) and not any(ROOM in text for text in offered), offered
    # act: checked in where it came from
    submit_form(driver, "check-in-form")
    # check: the borrowing is done and the copy stored in the safe again
    assert "已办结" in driver.find_element(By.CSS_SELECTOR, "main .marking-header").text
    assert "吴保密员" in driver.find_element(By.CSS_SELECTOR, "#loan-facts").text
    open_page(driver, base, f"/carriers/copies/{world['open_copy']}")
    assert driver.find_element(By.ID, "copy-state").text.strip() == "在库"
    assert driver.find_element(By.ID, "copy-where").text.strip() == SAFE
    sign_out(driver)


def test_c4_the_reading_register_and_the_borrowing_register_name_the_borrower(driver, base, world):
    sign_in_as(driver, base, "office")
    open_page(driver, base, f"/carriers/{world['open_carrier']}")
    readers = table_rows(driver, "#readings table.ledger")
    assert any(row[1] == "郑工程师" and row[2] == "取用载体" for row in readers), readers
    open_page(driver, base, "/carriers/registers/borrowing")
    rows = table_rows(driver)
    assert len(rows) == 1, rows
    assert rows[0][4] == "郑工程师" and rows[0][6] == PURPOSE and rows[0][7] == ROOM, rows
    assert rows[0][11].startswith("吴保密员"), rows
