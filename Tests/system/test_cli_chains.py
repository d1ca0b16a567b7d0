"""System tests of `baomi chains` on the real binary (issue #14, principle 9): the chains in force are printed, the
security office sets a new version from the API's JSON and it is audited; anyone else, or a bad file, is refused and
nothing changes."""
import json
import os

from conftest import INITIAL, run_cli

PASSWORD = {"BAOMI_INITIAL_PASSWORD": INITIAL}


def write(data_dir, name, body):
    path = os.path.join(data_dir, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(body if isinstance(body, str) else json.dumps(body, ensure_ascii=False))
    return path


def test_principle_9_chains_show_and_set_by_the_security_office_only(data_dir):
    demo = run_cli("demo", "--data-dir", data_dir, env_extra=PASSWORD)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    shown = run_cli("chains", "show", "--kind", "borrow", "--data-dir", data_dir)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "借阅审批" in shown.stdout and "绝密" in shown.stdout and "国家默认" in shown.stdout
    assert "主管领导" in shown.stdout, shown.stdout
    chain = {
        "kind": "borrow", "level": "topSecret", "note": "绝密借阅增加保密办会签",
        "steps": [
            {"title": "部门保密员审核", "approvers": ["role:secrecyOfficer"], "escalation": "role:securityOffice"},
            {"title": "保密办与主管领导会签", "approvers": ["role:securityOffice", "relation:leaderInCharge"],
             "mode": "all"},
        ],
    }
    path = write(data_dir, "chain.json", chain)
    refused = run_cli("chains", "set", path, "--as", "staff1", "--data-dir", data_dir)
    assert refused.returncode != 0 and "保密办" in refused.stdout, refused.stdout + refused.stderr
    bad = run_cli("chains", "set", write(data_dir, "bad.json", {"kind": "borrow", "steps": [], "note": "x",
                                                                    "level": "nonsense"}),
                  "--as", "bmb", "--data-dir", data_dir)
    assert bad.returncode != 0 and "nonsense" in bad.stdout, bad.stdout + bad.stderr
    unreadable = run_cli("chains", "set", write(data_dir, "x.json", "不是 JSON"), "--as", "bmb", "--data-dir", data_dir)
    assert unreadable.returncode != 0 and "JSON" in unreadable.stdout
    done = run_cli("chains", "set", path, "--as", "bmb", "--data-dir", data_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "borrow/topSecret/2" in done.stdout
    after = run_cli("chains", "show", "--kind", "borrow", "--data-dir", data_dir)
    assert "borrow/topSecret/2" in after.stdout and "会签" in after.stdout, after.stdout
    unknown = run_cli("chains", "show", "--kind", "lunch", "--data-dir", data_dir)
    assert unknown.returncode != 0 and "lunch" in unknown.stdout
    verify = run_cli("audit", "verify", "--data-dir", data_dir)
    assert verify.returncode == 0, verify.stdout + verify.stderr
