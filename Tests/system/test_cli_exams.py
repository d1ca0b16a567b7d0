"""System tests of the question bank and exam commands on the real binary (E6.2): `baomi questions import` writes a
whole CSV file or nothing and names each bad row, `baomi questions export` writes the import's own columns (CSV with
a BOM, or xlsx), and `baomi exams results` writes an exam's attempts."""
import os
import zipfile

from conftest import run_cli

HEADER = "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,内容领域,难度,解析\n"
GOOD = [
    "单选,涉密载体应当存放在？,密码保险柜,办公桌,,,,,,,A,保密基本知识,易,保险柜\n",
    "多选,属于国家秘密密级的是？,绝密,机密,内部,秘密,,,,,ABD,保密法律法规,中,\n",
    "判断,涉密计算机可以连接互联网。,,,,,,,,,错误,计算机与网络保密,易,\n",
    "填空,保密工作实行积极防范、突出重点、依法____。,,,,,,,,,管理,保密方针政策,难,\n",
]


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8-sig") as file:
        file.write(text)
    return path


def test_a_bad_row_is_named_and_nothing_is_written_then_the_good_file_imports_and_exports(data_dir):
    bad = write(data_dir, "bad.csv", HEADER + GOOD[0] + GOOD[1].replace("ABD", "AZ") + GOOD[2])
    refused = run_cli("questions", "import", bad, "--data-dir", data_dir)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "第 3 行「答案」" in refused.stdout and "Nothing was written" in refused.stdout
    empty = run_cli("questions", "export", "--data-dir", data_dir)
    assert empty.returncode == 0 and empty.stdout.strip().count("\n") == 0, empty.stdout

    good = write(data_dir, "good.csv", HEADER + "".join(GOOD))
    imported = run_cli("questions", "import", good, "--data-dir", data_dir)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Imported 4 questions" in imported.stdout
    exported = os.path.join(data_dir, "bank.csv")
    assert run_cli("questions", "export", "--data-dir", data_dir, "--output", exported).returncode == 0
    with open(exported, "rb") as file:
        raw = file.read()
    assert raw.startswith(b"\xef\xbb\xbf") and "涉密载体应当存放在" in raw.decode("utf-8-sig")
    workbook = os.path.join(data_dir, "bank.xlsx")
    assert run_cli("questions", "export", "--format", "xlsx", "--data-dir", data_dir, "-o", workbook).returncode == 0
    with zipfile.ZipFile(workbook) as archive:
        assert "涉密计算机可以连接互联网" in archive.read("xl/sharedStrings.xml").decode("utf-8")
    # The exported file imports again as it is.
    again = run_cli("questions", "import", workbook, "--data-dir", data_dir)
    assert again.returncode == 0 and "Imported 4 questions" in again.stdout, again.stdout


def test_results_of_an_exam_that_does_not_exist_are_refused(data_dir):
    result = run_cli("exams", "results", "没有这场考试", "--data-dir", data_dir)
    assert result.returncode == 1 and "No exam is called" in result.stdout, result.stdout + result.stderr
