"""System test of `baomi import people` with the 岗位代码 column on the real binary (A2, T9): the person is put on the
registered post and the class follows it; an unknown code and a class that disagrees are refused on their rows,
with the field and the rule, and nothing is written (S4)."""
import os

from conftest import Server, prepare_for_post
from test_cli_directory import ORG, cli, write

PEOPLE = """工号,姓名,部门编码,岗位,领导,状态
E001,王主任,ZTB,主任,是,在岗
E002,李工,ZTB,工程师,否,在岗
"""

BAD_POSTS = """工号,岗位代码,涉密等级
E001,GW-ZT-01,一般
E002,GW-NOPE,
"""

POSTS = """工号,岗位代码
E001,GW-ZT-01
E002,GW-ZT-02
"""


def test_a2_t9_people_are_put_on_posts_by_code_and_the_class_follows_the_post(data_dir):
    assert cli(data_dir, "org", write(data_dir, "组织机构.csv", ORG), "--as", "sysadmin").returncode == 0
    staff = cli(data_dir, "people", write(data_dir, "人员名册.csv", PEOPLE), "--as", "sysadmin")
    assert staff.returncode == 0, staff.stdout + staff.stderr

    server = Server(os.path.join(data_dir, "data")).start()
    try:
        sysadmin = server.token("sysadmin")
        status, units = server.call("GET", "/api/v1/org-units", token=sysadmin)
        assert status == 200, units
        department = next(unit["id"] for unit in units if unit["code"] == "ZTB")
        status, roll = server.call("GET", "/api/v1/people", token=sysadmin)
        people = {person["employeeNumber"]: person["id"] for person in roll}
        prepare_for_post(server, list(people.values()))
        office = server.token("trainer")
        for code, name, post_class in (("GW-ZT-01", "总设计师", "core"), ("GW-ZT-02", "工艺师", "important")):
            status, post = server.call("POST", "/api/v1/posts", token=office, body={
                "code": code, "name": name, "departmentID": department, "postClass": post_class})
            assert status == 201, post
    finally:
        server.stop()

    # A class that disagrees with the post, and an unknown code: each row refused with its field and rule.
    refused = cli(data_dir, "people", write(data_dir, "岗位-错误.csv", BAD_POSTS), "--as", "secadmin")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "第 2 行" in refused.stdout and "涉密等级" in refused.stdout and "等级随岗位确定" in refused.stdout
    assert "第 3 行" in refused.stdout and "岗位代码「GW-NOPE」未登记" in refused.stdout
    assert "(A2)" in refused.stdout and "Nothing was written" in refused.stdout

    done = cli(data_dir, "people", write(data_dir, "岗位.csv", POSTS), "--as", "secadmin")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Imported 2 secret posts" in done.stdout

    server = Server(os.path.join(data_dir, "data")).start()
    try:
        secadmin = server.token("secadmin")
        classes = {}
        for number, person in people.items():
            status, clearance = server.call("GET", f"/api/v1/people/{person}/clearance", token=secadmin)
            assert status == 200, clearance
            classes[number] = clearance["postClass"]
            status, history = server.call("GET", f"/api/v1/people/{person}/posts", token=secadmin)
            assert status == 200, history
            assert history[0]["postCode"] in ("GW-ZT-01", "GW-ZT-02")
        assert classes == {"E001": "core", "E002": "important"}
        # The 涉密人员台账 shows the post's name.
        status, details = server.call("GET", f"/api/v1/people/{people['E002']}", token=secadmin)
        assert status == 200 and details["post"] == "工艺师", details
    finally:
        server.stop()
