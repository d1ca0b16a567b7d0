"""Reports (报表, issue #5) in the Chinese UI, on a server of this module's own, tests in order.

Rules proved (spec/REQUIREMENTS.md): C1/C6 (the carrier ledger prints as an A4 page marked with the highest level on
it, at the top and the bottom, with signature lines and no navigation, and exports for Excel as UTF-8 with a BOM and
Chinese headers), I2 (the annual self-inspection report: the year's figures, the open findings per rule, blank lines
for the conclusion and the measures, signature lines), A2 (a leader cleared to 机密 gets a report without the 绝密
carrier, so it is not marked 绝密).

The organisation, accounts and carriers are set up through the REST API; what the people see is the browser's.
"""

from __future__ import annotations

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from browser_helpers import (
    api_expect,
    click_and_wait,
    conftest_module,
    fetch_with_session,
    fill,
    heading,
    nav_link,
    open_page,
    screenshot,
    seed_department,
    sign_in,
    sign_out,
    submit_form,
    table_rows,
    wait_for_path,
)

ROOT, TECH = "报表研究所", "总体部"
TOP_SECRET_TITLE, SECRET_TITLE = "绝密级总体方案", "机密级试验大纲"

# key → (user, person name, role, secret post, password)
ACCOUNTS = {
    "office": ("rep_bmb", "钱保密", "securityOffice", "core", "Reports-Office-2026!"),
    "leader": ("rep_leader", "赵所长", "leader", "important", "Reports-Leader-2026!"),
}
SECTIONS = [
    "一、涉密载体 (C1, C2, C3, C5, C8)", "二、借阅与外带 (A6, L1.9)", "三、清查核对 (C6)",
    "四、涉密人员 (A2, A7, T22)", "五、合规提醒 (REMIND)", "六、自查结论", "七、整改措施",
]


def this_year() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y")


@pytest.fixture(scope="module")
def reports_server(request):
    helpers = conftest_module(request.config)
    with helpers.run_server("baomi-browser-reports-", "BAOMI_BROWSER_REPORTS_DATABASE_URL", " (reports)") as server:
        yield server


@pytest.fixture(scope="module")
def base(reports_server) -> str:
    return reports_server.base


@pytest.fixture(scope="module")
def world(reports_server) -> dict[str, str]:
    base = reports_server.base
    ids = seed_department(base, "R", ROOT, TECH, ACCOUNTS)
    office = ids["office_token"]
    for number, (title, level) in enumerate(((TOP_SECRET_TITLE, "topSecret"), (SECRET_TITLE, "secret")), start=5):
        carrier = api_expect(base, "POST", "carriers", office, {
            "title": title, "documentNumber": f"总〔2026〕{number}号", "category": "technicalSolution", "form": "paper",
            "level": level, "period": "20", "copyCount": 1, "departmentID": ids["tech"],
            "scopeDepartments": [ids["tech"]], "classifierID": ids["office_person"],
            "classificationBasis": "保密事项范围第3条"})
        ids[level] = carrier["number"]
    return ids


def sign_in_as(driver, base: str, key: str) -> None:
    user, _name, _role, _post, password = ACCOUNTS[key]
    sign_in(driver, base, user, password)
    wait_for_path(driver, "/")


def markings(driver) -> list[str]:
    return [element.text.strip() for element in driver.find_elements(By.CSS_SELECTOR, ".print-marking")]


def test_c1_the_office_opens_reports_and_prints_the_carrier_ledger_marked_at_top_and_bottom(driver, base, world):
    sign_in_as(driver, base, "office")
    click_and_wait(driver, nav_link(driver, "报表"))
    wait_for_path(driver, "/reports")
    assert heading(driver) == "报表"
    names = [row[0] for row in table_rows(driver)]
    assert names[:2] == ["涉密载体台账", "涉密载体份号台账"] and "涉密人员台账" in names, names
    screenshot(driver, "reports-list")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[href='/reports/carrierLedger']"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "涉密载体台账"
    assert markings(driver) == ["绝密", "绝密"]
    assert not driver.find_elements(By.CSS_SELECTOR, "nav.sidenav")
    rows = table_rows(driver, ".print-frame table.ledger")
    assert {row[1] for row in rows} == {world["topSecret"], world["secret"]}, rows
    signatures = driver.find_element(By.ID, "signatures").text
    assert "制表人" in signatures and "审核人" in signatures and "日期" in signatures
    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF")
    status, headers, body = fetch_with_session(driver, base + "/reports/carrierLedger/export.csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf" + "序号,载体编号,载体名称".encode())


def last_column_fits_a_landscape_page(driver) -> tuple[str, bool]:
    """In print media, on a viewport as wide as an A4 landscape page inside its margins (277 mm at 96 dpi), the
    ledger's last header and whether it ends inside the page, and nothing scrolls sideways."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1047, "height": 740, "deviceScaleFactor": 1, "mobile": False})
    try:
        headers = driver.find_elements(By.CSS_SELECTOR, "table.ledger thead th")
        assert headers, driver.current_url
        last = headers[-1]
        fits = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "const wraps = [...document.querySelectorAll('.table-wrap')];"
            "return r.right <= window.innerWidth && r.width > 0"
            " && document.documentElement.scrollWidth <= window.innerWidth"
            " && wraps.every(w => w.scrollWidth <= w.clientWidth + 1);", last)
        return last.text.strip(), fits
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_ledgers_print_every_column_on_a_landscape_page_and_the_carriers_page_fits_1400_px(driver, base, world):
    """LEDGERS.md, UI.md (#13): the 打印 of the carrier ledger and of the copy ledger shows every column up to the last
    on the page; the carrier list does not scroll sideways at 1400 px."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    try:
        open_page(driver, base, "/carriers")
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        assert driver.execute_script(
            "return [...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth + 1)")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    click_and_wait(driver, driver.find_element(By.XPATH, "//a[normalize-space()='打印']"))
    assert last_column_fits_a_landscape_page(driver) == ("备注", True)
    assert {row[1] for row in table_rows(driver, "table.ledger")} == {world["topSecret"], world["secret"]}
    open_page(driver, base, "/carriers/copies?print=1")
    last, fits = last_column_fits_a_landscape_page(driver)
    assert fits, last


def test_i2_the_self_inspection_report_has_its_headings_findings_and_signature_lines(driver, base, world):
    open_page(driver, base, "/reports")
    fill(driver, "year", this_year(), "self-inspection-form")
    submit_form(driver, "self-inspection-form")
    assert driver.find_element(By.TAG_NAME, "h1").text == "保密自查报告"
    assert driver.find_element(By.CSS_SELECTOR, ".report-org").text == ROOT
    assert f"自查年度：{this_year()} 年" in driver.find_element(By.CSS_SELECTOR, ".report-meta").text
    assert [h2.text for h2 in driver.find_elements(By.CSS_SELECTOR, ".report-section h2")] == SECTIONS
    figures = {th.text: td.text for th, td in zip(driver.find_elements(By.CSS_SELECTOR, "#si-carriers th"),
                                                  driver.find_elements(By.CSS_SELECTOR, "#si-carriers td"))}
    assert figures["新登记载体：绝密"] == "1" and figures["新登记载体合计"] == "2", figures
    assert len(driver.find_elements(By.CSS_SELECTOR, "#conclusion-lines .fill-line")) == 6
    assert len(driver.find_elements(By.CSS_SELECTOR, "#measure-lines .fill-line")) == 6
    assert driver.find_element(By.ID, "signatures").text.replace("\n", " ").split() == ["制表人：", "审核人：", "日期："]
    assert markings(driver) == ["绝密", "绝密"]
    screenshot(driver, "self-inspection")
    sign_out_from_print(driver, base)


def sign_out_from_print(driver, base: str) -> None:
    """The print view has no navigation; the reports page has the top bar to sign out from."""
    open_page(driver, base, "/reports")
    sign_out(driver)


def test_a2_a_leader_cleared_to_secret_gets_a_report_without_the_top_secret_carrier(driver, base, world):
    sign_in_as(driver, base, "leader")
    click_and_wait(driver, nav_link(driver, "报表"))
    submit_form(driver, "report-filters")
    open_page(driver, base, f"/self-inspection?year={this_year()}")
    assert driver.find_element(By.TAG_NAME, "h1").text == "保密自查报告"
    assert markings(driver) == ["机密", "机密"]
    open_page(driver, base, "/reports/carrierLedger")
    rows = table_rows(driver, ".print-frame table.ledger")
    assert [row[1] for row in rows] == [world["secret"]], rows
    assert TOP_SECRET_TITLE not in driver.page_source
    sign_out_from_print(driver, base)
