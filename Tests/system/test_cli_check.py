"""System tests of `baomi check` on the real binary (issue #5): the compliance engine once from the command line,
on the demo institute. L1.9 (a borrowed copy is overdue; C6: every department and place was inventoried this year, so
no "never inventoried" finding — #13), REMIND (a second
run finds the same and opens nothing), S2 (the runs are audited and the trail still verifies)."""
from conftest import INITIAL, run_cli

PASSWORD = {"BAOMI_INITIAL_PASSWORD": INITIAL}


def test_c6_check_prints_the_open_findings_stores_them_once_and_fails_on_request(data_dir):
    demo = run_cli("demo", "--data-dir", data_dir, env_extra=PASSWORD)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    first = run_cli("check", "--data-dir", data_dir)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "合规检查完成 / Compliance check done" in first.stdout
    assert "[逾期 overdue] L1.9" in first.stdout and "已逾期" in first.stdout
    assert "从未清查" not in first.stdout
    opened = int(first.stdout.split("新发现 ")[1].split("、")[0])
    assert opened > 0
    second = run_cli("check", "--data-dir", data_dir, "--fail-on", "overdue")
    assert second.returncode == 2, second.stdout + second.stderr
    assert "新发现 0、更新 0、关闭 0" in second.stdout
    bad = run_cli("check", "--data-dir", data_dir, "--fail-on", "sometimes")
    assert bad.returncode != 0 and "notice、warning 或 overdue" in (bad.stdout + bad.stderr)
    verify = run_cli("audit", "verify", "--data-dir", data_dir)
    assert verify.returncode == 0, verify.stdout + verify.stderr
