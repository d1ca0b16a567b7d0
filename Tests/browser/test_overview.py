"""保密工作总览 (issue #5) in the Chinese UI, on a server of this module's own, tests in order.

Rules proved (spec/REQUIREMENTS.md): A2 (a leader cleared to 重要 finds no 绝密 item in the figures), S1 (staff are
refused the page and have no menu entry), A6/L1.9 (borrowings out and overdue are tiles), C6 (inventory coverage is a
tile), plus issue #5's look: tiles, then charts drawn as server-rendered SVG, each with a title and its numbers as
text, and a data table behind 数据表.

The organisation, accounts, secret posts, a safe and three carriers are set up through the REST API; the journey is
the browser's.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from browser_helpers import (
    api_expect,
    click_and_wait,
    conftest_module,
    heading,
    nav_labels,
    nav_link,
    open_page,
    seed_department,
    screenshot,
    sign_in,
    switch_language,
    wait_for_path,
)

ROOT, TECH = "示例研究所", "总体部"
SAFE = "总体部保险柜"

# key → (user, person name, role, secret post, password)
ACCOUNTS = {
    "office": ("ov_bmb", "陈保密", "securityOffice", "core", "Overview-Office-2026!"),
    "leader": ("ov_leader", "林主管", "leader", "important", "Overview-Leader-2026!"),
    "staff": ("ov_staff", "何工程师", "staff", "general", "Overview-Staff-2026!"),
}
# (title, level, copies)
CARRIERS = (("绝密级型号方案", "topSecret", 1), ("机密级总体方案", "secret", 2), ("秘密级试验大纲", "confidential", 1))


@pytest.fixture(scope="module")
def overview_server(request):
    helpers = conftest_module(request.config)
    with helpers.run_server("baomi-browser-overview-", "BAOMI_BROWSER_OVERVIEW_DATABASE_URL", " (overview)") as server:
        yield server


@pytest.fixture(scope="module")
def base(overview_server) -> str:
    return overview_server.base


@pytest.fixture(scope="module")
def world(overview_server) -> dict[str, str]:
    base = overview_server.base
    ids = seed_department(base, "O", ROOT, TECH, ACCOUNTS)
    office = ids["office_token"]
    safe = api_expect(base, "POST", "storage-places", office,
                      {"code": "O-S1", "name": SAFE, "kind": "safe", "maxLevel": "topSecret",
                       "departmentID": ids["tech"]})
    for index, (title, level, copies) in enumerate(CARRIERS):
        carrier = api_expect(base, "POST", "carriers", office, {
            "title": title, "documentNumber": f"总〔2026〕{index + 1}号", "category": "technicalSolution",
            "form": "paper", "level": level, "period": {"topSecret": "30", "secret": "20"}.get(level, "10"),
            "copyCount": copies, "departmentID": ids["tech"], "scopeDepartments": [ids["tech"]],
            "classifierID": ids["office_person"], "classificationBasis": "保密事项范围第3条"})
        for copy in carrier["copies"]:
            api_expect(base, "POST", f"copies/{copy['id']}/steps", office, {"action": "place", "placeID": safe["id"]})
    return ids


def sign_in_as(driver, base: str, key: str) -> None:
    user, _name, _role, _post, password = ACCOUNTS[key]
    sign_in(driver, base, user, password)
    wait_for_path(driver, "/")


def tiles(driver) -> dict[str, str]:
    """The overview's tiles: title → value."""
    found = {}
    for tile in driver.find_elements(By.CSS_SELECTOR, "#overview-tiles .tile"):
        assert tile.is_displayed()
        found[tile.find_element(By.CSS_SELECTOR, ".tile-title").text.strip()] = tile.find_element(
            By.CSS_SELECTOR, ".tile-value").text.strip()
    return found


def chart_data(driver, chart_id: str) -> dict[str, str]:
    """Opens a chart's 数据表 and reads it: first column → second."""
    chart = driver.find_element(By.ID, chart_id)
    chart.find_element(By.CSS_SELECTOR, "details summary").click()
    rows = {}
    for tr in chart.find_elements(By.CSS_SELECTOR, "details tbody tr"):
        head = tr.find_element(By.TAG_NAME, "th").text.strip()
        cells = [td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")]
        rows[head] = cells[0] if cells else ""
    return rows


def test_issue5_the_office_opens_the_overview_tiles_and_svg_charts(driver, base, world):
    sign_in_as(driver, base, "office")
    click_and_wait(driver, nav_link(driver, "保密工作总览"))
    wait_for_path(driver, "/overview")
    assert heading(driver) == "保密工作总览"
    found = tiles(driver)
    assert found["在册载体"] == "3", found
    assert found["在用载体份"] == "4", found
    assert found["借出未还"] == "0" and found["逾期未还"] == "0", found
    assert found["清查覆盖率"] == "0%", found
    assert "未关闭的合规提醒" in found, found
    charts = driver.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(charts) == 12
    for svg in charts:
        assert svg.is_displayed()
        assert svg.size["width"] > 200 and svg.size["height"] > 40, svg.size
        title = svg.find_element(By.CSS_SELECTOR, "title")
        assert title.get_attribute("textContent").strip(), "every chart has a <title>"
        assert svg.get_attribute("role") == "img"
    by_level = driver.find_element(By.ID, "chart-carriers-by-level")
    labels = [text.get_attribute("textContent") for text in by_level.find_elements(By.CSS_SELECTOR, "svg text")]
    assert {"绝密", "机密", "秘密"} <= set(labels), labels
    # Every level the clearance covers has its row, the empty ones with 0.
    others = {"核心商密": "0", "普通商密": "0", "内部": "0"}
    assert chart_data(driver, "chart-carriers-by-level") == {"绝密": "1", "机密": "1", "秘密": "1"} | others
    assert chart_data(driver, "chart-copies-by-level") == {"绝密": "1", "机密": "2", "秘密": "1"} | others
    screenshot(driver, "overview-office")


def test_issue5_the_overview_in_english(driver, base, world):
    open_page(driver, base, "/overview")
    switch_language(driver)
    try:
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert heading(driver) == "Secrecy overview"
        assert tiles(driver)["Carriers"] == "3"
        chart = driver.find_element(By.ID, "chart-carriers-by-level")
        assert chart.find_element(By.CSS_SELECTOR, "svg title").get_attribute("textContent") == "Carriers by level"
        labels = [text.get_attribute("textContent") for text in chart.find_elements(By.CSS_SELECTOR, "svg text")]
        assert {"Top Secret", "Secret", "Confidential"} <= set(labels), labels
        screenshot(driver, "overview-office-en")
    finally:
        switch_language(driver)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"


def test_issue5_a_tile_leads_to_its_ledger(driver, base, world):
    open_page(driver, base, "/overview")
    tile = driver.find_element(By.CSS_SELECTOR, "#overview-tiles a.tile[href='/carriers']")
    click_and_wait(driver, tile)
    wait_for_path(driver, "/carriers")


def test_a2_a_leader_cleared_to_important_finds_no_top_secret_item(driver, base, world):
    sign_in_as(driver, base, "leader")
    assert "保密工作总览" in nav_labels(driver)
    open_page(driver, base, "/overview")
    assert heading(driver) == "保密工作总览"
    found = tiles(driver)
    assert found["在册载体"] == "2", found
    assert found["在用载体份"] == "3", found
    assert "绝密" not in driver.find_element(By.TAG_NAME, "main").text
    assert chart_data(driver, "chart-carriers-by-level") == {
        "机密": "1", "秘密": "1", "核心商密": "0", "普通商密": "0", "内部": "0"}
    screenshot(driver, "overview-leader")


def test_s1_staff_have_no_overview(driver, base, world):
    sign_in_as(driver, base, "staff")
    assert "保密工作总览" not in nav_labels(driver)
    open_page(driver, base, "/overview")
    assert heading(driver) == "无法完成请求 (403)"
    assert not driver.find_elements(By.CSS_SELECTOR, "figure.chart svg")
