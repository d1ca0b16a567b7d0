"""Exams (E6.2, #15) in the Chinese UI, on a server of this module's own, tests in order.

Rules proved (spec/REQUIREMENTS.md): E6.2 (the security office imports a question bank from a CSV file and sets an
exam of purpose 上岗前专项培训 with a pass mark; a member of staff takes it in the browser, fails, takes it again and
passes; the explanations appear only after submission; the certificate of passing prints with the QR code of the
submission's audit leaf, which /verify checks, S2), E6.6(3) (the pass is the pre-post evidence: a later step of this
journey, the clearance gate, starts from `passing_staff_person_id`).
"""

from __future__ import annotations

import os
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By

from browser_helpers import (
    api_expect,
    api_sign_agreements_as,
    choose,
    click_and_wait,
    conftest_module,
    field_errors,
    fill,
    heading,
    nav_link,
    open_page,
    screenshot,
    seed_department,
    sign_in,
    submit_form,
    table_rows,
    wait_for_path,
)

# key → (user, person name, role, secret post, password)
ACCOUNTS = {
    "office": ("exam_bmb", "孙保密", "securityOffice", "core", "Exams-Office-2026!"),
    # Not yet in a secret post: the pre-post exam is what lets the security administrator give them one (E6.6(3)).
    "staff": ("exam_staff", "周考生", "staff", "nonSecret", "Exams-Staff-2026!"),
}
BANK = (
    "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,内容领域,难度,解析\n"
    "单选,涉密载体应当存放在？,密码保险柜,办公桌抽屉,窗台,,,,,,A,保密基本知识,易,涉密载体须存放在密码保险柜中。\n"
    "多选,下列属于国家秘密密级的是？,绝密,机密,内部,秘密,,,,,ABD,保密法律法规,中,国家秘密分为绝密、机密、秘密三级。\n"
    "判断,涉密计算机可以连接互联网。,,,,,,,,,错误,计算机与网络保密,易,涉密计算机严禁连接互联网。\n"
    "填空,保密工作实行积极防范、突出重点、依法____的方针。,,,,,,,,,管理,保密方针政策,难,依法管理。\n"
)
EXAM_TITLE = "上岗前保密专项考试"


@pytest.fixture(scope="module")
def exams_server(request):
    helpers = conftest_module(request.config)
    with helpers.run_server("baomi-browser-exams-", "BAOMI_BROWSER_EXAMS_DATABASE_URL", " (exams)") as server:
        yield server


@pytest.fixture(scope="module")
def base(exams_server) -> str:
    return exams_server.base


@pytest.fixture(scope="module")
def world(exams_server) -> dict[str, str]:
    return seed_department(exams_server.base, "X", "考试研究所", "综合部", ACCOUNTS)


def passing_staff_person_id(world: dict[str, str]) -> str:
    """The person who passes the pre-post exam below (E6.6(3)): the clearance gate's step starts from them."""
    return world["staff_person"]


def sign_in_as(driver, base: str, key: str) -> None:
    user, _name, _role, _post, password = ACCOUNTS[key]
    sign_in(driver, base, user, password)
    wait_for_path(driver, "/")


def test_e6_2_the_office_imports_a_bank_and_sets_a_pre_post_exam(driver, base, world):
    sign_in_as(driver, base, "office")
    click_and_wait(driver, nav_link(driver, "题库"))
    wait_for_path(driver, "/education/questions")
    assert heading(driver) == "题库"
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8-sig", delete=False) as file:
        file.write(BANK)
    try:
        driver.find_element(By.ID, "f-file").send_keys(os.path.abspath(file.name))
        submit_form(driver, "import-form")
    finally:
        os.unlink(file.name)
    wait_for_path(driver, "/education/questions")
    assert "已导入 4 道试题" in driver.find_element(By.ID, "import-done").text
    assert len(table_rows(driver)) == 4
    screenshot(driver, "exam-question-bank")

    open_page(driver, base, "/education/exams/new")
    fill(driver, "title", EXAM_TITLE, form_id="exam-form")
    choose(driver, "purpose", "上岗前保密专项培训", form_id="exam-form")
    for box in driver.find_elements(By.CSS_SELECTOR, "#exam-form input[name='questionIDs']"):
        driver.execute_script("arguments[0].checked = true;", box)
    fill(driver, "pointsPerQuestion", "25", form_id="exam-form")
    fill(driver, "passMark", "100", form_id="exam-form")
    fill(driver, "attemptsAllowed", "2", form_id="exam-form")
    submit_form(driver, "exam-form")
    assert driver.current_url.split("?")[0].rsplit("/", 1)[-1] != "new", driver.page_source[:2000]
    assert heading(driver) == EXAM_TITLE
    assert "上岗前保密专项培训" in driver.find_element(By.CSS_SELECTOR, "dl.facts").text


def start_exam(driver, base) -> None:
    open_page(driver, base, "/education/my-exams")
    row = next(row for row in driver.find_elements(By.CSS_SELECTOR, "#my-exams tbody tr") if EXAM_TITLE in row.text)
    click_and_wait(driver, row.find_element(By.CSS_SELECTOR, "button[type='submit']"))
    assert driver.find_element(By.ID, "exam-paper")
    # The paper never carries the key or the explanations before submission (E6.2).
    assert "涉密计算机严禁连接互联网" not in driver.page_source
    assert "三级" not in driver.page_source


def answer_right(driver) -> None:
    """Picks the right options by their text (each person's order differs) and types the fill-in."""
    for fieldset in driver.find_elements(By.CSS_SELECTOR, "fieldset[data-question]"):
        legend = fieldset.find_element(By.TAG_NAME, "legend").text
        if "填空" in legend:
            field = fieldset.find_element(By.CSS_SELECTOR, "input[type='text']")
            field.clear()
            field.send_keys("管理")
            continue
        wanted = {"涉密载体": ["密码保险柜"], "下列属于": ["绝密", "机密", "秘密"], "涉密计算机": ["错误"]}
        texts = next(value for key, value in wanted.items() if key in legend)
        for label in fieldset.find_elements(By.TAG_NAME, "label"):
            if label.text.split(". ", 1)[-1] in texts:
                label.click()


def give_secret_post_on_page(driver, base: str, world: dict[str, str]) -> None:
    """The security administrator sets the staff member's post to 一般涉密人员 on the person's page."""
    sign_in(driver, base, "secadmin", "X-Sec-2026!")
    wait_for_path(driver, "/")
    open_page(driver, base, f"/org/people/{world['staff_person']}")
    choose(driver, "postClass", "一般涉密人员", form_id="clearance-form")
    fill(driver, "reason", "涉密岗位上岗审批", form_id="clearance-form")
    submit_form(driver, "clearance-form")


def test_e6_6_3_a_secret_post_is_refused_before_the_pre_post_exam_is_passed(driver, base, world):
    give_secret_post_on_page(driver, base, world)
    error = field_errors(driver).get("postClass", "")
    assert "E6.6(3)" in error and EXAM_TITLE in error, error
    screenshot(driver, "training-gate-refused")
    # Nothing was written: the post's history has no 一般涉密人员 row.
    history = driver.find_element(By.CSS_SELECTOR, "#clearance table").text
    assert "一般涉密人员" not in history, history


def test_e6_2_the_staff_member_fails_then_passes_and_prints_the_certificate(driver, base, world):
    sign_in_as(driver, base, "staff")
    click_and_wait(driver, nav_link(driver, "我的考试"))
    assert heading(driver) == "我的考试"

    # A first attempt with nothing answered: submitted, scored 0, failed; the explanations are shown now.
    start_exam(driver, base)
    click_and_wait(driver, driver.find_element(By.ID, "submit-exam"))
    assert "不及格" in driver.find_element(By.ID, "exam-result").text
    assert "涉密计算机严禁连接互联网" in driver.page_source

    # A second attempt, answered right as the person goes (each answer saved), then submitted: passed.
    start_exam(driver, base)
    answer_right(driver)
    screenshot(driver, "exam-take")
    click_and_wait(driver, driver.find_element(By.ID, "submit-exam"))
    result = driver.find_element(By.ID, "exam-result").text
    assert "100/100" in result and "及格" in result and "不及格" not in result, result

    # The certificate: Chinese, A4 print shell, the QR code of the submission's leaf, which /verify proves.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "打印合格证书"))
    assert driver.find_element(By.CSS_SELECTOR, "h1").text == "保密教育考试合格证书"
    assert "周考生" in driver.page_source and EXAM_TITLE in driver.page_source
    assert driver.find_elements(By.CSS_SELECTOR, "#form-seal svg")
    assert not driver.find_elements(By.CSS_SELECTOR, "nav.sidenav")
    leaf = driver.find_element(By.CSS_SELECTOR, "#form-seal .leaf-text").text.strip()
    assert leaf.startswith("baomi:leaf:")
    screenshot(driver, "exam-certificate")
    verified = False
    for _ in range(20):  # the checkpoint over the leaf is signed within a second of the write (S2)
        open_page(driver, base, "/verify?q=" + leaf)
        if 'data-verified="true"' in driver.page_source:
            verified = True
            break
        time.sleep(0.5)
    assert verified, driver.page_source[:3000]

    # The pass is the person's pre-post evidence (E6.6(3)).
    mine = api_expect(base, "GET", "me/exams", world["staff_token"])
    assert any(exam["title"] == EXAM_TITLE and exam["passed"] for exam in mine)
    assert passing_staff_person_id(world)


def test_e6_6_3_the_secret_post_is_given_once_the_exam_is_passed(driver, base, world):
    # The agreement the post needs is signed too (A4, T8): the exam is what this journey waits for.
    api_sign_agreements_as(base, world["office_token"], [world["staff_person"]])
    give_secret_post_on_page(driver, base, world)
    assert "postClass" not in field_errors(driver)
    history = driver.find_element(By.CSS_SELECTOR, "#clearance table").text
    assert "一般涉密人员" in history and "涉密岗位上岗审批" in history, history
