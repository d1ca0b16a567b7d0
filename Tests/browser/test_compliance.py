"""The compliance engine in the Chinese UI (issue #5), on a server of this module's own, tests in order.

Rules proved (spec/REQUIREMENTS.md): C6 (a department keeping copies needs an inventory at least once a year — the
finding appears by itself after the copy is placed, is seen by the department's secrecy officer on the workbench, in
the top bar and on 合规提醒, is not seen by a colleague without the role, and closes by itself once an inventory of the
department is closed, staying in the history), T4 (the security office sees the department without a designated
secrecy officer).

The organisation, accounts and the carrier are set up through the REST API; what the people see is the browser's.
"""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_helpers import (
    TIMEOUT,
    api_expect,
    choose,
    conftest_module,
    heading,
    open_page,
    seed_department,
    sign_in,
    sign_out,
    table_rows,
    wait_for_path,
)

ROOT, TECH = "合规研究所", "总体部"
SAFE = "总体部保险柜"

# key → (user, person name, role, secret post, password)
ACCOUNTS = {
    "office": ("cmp_bmb", "孙保密", "securityOffice", "core", "Compliance-Office-2026!"),
    "officer": ("cmp_bmy", "冯保密员", "secrecyOfficer", "important", "Compliance-Officer-2026!"),
    "staff": ("cmp_staff", "陈工程师", "staff", "general", "Compliance-Staff-2026!"),
}


@pytest.fixture(scope="module")
def compliance_server(request):
    helpers = conftest_module(request.config)
    with helpers.run_server(
            "baomi-browser-compliance-", "BAOMI_BROWSER_COMPLIANCE_DATABASE_URL", " (compliance)") as server:
        yield server


@pytest.fixture(scope="module")
def base(compliance_server) -> str:
    return compliance_server.base


@pytest.fixture(scope="module")
def world(compliance_server) -> dict[str, str]:
    base = compliance_server.base
    ids = seed_department(base, "C", ROOT, TECH, ACCOUNTS)
    office = ids["office_token"]
    safe = api_expect(base, "POST", "storage-places", office,
                      {"code": "C-S1", "name": SAFE, "kind": "safe", "maxLevel": "topSecret",
                       "departmentID": ids["tech"]})
    carrier = api_expect(base, "POST", "carriers", office, {
        "title": "秘密级总体方案", "documentNumber": "总〔2026〕9号", "category": "technicalSolution",
        "form": "paper", "level": "confidential", "period": "10", "copyCount": 1, "departmentID": ids["tech"],
        "scopeDepartments": [ids["tech"]], "classifierID": ids["office_person"],
        "classificationBasis": "保密事项范围第3条"})
    api_expect(base, "POST", f"copies/{carrier['copies'][0]['id']}/steps", office,
               {"action": "place", "placeID": safe["id"]})
    ids["safe"] = safe["id"]
    return ids


def sign_in_as(driver, base: str, key: str) -> None:
    user, _name, _role, _post, password = ACCOUNTS[key]
    sign_in(driver, base, user, password)
    wait_for_path(driver, "/")


def finding_rows(driver, base: str, query: str = "") -> list[list[str]]:
    open_page(driver, base, "/compliance" + query)
    assert heading(driver) == "合规提醒"
    return table_rows(driver)


def eventually(check, timeout: float = 15.0):
    """The engine re-checks within a second of a change; the page is reloaded until it shows it."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def test_c6_the_officer_sees_the_department_inventory_finding_in_the_top_bar_and_on_the_workbench(
        driver, base, world):
    sign_in_as(driver, base, "officer")

    def inventory_rows():
        return [row for row in finding_rows(driver, base) if row[1] == "C6" and TECH in row[3]]

    rows = eventually(inventory_rows)
    assert rows, finding_rows(driver, base)
    assert rows[0][0] == "逾期" and "从未清查" in rows[0][4] and rows[0][5] == TECH, rows
    open_page(driver, base, "/")
    badge = driver.find_element(By.ID, "findings-badge")
    assert badge.text.startswith("合规提醒") and int(badge.find_element(By.CSS_SELECTOR, ".finding-count").text) >= 1
    mine = table_rows(driver, "#my-findings table.ledger")
    assert any(row[1] == "C6" and TECH in row[2] for row in mine), mine
    sign_out(driver)


def test_c6_a_colleague_without_the_role_does_not_see_the_department_finding(driver, base, world):
    sign_in_as(driver, base, "staff")
    assert not [row for row in finding_rows(driver, base) if row[1] == "C6"]
    assert not driver.find_elements(By.ID, "findings-badge")
    sign_out(driver)


def test_t4_the_security_office_sees_the_department_without_a_secrecy_officer(driver, base, world):
    sign_in_as(driver, base, "office")

    def department_rows():
        # Filtered through the page's own form; reloaded until the engine's re-check after the seeding shows.
        open_page(driver, base, "/compliance")
        choose(driver, "check", "部门未指定保密员（T4）")
        driver.find_element(By.CSS_SELECTOR, "form.filters button[type='submit']").click()
        WebDriverWait(driver, TIMEOUT).until(lambda d: "check=" in d.current_url)
        rows = table_rows(driver)
        return [row for row in rows if row[1] == "T4" and f"「{TECH}」未指定兼职保密员" in row[4]]

    assert eventually(department_rows), table_rows(driver)
    sign_out(driver)


def test_c6_closing_an_inventory_of_the_department_closes_the_finding_which_stays_in_the_history(
        driver, base, world):
    officer = world["officer_token"]
    inventory = api_expect(base, "POST", "inventories", officer, {"name": "2026 年度清查", "departmentID": world["tech"]})
    api_expect(base, "POST", f"inventories/{inventory['id']}/found", officer, {"codes": []})
    api_expect(base, "POST", f"inventories/{inventory['id']}/close", officer)
    sign_in_as(driver, base, "officer")

    def department_finding_gone():
        return not [row for row in finding_rows(driver, base) if row[1] == "C6" and TECH in row[3]]

    assert eventually(department_finding_gone), finding_rows(driver, base)
    closed = finding_rows(driver, base, "?state=closed")
    assert any(row[1] == "C6" and TECH in row[3] and row[8] != "—" for row in closed), closed
    sign_out(driver)
