"""System tests of `baomi import org|people|places` on the real binary: an institute moves in by codes, each file by
the administrator whose part it is (S1), every problem reported and nothing written (S4), every step audited (A5)."""
import os

from conftest import INITIAL, Server, prepare_for_post, run_cli

PASSWORD = {"BAOMI_INITIAL_PASSWORD": INITIAL}

ORG = """编码,名称,类型,上级编码,要害部门,排序
ZTB,总体设计部,部门,YJS,是,1
YJS,某研究所,单位,,,0
BMB,保密办公室,部门,YJS,否,2
"""

PEOPLE = """工号,姓名,部门编码,岗位,领导,状态,涉密等级
E001,王主任,ZTB,主任,是,在岗,核心
E002,李工,ZTB,工程师,否,在岗,重要
E003,赵秘书,BMB,保密干事,否,,一般
"""


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8-sig") as handle:
        handle.write(text)
    return path


def cli(data_dir, *arguments):
    return run_cli("import", *arguments, "--data-dir", os.path.join(data_dir, "data"), env_extra=PASSWORD)


def test_s1_an_institute_moves_in_by_codes_each_file_by_the_administrator_whose_part_it_is(data_dir):
    org = write(data_dir, "组织机构.csv", ORG)
    people = write(data_dir, "人员名册.csv", PEOPLE)

    # Only the system administrator maintains the organisation: the auditor is refused, and nothing is written.
    refused = cli(data_dir, "org", org, "--as", "auditor")
    assert refused.returncode == 1
    assert "需要系统管理员角色" in refused.stdout and "(S1)" in refused.stdout

    done = cli(data_dir, "org", org, "--as", "sysadmin")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Imported 3 org units" in done.stdout

    # Secret posts before the people exist: every row reported, nothing written.
    early = cli(data_dir, "people", people, "--as", "secadmin")
    assert early.returncode == 1
    assert early.stdout.count("人员由系统管理员先行导入") == 3
    assert "Nothing was written" in early.stdout

    staff = cli(data_dir, "people", people, "--as", "sysadmin")
    assert staff.returncode == 0, staff.stdout + staff.stderr
    assert "Imported 3 people" in staff.stdout and "涉密等级" in staff.stdout

    # Without the pre-post training no secret post is given: every row refused citing E6.6(3), nothing written.
    untrained = cli(data_dir, "people", people, "--as", "secadmin")
    assert untrained.returncode == 1
    assert untrained.stdout.count("上岗前须经保密专项培训") == 3 and "(E6.6(3))" in untrained.stdout
    # Nor without the agreements the post needs, in force (A4, T8): each row names the missing agreement.
    assert untrained.stdout.count("《知识产权保护协议》") == 3 and "(A4)" in untrained.stdout
    assert "Nothing was written" in untrained.stdout
    server = Server(os.path.join(data_dir, "data")).start()
    try:
        status, roll = server.call("GET", "/api/v1/people", token=server.token("sysadmin"))
        assert status == 200, roll
        prepare_for_post(server, [person["id"] for person in roll])
    finally:
        server.stop()

    posts = cli(data_dir, "people", people, "--as", "secadmin")
    assert posts.returncode == 0, posts.stdout + posts.stderr
    assert "Imported 3 secret posts" in posts.stdout

    # The same org file again: every code is in use, nothing written, the refusal recorded.
    again = cli(data_dir, "org", org, "--as", "sysadmin")
    assert again.returncode == 1
    assert again.stdout.count("已被使用") == 3

    # Storage places are the secrecy office's: the system administrator is refused.
    places = write(data_dir, "存放位置.csv", "编号,名称,类型,最高密级,部门编码\nZT-01,总体部保险柜,密码保险柜,绝密,ZTB\n")
    assert cli(data_dir, "places", places, "--as", "sysadmin").returncode == 1

    server = Server(os.path.join(data_dir, "data")).start()
    try:
        token = server.token("auditor")
        status, records = server.call("GET", "/api/v1/audit/records?action=directory.import&limit=50", token=token)
        assert status == 200, records
        outcomes = sorted((r["actorName"], r["outcome"]) for r in records)
        assert outcomes == [("secadmin", "refused"), ("secadmin", "refused"), ("secadmin", "success"), ("sysadmin", "refused"),
                            ("sysadmin", "success"), ("sysadmin", "success")]
        status, changes = server.call("GET", "/api/v1/audit/records?action=person.clearance&limit=50", token=token)
        assert status == 200 and len(changes) == 3
        status, denied = server.call("GET", "/api/v1/audit/records?action=access.denied&limit=50", token=token)
        assert status == 200 and {r["actorName"] for r in denied} >= {"auditor", "sysadmin"}
    finally:
        server.stop()
    assert run_cli("audit", "verify", "--data-dir", os.path.join(data_dir, "data")).returncode == 0
