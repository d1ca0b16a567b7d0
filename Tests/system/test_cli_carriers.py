"""System tests of the carrier commands on the real binary: `baomi demo` (a sample institute whose audit trail
verifies and whose carriers the server serves), `baomi export carriers` → `baomi import carriers` round trip (C1,
LEDGERS.md), and a bad file refused with its row number and nothing written (C1.1, S4)."""
import codecs
import csv
import io
import os
import tempfile

from conftest import INITIAL, Server, run_cli

PASSWORD = {"BAOMI_INITIAL_PASSWORD": INITIAL}


def demo(folder, *extra):
    result = run_cli("demo", "--data-dir", folder, *extra, env_extra=PASSWORD)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def carriers_total(folder):
    """The carriers the server lists to the 保密办 demo account, signed in through the API (changing its password)."""
    server = Server(folder).start()
    try:
        token = server.token("bmb")
        status, body = server.call("GET", "/api/v1/carriers", token=token)
        assert status == 200, body
        return body["total"]
    finally:
        server.stop()


def test_demo_fills_a_fresh_folder_the_audit_verifies_and_the_server_serves_its_carriers(data_dir):
    output = demo(data_dir)
    assert "某研究所" in output and "bmb" in output and "保密办" in output
    assert "60 个涉密载体" in output
    verify = run_cli("audit", "verify", "--data-dir", data_dir)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Audit log intact" in verify.stdout
    assert carriers_total(data_dir) == 60
    # A folder that already holds an institute is refused, and left as it was.
    again = run_cli("demo", "--data-dir", data_dir, env_extra=PASSWORD)
    assert again.returncode == 1
    assert "fresh folder" in again.stdout and "60 个载体" in again.stdout
    assert run_cli("audit", "verify", "--data-dir", data_dir).returncode == 0


def test_demo_without_password_prints_one_for_the_accounts(data_dir):
    result = run_cli("demo", "--data-dir", data_dir, "--without-carriers", env_extra={"BAOMI_INITIAL_PASSWORD": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "initial password, shown once:" in result.stdout
    # the three built-in administrators' passwords are announced as by `serve` (S3)
    assert "sysadmin" in result.stdout and "auditor" in result.stdout


def take_back_open_loans(folder):
    """The demo lends copies (#13); a copy on loan moves in only once back (C4), so the office takes them back first."""
    server = Server(folder).start()
    try:
        token = server.token("bmb")
        status, loans = server.call("GET", "/api/v1/loans?out=1", token=token)
        assert status == 200, loans
        assert len(loans) >= 2 and any(loan["overdue"] for loan in loans)
        for loan in loans:
            status, body = server.call("POST", f"/api/v1/requests/{loan['requestID']}/return", token=token,
                                       body={"force": True})
            assert status == 200, body
    finally:
        server.stop()


def test_c1_export_then_import_into_a_second_fresh_folder_registers_the_same_carriers(data_dir):
    demo(data_dir)
    take_back_open_loans(data_dir)
    with tempfile.TemporaryDirectory(prefix="baomi-system-") as second:
        ledger = os.path.join(second, "涉密载体台账.csv")
        exported = run_cli("export", "carriers", "--data-dir", data_dir, "--output", ledger)
        assert exported.returncode == 0, exported.stdout + exported.stderr
        with open(ledger, "rb") as handle:
            raw = handle.read()
        assert raw.startswith(codecs.BOM_UTF8)
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert rows[0][:15] == ["序号", "载体编号", "载体名称", "文号", "载体类别", "密级", "保密期限", "知悉范围", "份数", "来源",
                                "制作或接收日期", "责任人", "存放位置", "状态", "备注"]
        assert len(rows) == 61
        date = rows[1][rows[0].index("制作或接收日期")]
        assert len(date) == 10 and date[4] == "-" and date[7] == "-"
        # exporting again replaces the file whole
        again = run_cli("export", "carriers", "--data-dir", data_dir, "--output", ledger)
        assert again.returncode == 0, again.stdout + again.stderr
        with open(ledger, "rb") as handle:
            assert handle.read() == raw
        assert sorted(os.listdir(second)) == ["涉密载体台账.csv"]

        # the same organisation (same seed: same codes and employee numbers), no carriers yet
        target = os.path.join(second, "data")
        demo(target, "--without-carriers")
        imported = run_cli("import", "carriers", ledger, "--data-dir", target, "--as", "bmb")
        assert imported.returncode == 0, imported.stdout + imported.stderr
        assert "Registered 60 carriers" in imported.stdout
        assert "rows/s" in imported.stdout
        assert carriers_total(target) == 60
        verify = run_cli("audit", "verify", "--data-dir", target)
        assert verify.returncode == 0, verify.stdout + verify.stderr


def test_c1_1_a_bad_csv_is_refused_with_its_row_number_and_nothing_is_written(data_dir):
    demo(data_dir, "--without-carriers")
    bad = os.path.join(data_dir, "bad.csv")
    with open(bad, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["载体名称", "载体类别", "载体形态", "密级", "保密期限", "份数", "责任部门编码", "知悉范围部门编码",
                         "定密责任人工号", "备注"])
        writer.writerow(["总体技术方案", "技术方案", "纸介质", "机密", "20年", "3", "ZTB", "ZTB;KJB", "E0501", "第一行无误"])
        writer.writerow(["无密级的图纸", "图纸", "纸介质", "", "10年", "1", "ZTB", "ZTB", "E0501", "缺密级"])
        writer.writerow(["超期的方案", "技术方案", "纸介质", "秘密", "20年", "1", "ZTB", "ZTB", "E0501", "超过10年"])
    result = run_cli("import", "carriers", bad, "--data-dir", data_dir, "--as", "bmb")
    assert result.returncode == 1
    assert "第 3 行「密级」" in result.stdout and "(C1.1)" in result.stdout
    assert "第 4 行「保密期限」" in result.stdout and "(C9)" in result.stdout
    assert "Nothing was written" in result.stdout
    # nothing was written: not even the valid first row
    assert carriers_total(data_dir) == 0
    assert run_cli("audit", "verify", "--data-dir", data_dir).returncode == 0

    # a file that is not CSV at all is refused with its line
    broken = os.path.join(data_dir, "broken.csv")
    with open(broken, "w", encoding="utf-8") as handle:
        handle.write('载体名称,密级\n"未闭合,机密\n')
    result = run_cli("import", "carriers", broken, "--data-dir", data_dir)
    assert result.returncode == 1
    assert "第 2 行" in result.stdout and "(S4)" in result.stdout
