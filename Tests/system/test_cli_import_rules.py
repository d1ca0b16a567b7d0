"""System tests of issue #13, "one set of rules for every way in" (A2, T5.1, C1.1, C2): `baomi import carriers`
on the real binary refuses what `POST /api/v1/carriers` refuses, refuses a file it already imported, refuses a
repeated 文号 unless told why, and writes its problems to a file when they do not fit on a screen."""
import csv
import os
import sqlite3

from conftest import INITIAL, Server, run_cli

PASSWORD = {"BAOMI_INITIAL_PASSWORD": INITIAL}
HEADER = ["载体名称", "文号", "载体类别", "载体形态", "密级", "保密期限", "份数", "责任部门编码", "知悉范围部门编码",
          "定密责任人工号"]


def institute(folder):
    result = run_cli("demo", "--data-dir", folder, "--without-carriers", env_extra=PASSWORD)
    assert result.returncode == 0, result.stdout + result.stderr


def write_csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def carriers(folder):
    with sqlite3.connect(os.path.join(folder, "baomi.sqlite")) as database:
        return database.execute("SELECT COUNT(*) FROM carriers").fetchone()[0]


def audit_details(folder, action):
    with sqlite3.connect(os.path.join(folder, "baomi.sqlite")) as database:
        return [row[0] for row in database.execute(
            "SELECT details FROM audit_records WHERE action = ? AND outcome = 'success'", (action,))]


def test_a2_import_as_an_officer_cleared_below_the_level_is_refused_as_the_api_refuses(data_dir):
    institute(data_dir)
    # setup: the security administrator lowers the 保密办 officer's post to 重要 (up to 机密)
    server = Server(data_dir).start()
    try:
        sysadmin = server.token("sysadmin")
        status, accounts = server.call("GET", "/api/v1/accounts", token=sysadmin)
        assert status == 200, accounts
        person = next(account["personID"] for account in accounts if account["username"] == "bmb")
        secadmin = server.token("secadmin")
        # Only the class changes: the officer stays in the demo's key projects, which a direct change may not drop
        # while they run (T10).
        status, current = server.call("GET", f"/api/v1/people/{person}/clearance", token=secadmin)
        assert status == 200, current
        status, body = server.call("PUT", f"/api/v1/people/{person}/clearance", token=secadmin, body={
            "postClass": "important", "compartments": current["compartments"], "groups": current["groups"],
            "separationUntil": None, "reason": "调整岗位"})
        assert status == 200, body
        bmb = server.token("bmb")
        status, units = server.call("GET", "/api/v1/org-units", token=bmb)
        ztb = next(unit["id"] for unit in units if unit["code"] == "ZTB")
        status, people = server.call("GET", "/api/v1/people", token=sysadmin)
        head = next(p["id"] for p in people if p["employeeNumber"] == "E0101")
        status, body = server.call("POST", "/api/v1/carriers", token=bmb, body={
            "title": "绝密方案", "category": "technicalSolution", "form": "paper", "level": "topSecret",
            "period": "30", "copyCount": 1, "departmentID": ztb, "scopeDepartments": [ztb], "classifierID": head})
        assert status == 422 and body["rule"] == "A2", body
    finally:
        server.stop()

    # act: the same carrier by import, as the same officer
    ledger = os.path.join(data_dir, "台账.csv")
    write_csv(ledger, [
        ["绝密方案", "", "技术方案", "纸介质", "绝密", "30年", "104", "ZTB", "ZTB", "E0101"],
        ["机密方案", "", "技术方案", "纸介质", "机密", "20年", "2", "ZTB", "ZTB", "E0101"],
    ])
    result = run_cli("import", "carriers", ledger, "--data-dir", data_dir, "--as", "bmb")
    # check: refused with the same rule, nothing written
    assert result.returncode == 1, result.stdout
    assert "第 2 行「密级」" in result.stdout and "(A2)" in result.stdout, result.stdout
    assert "Nothing was written" in result.stdout
    assert carriers(data_dir) == 0

    # without --as the system registers: the carrier's own rules apply, nobody holds the copies yet
    result = run_cli("import", "carriers", ledger, "--data-dir", data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Registered 2 carriers" in result.stdout
    # the same file again: refused, naming when and by whom it was imported first
    again = run_cli("import", "carriers", ledger, "--data-dir", data_dir, "--as", "bmy.zt")
    assert again.returncode == 1
    assert "由 system 导入" in again.stdout and "(C1)" in again.stdout, again.stdout
    assert carriers(data_dir) == 2
    assert run_cli("audit", "verify", "--data-dir", data_dir).returncode == 0


def test_c2_repeated_document_numbers_need_a_reason_and_many_problems_go_to_a_file(data_dir):
    institute(data_dir)
    ledger = os.path.join(data_dir, "ledger.csv")
    rows = [[f"方案{n}", "总体字〔2026〕7号", "技术方案", "纸介质", "机密", "20年", "1", "ZTB", "ZTB", "E0501"]
            for n in range(1, 25)]
    rows.append(["无效日期", "总体字〔2026〕8号", "技术方案", "纸介质", "机密", "2026-02-30", "1", "ZTB", "ZTB", "E0501"])
    rows.append(["未知部门", "总体字〔2026〕9号", "技术方案", "软盘", "机密", "20年", "1", "XYZ", "ZTB", "E0501"])
    write_csv(ledger, rows)

    result = run_cli("import", "carriers", ledger, "--data-dir", data_dir, "--as", "bmb")
    assert result.returncode == 1
    # 23 repeats + a date + a form and a department: more than a screen, all in the file beside the input
    problems_file = ledger + ".problems.csv"
    assert f"All 26 problems are written to: {problems_file}" in result.stdout, result.stdout
    assert "「保密期限」2026-02-30 不是存在的日期" in open(problems_file, encoding="utf-8-sig").read()
    with open(problems_file, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == ["行", "列", "规则", "问题", "problem"]
    assert len(written) == 27
    assert sum("与第 2 行重复" in row[3] for row in written) == 23
    unknown = [row for row in written if row[1] in ("载体形态", "责任部门编码")]
    assert any("软盘" in row[3] and "纸介质 (paper)" in row[3] for row in unknown)
    assert any("XYZ" in row[3] and "ZTB" in row[3] for row in unknown)
    assert carriers(data_dir) == 0

    # --problems names the file; --allow-duplicate-document-number registers the repeats, the reason audited
    write_csv(ledger, rows[:24])
    chosen = os.path.join(data_dir, "问题.csv")
    result = run_cli("import", "carriers", ledger, "--data-dir", data_dir, "--as", "bmb", "--problems", chosen,
                     "--allow-duplicate-document-number", "同一方案分发各室，逐份登记")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Registered 24 carriers" in result.stdout
    assert not os.path.exists(chosen)
    details = audit_details(data_dir, "carrier.register")
    # the first row takes the number; the 23 after it repeat it, each with the reason
    assert sum("同一方案分发各室，逐份登记" in entry for entry in details) == 23
    assert any("同一方案分发各室，逐份登记" in entry for entry in audit_details(data_dir, "carrier.import"))
