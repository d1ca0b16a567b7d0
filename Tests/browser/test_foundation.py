"""The foundation journeys in the Chinese UI, one server for the whole module, tests in order.

Rules proved (spec/REQUIREMENTS.md): S1 三员分立 (separated administrator roles, menus by role, refusals),
S2 tamper-evident audit log, S3 sign-in and password policy, T4 the organisation (units, people), plus the
bilingual UI. Each test builds on the ones before it: the sysadmin sets up the organisation, the auditor reviews it.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_helpers import (
    AUDITOR_PASSWORD,
    INITIAL_PASSWORD,
    SYSADMIN_PASSWORD,
    change_password,
    choose,
    click_and_wait,
    enrol_totp_on_page,
    field_errors,
    fill,
    heading,
    load_after,
    nav_labels,
    nav_link,
    open_page,
    path_of,
    screenshot,
    sign_in,
    sign_out,
    submit_form,
    switch_language,
    table_rows,
    wait_for_path,
)

ROOT_UNIT, ROOT_CODE = "示例研究所", "ORG-ROOT"
DEPARTMENT, DEPARTMENT_CODE = "技术部", "D-TECH"
PERSON, EMPLOYEE_NUMBER, POST = "张三", "E-1001", "工程师"
ACCOUNT, ACCOUNT_NAME, ACCOUNT_PASSWORD = "zhangsan", "张三", "Zhang-San-Init-2026"

# Audit table columns (AuditPage): #, 时间, 账号, IP, 操作, 对象, 结果, 规则, 详情
ACTOR, ACTION, OBJECT, OUTCOME, RULE = 2, 4, 5, 6, 7


def session_cookie(driver):
    return driver.get_cookie("baomi_session")


def lang(driver) -> str:
    return driver.find_element(By.TAG_NAME, "html").get_attribute("lang")


# MARK: S3 — signing in


def test_s3_wrong_password_shows_bilingual_error_and_does_not_sign_in(driver, base):
    # setup
    driver.delete_all_cookies()
    open_page(driver, base, "/login")
    assert heading(driver) == "登录"
    assert lang(driver) == "zh-CN"
    screenshot(driver, "01-login-zh")
    # act
    sign_in(driver, base, "sysadmin", "Wrong-Pass-2026")
    # check: still on the sign-in page, told in Chinese with the rule, the user name kept, no session
    wait_for_path(driver, "/login")
    error = driver.find_element(By.ID, "login-error").text
    assert error == "用户名或密码错误 (S3)", error
    assert driver.find_element(By.ID, "f-username").get_attribute("value") == "sysadmin"
    assert driver.find_element(By.ID, "f-password").get_attribute("value") == ""
    assert session_cookie(driver) is None
    open_page(driver, base, "/")
    wait_for_path(driver, "/login")
    assert not driver.find_elements(By.CSS_SELECTOR, "nav.sidenav")

    # The same refusal in English, after the top bar's language link (before sign-in it is a cookie).
    switch_language(driver)
    wait_for_path(driver, "/login")
    assert heading(driver) == "Sign in" and lang(driver) == "en"
    fill(driver, "username", "sysadmin", form_id="login-form")
    fill(driver, "password", "Still-Wrong-2026", form_id="login-form")
    submit_form(driver, "login-form")
    assert driver.find_element(By.ID, "login-error").text == "Wrong user name or password (S3)"
    assert session_cookie(driver) is None
    screenshot(driver, "02-login-error-en")
    switch_language(driver)
    assert heading(driver) == "登录"


def test_s3_sysadmin_first_sign_in_forces_password_change(driver, base):
    # act
    sign_in(driver, base, "sysadmin", INITIAL_PASSWORD)
    # check: sent to the password change, told why, no menu, and nothing else opens until the change
    wait_for_path(driver, "/profile/password")
    assert session_cookie(driver) is not None
    assert heading(driver) == "修改密码"
    notice = driver.find_element(By.CSS_SELECTOR, "main .alert-warn").text
    assert "须先修改密码" in notice and "(S3)" in notice
    assert nav_labels(driver) == []
    screenshot(driver, "03-forced-password-change")
    for path in ("/", "/org/units", "/system/accounts"):
        open_page(driver, base, path)
        wait_for_path(driver, "/profile/password")


def test_ui_forced_password_change_page_uses_the_full_width(driver, base):
    open_page(driver, base, "/profile/password")
    assert heading(driver) == "修改密码" and nav_labels(driver) == []
    width = driver.find_element(By.ID, "main").size["width"]
    assert width >= 600, f"<main> is only {width} px wide in a 1400 px window"


def test_s3_new_password_containing_user_name_is_refused(driver, base):
    # setup
    open_page(driver, base, "/profile/password")
    # act
    change_password(driver, INITIAL_PASSWORD, "Sysadmin-New-2026!")
    # check: the error sits next to the field, with the rule; the account still has to change its password
    wait_for_path(driver, "/profile/password")
    errors = field_errors(driver)
    assert errors.get("newPassword") == "密码不能包含用户名 (S3)", errors
    assert driver.find_element(By.CSS_SELECTOR, "form#password-form .alert-error").text == "请修正以下问题：\n密码不能包含用户名 (S3)"
    open_page(driver, base, "/")
    wait_for_path(driver, "/profile/password")


def test_s3_mismatched_confirmation_is_refused(driver, base):
    open_page(driver, base, "/profile/password")
    change_password(driver, INITIAL_PASSWORD, SYSADMIN_PASSWORD, confirm=SYSADMIN_PASSWORD + "x")
    wait_for_path(driver, "/profile/password")
    errors = field_errors(driver)
    assert errors.get("confirmPassword") == "两次输入的新密码不一致 (S3)", errors
    assert "newPassword" not in errors


def test_s3_sysadmin_changes_password_enrols_a_second_factor_and_lands_on_workbench(driver, base, baomi_server):
    # setup
    open_page(driver, base, "/profile/password")
    # act
    change_password(driver, INITIAL_PASSWORD, SYSADMIN_PASSWORD)
    baomi_server.passwords["sysadmin"] = SYSADMIN_PASSWORD
    # check: a second factor is mandatory for the three administrators by default (S3): nothing opens before it
    wait_for_path(driver, "/profile")
    notice = driver.find_element(By.CSS_SELECTOR, "main .alert-warn").text
    assert "三员账号必须启用动态口令" in notice and "(S3)" in notice, notice
    open_page(driver, base, "/org/units")
    wait_for_path(driver, "/profile")
    screenshot(driver, "04a-totp-enrolment-required")
    enrol_totp_on_page(driver, base, "sysadmin")
    assert driver.find_element(By.CSS_SELECTOR, "main .alert-ok").text == "已保存"
    assert driver.find_elements(By.ID, "totp-disable-form")
    open_page(driver, base, "/")
    wait_for_path(driver, "/")
    assert heading(driver) == "我的工作台"
    assert driver.find_element(By.CSS_SELECTOR, "header .who").text == "sysadmin（系统管理员）"
    # S1: the system administrator's menu, and nothing of the other two administrators
    labels = nav_labels(driver)
    for label in ("我的工作台", "人员", "组织机构", "账号", "参数"):
        assert label in labels, labels
    for label in ("审计", "角色与密级"):
        assert label not in labels, labels
    tiles = [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".tile .tile-title")]
    assert tiles == ["组织机构", "人员", "账号"], tiles
    screenshot(driver, "04-workbench-sysadmin")
    # The new password works (with a code), the initial one no longer does, nor the new one without a code.
    sign_out(driver)
    sign_in(driver, base, "sysadmin", INITIAL_PASSWORD)
    assert driver.find_element(By.ID, "login-error").text == "用户名或密码错误 (S3)"
    sign_in(driver, base, "sysadmin", SYSADMIN_PASSWORD, totp="")
    assert "动态口令" in driver.find_element(By.ID, "login-error").text
    sign_in(driver, base, "sysadmin", SYSADMIN_PASSWORD)
    wait_for_path(driver, "/")
    assert heading(driver) == "我的工作台"


# MARK: T4 — the organisation


def test_t4_sysadmin_creates_root_unit(driver, base):
    # setup: through the menu, as a user would
    open_page(driver, base, "/")
    click_and_wait(driver, nav_link(driver, "组织机构"))
    wait_for_path(driver, "/org/units")
    assert heading(driver) == "组织机构"
    assert driver.find_element(By.CSS_SELECTOR, "main p.empty").text == "还没有组织机构。"
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "新建组织机构"))
    wait_for_path(driver, "/org/units/new")
    # The first unit is the root, so the form offers 单位 already.
    kind = Select(driver.find_element(By.ID, "f-kind"))
    assert kind.first_selected_option.text == "单位"
    # act
    fill(driver, "name", ROOT_UNIT, form_id="unit-form")
    fill(driver, "code", ROOT_CODE, form_id="unit-form")
    choose(driver, "kind", "单位", form_id="unit-form")
    submit_form(driver, "unit-form")
    # check
    assert re.fullmatch(r"/org/units/[0-9a-f-]{36}", path_of(driver)), driver.current_url
    assert heading(driver) == ROOT_UNIT
    assert driver.find_element(By.CSS_SELECTOR, "main .alert-ok").text == "已保存"
    facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert ROOT_CODE in facts and "单位" in facts


def test_t4_department_without_parent_unit_is_refused(driver, base):
    # setup
    open_page(driver, base, "/org/units/new")
    assert Select(driver.find_element(By.ID, "f-kind")).first_selected_option.text == "部门"
    # act: a department with no parent
    fill(driver, "name", DEPARTMENT, form_id="unit-form")
    fill(driver, "code", DEPARTMENT_CODE, form_id="unit-form")
    choose(driver, "parentID", "（无）", form_id="unit-form")
    submit_form(driver, "unit-form")
    # check: refused next to the parent field with the rule; the input is kept
    wait_for_path(driver, "/org/units/new")
    errors = field_errors(driver)
    assert errors.get("parentID") == "部门须有上级单位 (T4)", errors
    assert driver.find_element(By.ID, "f-name").get_attribute("value") == DEPARTMENT
    assert driver.find_element(By.ID, "f-code").get_attribute("value") == DEPARTMENT_CODE


def test_t4_sysadmin_creates_department_under_root(driver, base):
    # setup: the refused form from the test before, corrected
    if path_of(driver) != "/org/units/new":
        open_page(driver, base, "/org/units/new")
        fill(driver, "name", DEPARTMENT, form_id="unit-form")
        fill(driver, "code", DEPARTMENT_CODE, form_id="unit-form")
    # act
    choose(driver, "kind", "部门", form_id="unit-form")
    choose(driver, "parentID", ROOT_UNIT, form_id="unit-form")
    submit_form(driver, "unit-form")
    # check
    assert heading(driver) == DEPARTMENT
    facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert ROOT_UNIT in facts and "部门" in facts
    assert driver.find_element(By.ID, "secrecy-officer").text == "未指定 (T4)"
    # The list reads as the tree: the root, then its department indented, and the missing officer flagged.
    click_and_wait(driver, nav_link(driver, "组织机构"))
    rows = table_rows(driver)
    assert [r[:3] for r in rows] == [[ROOT_UNIT, ROOT_CODE, "单位"], [DEPARTMENT, DEPARTMENT_CODE, "部门"]], rows
    assert driver.find_element(By.CSS_SELECTOR, "table.ledger tbody tr:nth-child(2) .depth-1").text == DEPARTMENT
    warning = driver.find_element(By.CSS_SELECTOR, "main .alert-warn").text
    assert "1 个部门尚未指定保密员 (T4)" in warning and DEPARTMENT in warning
    assert driver.find_element(By.CSS_SELECTOR, "main p.count").text == "共 2 个"
    screenshot(driver, "05-org-units")


def test_t4_new_person_form_shows_errors_next_to_fields_and_keeps_input(driver, base):
    # setup
    open_page(driver, base, "/")
    click_and_wait(driver, nav_link(driver, "人员"))
    wait_for_path(driver, "/org/people")
    assert driver.find_element(By.CSS_SELECTOR, "main p.empty").text == "没有符合条件的人员。"
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "新建人员"))
    wait_for_path(driver, "/org/people/new")
    # The browser itself refuses an empty form: required fields are marked as such.
    for name in ("name", "employeeNumber", "departmentID"):
        assert driver.find_element(By.ID, f"f-{name}").get_attribute("required") is not None, name
    driver.find_element(By.CSS_SELECTOR, "form#person-form button[type=submit]").click()
    assert path_of(driver) == "/org/people/new"
    assert driver.execute_script("return document.getElementById('person-form').checkValidity()") is False
    # act: an employee number longer than the 32 characters allowed
    fill(driver, "name", PERSON, form_id="person-form")
    fill(driver, "employeeNumber", "E-" + "9" * 40, form_id="person-form")
    choose(driver, "departmentID", "\u3000" + DEPARTMENT, form_id="person-form")
    fill(driver, "post", POST, form_id="person-form")
    submit_form(driver, "person-form")
    # check: the error beside the field, the rest of the input kept
    wait_for_path(driver, "/org/people/new")
    errors = field_errors(driver)
    assert errors == {"employeeNumber": "工号不能超过 32 个字符"}, errors
    assert driver.find_element(By.ID, "f-name").get_attribute("value") == PERSON
    assert driver.find_element(By.ID, "f-post").get_attribute("value") == POST
    assert Select(driver.find_element(By.ID, "f-departmentID")).first_selected_option.text.strip() == DEPARTMENT
    screenshot(driver, "06-new-person-validation-error")


def test_t4_sysadmin_creates_person_in_department(driver, base):
    # setup: correct the refused form
    if path_of(driver) != "/org/people/new":
        open_page(driver, base, "/org/people/new")
        fill(driver, "name", PERSON, form_id="person-form")
        choose(driver, "departmentID", "\u3000" + DEPARTMENT, form_id="person-form")
        fill(driver, "post", POST, form_id="person-form")
    # act
    fill(driver, "employeeNumber", EMPLOYEE_NUMBER, form_id="person-form")
    submit_form(driver, "person-form")
    # check
    assert re.fullmatch(r"/org/people/[0-9a-f-]{36}", path_of(driver)), driver.current_url
    assert heading(driver) == PERSON
    facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert EMPLOYEE_NUMBER in facts and DEPARTMENT in facts and POST in facts and "在岗" in facts
    click_and_wait(driver, nav_link(driver, "人员"))
    rows = table_rows(driver)
    assert rows == [[EMPLOYEE_NUMBER, PERSON, DEPARTMENT, POST, "", "在岗"]], rows
    # The department now counts one person.
    open_page(driver, base, "/org/units")
    counts = {r[0]: r[4] for r in table_rows(driver)}
    assert counts == {ROOT_UNIT: "0", DEPARTMENT: "1"}, counts


# MARK: S1 — accounts


def test_s1_sysadmin_creates_account_for_person_without_roles(driver, base):
    # setup
    open_page(driver, base, "/")
    click_and_wait(driver, nav_link(driver, "账号"))
    wait_for_path(driver, "/system/accounts")
    assert sorted(r[0] for r in table_rows(driver)) == ["auditor", "secadmin", "sysadmin"]
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "新建账号"))
    wait_for_path(driver, "/system/accounts/new")
    # act
    fill(driver, "username", ACCOUNT, form_id="account-form")
    fill(driver, "displayName", ACCOUNT_NAME, form_id="account-form")
    choose(driver, "personID", f"{PERSON}（{EMPLOYEE_NUMBER}，{DEPARTMENT}）", form_id="account-form")
    fill(driver, "password", ACCOUNT_PASSWORD, form_id="account-form")
    submit_form(driver, "account-form")
    # check: created with no role (roles are the security administrator's to give, S1) and a forced change (S3)
    assert re.fullmatch(r"/system/accounts/[0-9a-f-]{36}", path_of(driver)), driver.current_url
    assert heading(driver) == f"账号 {ACCOUNT}"
    assert driver.find_element(By.ID, "account-roles").text == "（无角色）"
    facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert PERSON in facts and "待改密" in facts
    assert not driver.find_elements(By.ID, "roles-form"), "the system administrator must not be offered role assignment (S1)"
    click_and_wait(driver, nav_link(driver, "账号"))
    rows = {r[0]: r for r in table_rows(driver)}
    assert set(rows) == {"auditor", "secadmin", "sysadmin", ACCOUNT}, rows
    assert rows[ACCOUNT][1:5] == [ACCOUNT_NAME, PERSON, "（无角色）", "待改密"], rows[ACCOUNT]
    assert rows["sysadmin"][4] == "正常" and rows["auditor"][4] == "待改密", rows
    assert driver.find_element(By.CSS_SELECTOR, "main p.count").text == "共 4 个"
    screenshot(driver, "07-accounts")
    # The person's page now names the account.
    open_page(driver, base, "/org/people")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, PERSON))
    assert ACCOUNT in driver.find_element(By.CSS_SELECTOR, "dl.facts").text


# MARK: the bilingual UI


def test_i18n_language_switch_shows_english_navigation(driver, base):
    # setup
    open_page(driver, base, "/")
    assert "组织机构" in nav_labels(driver)
    button = driver.find_element(By.ID, "switch-language")
    assert button.text == "English"
    # act
    switch_language(driver)
    # check: everything in English, the choice kept across pages
    labels = nav_labels(driver)
    for label in ("My workbench", "People", "Working group", "Organisation", "Accounts", "Settings"):
        assert label in labels, labels
    assert not any(re.search(r"[\u4e00-\u9fff]", label) for label in labels), labels
    assert lang(driver) == "en"
    assert driver.find_element(By.ID, "switch-language").text == "中文"
    open_page(driver, base, "/org/units")
    assert heading(driver) == "Organisation"
    assert [r[2] for r in table_rows(driver)] == ["Unit", "Department"]
    screenshot(driver, "08-org-units-en")
    # act: back to Chinese
    switch_language(driver)
    # check
    assert "组织机构" in nav_labels(driver) and "Organisation" not in nav_labels(driver)
    assert lang(driver) == "zh-CN"
    assert driver.find_element(By.ID, "switch-language").text == "English"


def test_i18n_language_switch_keeps_the_current_page(driver, base):
    open_page(driver, base, "/org/people")
    switch_language(driver)
    try:
        assert path_of(driver) == "/org/people", driver.current_url
    finally:
        # Back to Chinese whatever happened, for the tests after this one.
        if lang(driver) == "en":
            switch_language(driver)
        assert lang(driver) == "zh-CN"


# MARK: S1 — the audit trail belongs to the auditor


def test_s1_sysadmin_is_refused_the_audit_page(driver, base):
    # setup
    open_page(driver, base, "/")
    assert "审计" not in nav_labels(driver)
    assert "审计记录" not in [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".tile .tile-title")]
    # act: type the address
    open_page(driver, base, "/system/audit")
    # check: a refusal page with its status and rule, no audit table, still no 审计 in the menu
    assert heading(driver) == "无法完成请求 (403)"
    message = driver.find_element(By.ID, "error-message").text
    assert message == "无权查看管理员审计记录：需要安全审计员角色 (S1)", message
    assert "拒绝已记入审计日志" in driver.find_element(By.TAG_NAME, "main").text
    assert not driver.find_elements(By.CSS_SELECTOR, "table.ledger")
    assert not driver.find_elements(By.ID, "verify-form")
    assert "审计" not in nav_labels(driver)
    screenshot(driver, "09-audit-refused-sysadmin")


def test_s3_sign_out_ends_the_session(driver, base):
    # setup
    open_page(driver, base, "/")
    token = session_cookie(driver)["value"]
    # act
    sign_out(driver)
    # check: back at sign-in, and the old session token opens nothing any more
    wait_for_path(driver, "/login")
    assert session_cookie(driver) is None
    driver.add_cookie({"name": "baomi_session", "value": token, "path": "/"})
    open_page(driver, base, "/org/units")
    wait_for_path(driver, "/login")
    assert not driver.find_elements(By.CSS_SELECTOR, "nav.sidenav")


def test_s3_auditor_first_sign_in_forces_password_change(driver, base, baomi_server):
    # act
    sign_in(driver, base, "auditor", INITIAL_PASSWORD)
    wait_for_path(driver, "/profile/password")
    assert nav_labels(driver) == []
    change_password(driver, INITIAL_PASSWORD, AUDITOR_PASSWORD)
    baomi_server.passwords["auditor"] = AUDITOR_PASSWORD
    enrol_totp_on_page(driver, base, "auditor")
    # check: the auditor's workbench and menu hold the audit and nothing of the other administrators (S1)
    open_page(driver, base, "/")
    wait_for_path(driver, "/")
    assert heading(driver) == "我的工作台"
    labels = nav_labels(driver)
    assert "审计" in labels, labels
    for label in ("组织机构", "人员", "账号", "参数", "角色与密级"):
        assert label not in labels, labels
    assert [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".tile .tile-title")] == ["审计记录"]


def test_s3_workbench_shows_the_previous_sign_in_not_this_one(driver, base):
    # The auditor signed in for the first time just now: there is no previous sign-in to show.
    open_page(driver, base, "/")
    lead = driver.find_element(By.CSS_SELECTOR, "main p.lead").text
    assert lead == "欢迎，安全审计员。上次登录：—。", lead


def test_s1_auditor_sees_the_administrators_actions(driver, base):
    # setup
    open_page(driver, base, "/")
    click_and_wait(driver, nav_link(driver, "审计"))
    wait_for_path(driver, "/system/audit")
    assert heading(driver) == "审计"
    # check: the sysadmin's work is there, with the actor and the outcome
    rows = table_rows(driver)
    by_sysadmin = [r for r in rows if r[ACTOR] == "sysadmin"]
    actions = [r[ACTION] for r in by_sysadmin]
    assert actions.count("新建组织机构") == 2, actions
    assert actions.count("新建人员") == 1, actions
    assert actions.count("创建账号") == 1, actions
    assert "修改密码" in actions and "登录" in actions and "退出登录" in actions, actions
    created = {r[OBJECT] for r in by_sysadmin if r[ACTION] in ("新建组织机构", "新建人员", "创建账号")}
    for name in (ROOT_UNIT, DEPARTMENT, PERSON, ACCOUNT):
        assert any(name in text for text in created), (name, created)
    assert all(r[OUTCOME] == "成功" for r in by_sysadmin if r[ACTION] in ("新建组织机构", "新建人员", "创建账号"))
    # The refusals are there too: the wrong passwords and the audit page the sysadmin was turned away from (A5).
    denied = [r for r in by_sysadmin if r[ACTION] == "拒绝访问"]
    assert len(denied) == 1 and denied[0][RULE] == "S1" and "/system/audit" in denied[0][OBJECT], denied
    failed_sign_ins = [r for r in by_sysadmin if r[ACTION] == "登录" and r[OUTCOME] != "成功"]
    # the wrong-password test tried twice, once in each language
    assert len(failed_sign_ins) >= 2, failed_sign_ins
    # Newest first: the leaf numbers go down.
    numbers = [int(r[0]) for r in rows]
    assert numbers == sorted(numbers, reverse=True), numbers
    screenshot(driver, "10-audit-auditor-zh")


def test_s1_audit_filter_by_action(driver, base):
    # setup
    open_page(driver, base, "/system/audit")
    # act: choosing an action filters at once (the select submits itself)
    select = Select(driver.find_element(By.ID, "f-action"))
    load_after(driver, lambda: select.select_by_visible_text("创建账号"))
    # check: only that action, and the filter kept in the address and the form
    assert "action=account.create" in driver.current_url, driver.current_url
    rows = table_rows(driver)
    assert rows and all(r[ACTION] == "创建账号" for r in rows), rows
    # The three built-in accounts were created by the system at first start, zhangsan by the sysadmin.
    assert sorted((r[ACTOR], r[OBJECT]) for r in rows) == [
        ("sysadmin", f"账号 {ACCOUNT}"), ("system", "账号 auditor"), ("system", "账号 secadmin"),
        ("system", "账号 sysadmin")], rows
    assert Select(driver.find_element(By.ID, "f-action")).first_selected_option.text == "创建账号"


def test_s2_auditor_verifies_the_whole_log(driver, base):
    # setup
    open_page(driver, base, "/system/audit")
    assert not driver.find_elements(By.ID, "verify-result")
    button = driver.find_element(By.CSS_SELECTOR, "form#verify-form button[type=submit]")
    assert button.text == "立即校验全部日志"
    # act
    click_and_wait(driver, button)
    # check
    result = driver.find_element(By.ID, "verify-result")
    assert "alert-ok" in result.get_attribute("class").split(), result.get_attribute("class")
    match = re.fullmatch(r"校验通过：(\d+) 条记录、(\d+) 个检查点全部一致。", result.text)
    assert match, result.text
    assert int(match.group(1)) >= 20 and int(match.group(2)) >= 1, result.text
    screenshot(driver, "11-audit-verified-zh")
    # The verification is itself on the record.
    open_page(driver, base, "/system/audit")
    latest = table_rows(driver)[0]
    assert latest[ACTION] == "校验审计日志" and latest[ACTOR] == "auditor" and latest[RULE] == "S2", latest


def test_i18n_auditor_audit_page_in_english(driver, base):
    open_page(driver, base, "/system/audit")
    switch_language(driver)
    open_page(driver, base, "/system/audit")
    try:
        assert heading(driver) == "Audit"
        assert driver.find_element(By.CSS_SELECTOR, "form#verify-form button").text == "Verify the whole log now"
        actions = {r[ACTION] for r in table_rows(driver)}
        assert {"Create org unit", "Create person", "Create account"} <= actions, actions
        screenshot(driver, "12-audit-auditor-en")
    finally:
        switch_language(driver)
    assert lang(driver) == "zh-CN"


def test_s1_auditor_is_refused_account_management(driver, base):
    open_page(driver, base, "/system/accounts")
    assert heading(driver) == "无法完成请求 (403)"
    assert driver.find_element(By.ID, "error-message").text.endswith("(S1)")
    open_page(driver, base, "/org/units/new")
    assert heading(driver) == "无法完成请求 (403)"
    assert "需要系统管理员角色 (S1)" in driver.find_element(By.ID, "error-message").text


# MARK: the server itself


def test_server_logged_no_unhandled_error(baomi_server):
    log = baomi_server.log_text()
    assert "Unhandled error" not in log, log[-4000:]
    assert "[ CRITICAL ]" not in log, log[-4000:]
