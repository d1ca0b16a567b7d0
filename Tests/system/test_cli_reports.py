"""System tests of `baomi report` on the real binary (issue #5): a ledger as CSV for Excel (UTF-8 with BOM, Chinese
headers, LEDGERS.md), the same ledger narrowed to what a department secrecy officer may see (T5.2, A2), the annual
self-inspection figures as text (I2), and refusals — an unknown report, a bad year, a staff account (S1) — that exit
1 and write nothing."""
import codecs
import csv
import io
import os

from conftest import INITIAL, run_cli

PASSWORD = {"BAOMI_INITIAL_PASSWORD": INITIAL}


def demo(folder):
    result = run_cli("demo", "--data-dir", folder, env_extra=PASSWORD)
    assert result.returncode == 0, result.stdout + result.stderr


def read_csv(path):
    raw = open(path, "rb").read()
    assert raw.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(raw[len(codecs.BOM_UTF8):].decode("utf-8"))))


def test_c1_a2_the_carrier_ledger_as_csv_for_the_office_and_narrowed_for_a_department_officer(data_dir):
    demo(data_dir)
    office = os.path.join(data_dir, "office.csv")
    result = run_cli("report", "carrierLedger", "--as", "bmb", "--data-dir", data_dir, "--output", office)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = read_csv(office)
    assert rows[0][:6] == ["序号", "载体编号", "载体名称", "文号", "载体类别", "密级"]
    assert len(rows) == 61 and [row[0] for row in rows[1:4]] == ["1", "2", "3"]
    assert "已导出 60 行" in result.stdout
    officer = os.path.join(data_dir, "officer.csv")
    result = run_cli("report", "carrierLedger", "--as", "bmy.zt", "--data-dir", data_dir, "--output", officer)
    assert result.returncode == 0, result.stdout + result.stderr
    mine = read_csv(officer)
    assert 1 < len(mine) < len(rows)
    # 存放位置 names the copies' places (LEDGERS.md): the department's own cabinets, or the archive's vault.
    assert mine[0][12] == "存放位置"
    assert all(place.startswith(("总体设计部", "涉密档案")) for row in mine[1:] for place in row[12].split("、") if place)
    assert {row[1] for row in mine[1:]} < {row[1] for row in rows[1:]}
    secret = run_cli("report", "copyLedger", "--level", "secret", "--as", "bmb", "--data-dir", data_dir)
    assert secret.returncode == 0, secret.stderr
    copies = list(csv.reader(io.StringIO(secret.stdout.lstrip("\ufeff"))))
    assert copies[0][3] == "密级" and len(copies) > 1 and {row[3] for row in copies[1:]} == {"机密"}


def test_i2_self_inspection_prints_the_year_figures_for_the_office_and_refuses_an_officer(data_dir):
    demo(data_dir)
    result = run_cli("report", "self-inspection", "--year", "2026", "--as", "bmb", "--data-dir", data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "保密自查报告" in result.stdout and "一、涉密载体" in result.stdout and "五、合规提醒" in result.stdout
    officer = run_cli("report", "self-inspection", "--as", "bmy.zt", "--data-dir", data_dir)
    assert officer.returncode == 1 and "(S1)" in officer.stderr


def test_s1_unknown_reports_bad_years_and_staff_are_refused_and_nothing_is_written(data_dir):
    demo(data_dir)
    target = os.path.join(data_dir, "out.csv")
    for arguments, expected in (
            (["report", "salaries"], "没有这个报表"),
            (["report", "carrierLedger", "--year", "26"], "年份须为四位数字"),
            (["report", "carrierLedger", "--as", "staff1"], "(S1)")):
        result = run_cli(*arguments, "--data-dir", data_dir, "--output", target)
        assert result.returncode == 1, result.stdout + result.stderr
        assert expected in result.stderr, result.stderr
        assert not os.path.exists(target)
