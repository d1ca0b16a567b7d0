"""One approval engine (issue #14) in the Chinese UI, on a server of this module's own, tests in order.

Rules proved (spec/REQUIREMENTS.md, LIFECYCLE.md): T5.1 and C9 (a carrier made here is classified before it is
registered: the security office drafts it, the 定密审核人 reviews it, the leader in charge approves it, and only then
is it in the register), A6 (an approver returns it for changes, the requester changes and resubmits it, every round
stays on the request; a stand-in decides for the leader and the decision says for whom), S2 (the printed 审批表
carries the QR of its audit record, and /verify proves that record against the signed log).

The organisation and accounts are set up through the REST API; the journey is the browser's.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from browser_helpers import (
    choose,
    choose_many,
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
    wait_for_path,
)

ROOT, TECH = "示例研究所", "总体部"
TITLE = "某型号总体技术方案（定密）"
BASIS = "保密事项范围第3条"

# key → (user, person name, role, secret post, password)
ACCOUNTS = {
    "office": ("apv_bmb", "冯保密", "securityOffice", "core", "Approve-Office-2026!"),
    "reviewer": ("apv_dmsh", "陈定密", "classificationReviewer", "core", "Approve-Review-2026!"),
    "leader": ("apv_leader", "褚所长", "leader", "core", "Approve-Leader-2026!"),
    "deputy": ("apv_deputy", "卫副所长", "staff", "core", "Approve-Deputy-2026!"),
}
STATE: dict[str, str] = {}


def today(offset: int = 0) -> str:
    return (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=offset)).strftime("%Y-%m-%d")


def need(key: str) -> str:
    if key not in STATE:
        pytest.fail(f"an earlier test did not get as far as {key!r}; run the module in order")
    return STATE[key]


@pytest.fixture(scope="module")
def approvals_server(request):
    helpers = conftest_module(request.config)
    with helpers.run_server("baomi-browser-approvals-", "BAOMI_BROWSER_APPROVALS_DATABASE_URL",
                            " (approvals)") as server:
        yield server


@pytest.fixture(scope="module")
def base(approvals_server) -> str:
    return approvals_server.base


@pytest.fixture(scope="module")
def world(approvals_server) -> dict[str, str]:
    return seed_department(approvals_server.base, "P", ROOT, TECH, ACCOUNTS)


def sign_in_as(driver, base: str, key: str) -> None:
    user, _name, _role, _post, password = ACCOUNTS[key]
    sign_in(driver, base, user, password)
    wait_for_path(driver, "/")


def steps_text(driver) -> str:
    return driver.find_element(By.ID, "request-steps").text


def stand_in_decided(text: str) -> bool:
    """The deputy's decision names the leader they decided for: `卫副所长（apv_deputy） 代 褚所长（apv_leader）`."""
    deputy, leader = ACCOUNTS["deputy"], ACCOUNTS["leader"]
    return re.search(f"{deputy[1]}（{deputy[0]}） 代 {leader[1]}（{leader[0]}）", text) is not None


def decide(driver, verdict: str, comment: str) -> None:
    fill(driver, "comment", comment, form_id="decide-form")
    click_and_wait(driver, driver.find_element(By.ID, verdict))


def test_t5_1_the_office_drafts_a_carrier_for_classification_instead_of_registering_it(driver, base, world):
    sign_in_as(driver, base, "office")
    open_page(driver, base, "/requests/new-classification")
    form = "classification-form"
    fill(driver, "title", TITLE, form_id=form)
    choose(driver, "category", "技术方案", form_id=form)
    choose(driver, "form", "纸介质", form_id=form)
    choose(driver, "departmentID", "\u3000" + TECH, form_id=form)
    choose(driver, "level", "国家秘密 · 机密", form_id=form)
    fill(driver, "period", "20", form_id=form)
    fill(driver, "copyCount", "2", form_id=form)
    choose_many(driver, "scopeDepartments[]", ["\u3000" + TECH], form_id=form)
    choose(driver, "classifierID", ACCOUNTS["office"][1], form_id=form)
    fill(driver, "classificationBasis", BASIS, form_id=form)
    fill(driver, "reason", "新编型号方案，申请定密", form_id=form)
    submit_form(driver, form)
    assert re.fullmatch(r"/requests/[0-9a-f-]{36}", path_of(driver)), driver.page_source[:2000]
    STATE["request"] = path_of(driver)
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "定密审批" in page and TITLE in page, page
    # The first step is the classification reviewer's, the second the leader's (T5.1, C9).
    steps = steps_text(driver)
    assert steps.index("定密审核") < steps.index("主管领导审批"), steps
    screenshot(driver, "p01-classification-submitted")
    # Nothing is in the register until the leader approves.
    open_page(driver, base, "/carriers")
    assert TITLE not in driver.find_element(By.TAG_NAME, "main").text
    sign_out(driver)


def test_a6_the_reviewer_finds_it_in_the_inbox_and_returns_it_for_changes(driver, base, world):
    request = need("request")
    sign_in_as(driver, base, "reviewer")
    nav = driver.find_element(By.CSS_SELECTOR, "nav").text
    assert "待办（1）" in nav, nav
    open_page(driver, base, "/inbox")
    link = driver.find_element(By.CSS_SELECTOR, f"main a[href='{request}']")
    click_and_wait(driver, link)
    assert path_of(driver) == request
    decide(driver, "return", "请补充定密依据的条款号")
    assert "退回修改" in driver.find_element(By.TAG_NAME, "main").text
    screenshot(driver, "p02-returned-for-changes")
    sign_out(driver)


def test_a6_the_requester_changes_the_reason_and_resubmits_and_both_rounds_stay(driver, base, world):
    request = need("request")
    sign_in_as(driver, base, "office")
    open_page(driver, base, request)
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "请补充定密依据的条款号" in main, main
    fill(driver, "reason", "新编型号方案，申请定密（依据：保密事项范围第3条第2款）", form_id="resubmit-form")
    submit_form(driver, "resubmit-form")
    wait_for_path(driver, request)
    revisions = driver.find_element(By.ID, "revisions").text
    assert "新编型号方案，申请定密" in revisions and "第3条第2款" in revisions, revisions
    # The first round's return stays in the history, and the review starts again.
    assert "退回修改" in steps_text(driver)
    screenshot(driver, "p03-resubmitted")
    sign_out(driver)


def test_a6_the_reviewer_approves_the_second_round(driver, base, world):
    request = need("request")
    sign_in_as(driver, base, "reviewer")
    open_page(driver, base, request)
    decide(driver, "approve", "定密依据充分")
    assert "定密依据充分" in steps_text(driver)
    sign_out(driver)


def test_a6_the_leader_names_a_stand_in_for_the_week(driver, base, world):
    sign_in_as(driver, base, "leader")
    open_page(driver, base, "/profile/delegations")
    fill(driver, "standIn", ACCOUNTS["deputy"][0], form_id="delegation-form")
    set_date(driver, "startsOn", today(), form_id="delegation-form")
    set_date(driver, "endsOn", today(6), form_id="delegation-form")
    submit_form(driver, "delegation-form")
    assert ACCOUNTS["deputy"][1] in driver.find_element(By.TAG_NAME, "main").text
    sign_out(driver)


def test_a6_t5_1_the_stand_in_approves_for_the_leader_and_the_carrier_is_registered(driver, base, world):
    request = need("request")
    sign_in_as(driver, base, "deputy")
    open_page(driver, base, "/inbox")
    assert ACCOUNTS["leader"][1] in driver.find_element(By.ID, "standing-in").text
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"main a[href='{request}']"))
    decide(driver, "approve", "同意定密")
    steps = steps_text(driver)
    assert stand_in_decided(steps), steps
    screenshot(driver, "p04-approved-by-a-stand-in")
    sign_out(driver)
    # Registered now: in the ledger, with its marking.
    sign_in_as(driver, base, "office")
    open_page(driver, base, "/carriers")
    assert TITLE in driver.find_element(By.TAG_NAME, "main").text


def test_s2_the_printed_form_carries_the_qr_of_its_audit_record_and_verify_proves_it(driver, base, world):
    request = need("request")
    open_page(driver, base, request + "/print")
    page = driver.find_element(By.TAG_NAME, "body").text
    assert "审批表" in page and TITLE in page, page
    assert stand_in_decided(page), page
    # Both rounds are on the paper: the return for changes, then the approvals.
    assert "第1轮 定密审核 退回修改" in page and "第2轮 定密审核 同意" in page, page
    seal = driver.find_element(By.ID, "form-seal")
    assert seal.find_elements(By.CSS_SELECTOR, ".qr svg"), seal.get_attribute("innerHTML")[:500]
    leaf = seal.find_element(By.CSS_SELECTOR, ".leaf-text").text
    assert re.fullmatch(r"baomi:leaf:\d+:[0-9a-f]{64}", leaf), leaf
    screenshot(driver, "p05-approval-form")
    open_page(driver, base, "/verify?q=" + quote(leaf))
    result = driver.find_element(By.ID, "verify-result")
    assert result.get_attribute("data-verified") == "true", result.text
    screenshot(driver, "p06-form-verified")
    # A hash changed by one character does not verify.
    forged = leaf[:-1] + ("0" if leaf[-1] != "0" else "1")
    open_page(driver, base, "/verify?q=" + quote(forged))
    assert driver.find_element(By.ID, "verify-result").get_attribute("data-verified") == "false"
    sign_out(driver)


def test_server_logged_no_unhandled_error(approvals_server):
    log = approvals_server.log_text()
    assert "Unhandled error" not in log, log[-4000:]
    assert "[ CRITICAL ]" not in log, log[-4000:]
