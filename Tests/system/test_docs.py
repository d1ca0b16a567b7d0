"""The guides stay current (#17): docs/部署指南.md and docs/保密办使用手册.md are linked from the README, every picture they
show is in docs/images and is one a browser test takes (docs/refresh-screenshots re-takes them), and every command,
option and setting they name exists in this build."""
import re
import subprocess
from pathlib import Path

from conftest import BINARY

ROOT = Path(__file__).resolve().parents[2]
GUIDES = [ROOT / "docs" / "部署指南.md", ROOT / "docs" / "保密办使用手册.md"]


def guide_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in GUIDES)


def browser_screenshot_names() -> set[str]:
    names = set()
    for path in (ROOT / "Tests" / "browser").glob("*.py"):
        names |= set(re.findall(r'screenshot\(\s*driver,\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    return names


def test_the_readme_links_both_guides():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in GUIDES:
        assert f"(docs/{path.name})" in readme, path.name


def test_every_picture_shown_exists_and_a_browser_test_takes_it():
    shown = set(re.findall(r"\]\(images/([A-Za-z0-9_-]+)\.png\)", guide_text()))
    assert len(shown) >= 8, shown
    kept = {path.stem for path in (ROOT / "docs" / "images").glob("*.png")}
    assert shown <= kept, f"not in docs/images: {sorted(shown - kept)}"
    assert kept <= shown, f"in docs/images but shown nowhere: {sorted(kept - shown)}"
    taken = browser_screenshot_names()
    assert shown <= taken, f"no browser test takes: {sorted(shown - taken)}"


def test_every_command_option_and_setting_named_exists():
    text = guide_text()
    for command in sorted(set(re.findall(r"\bbaomi ([a-z]+(?: [a-z]+)?)", text))):
        words = command.split()
        if subprocess.run([BINARY, *words, "--help"], capture_output=True, timeout=60).returncode != 0:
            words = words[:1]
        result = subprocess.run([BINARY, *words, "--help"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "USAGE" in result.stdout, f"baomi {command}"
    everything = "\n".join(
        subprocess.run([BINARY, *path, "--help"], capture_output=True, text=True, timeout=60).stdout
        for path in (
            ["serve"], ["backup"], ["restore"], ["doctor"], ["migrate"], ["import", "carriers"], ["questions", "import"],
            ["questions", "export"], ["exams", "results"], ["chains", "show"], ["chains", "set"]))
    # Options on a line that runs baomi, and options quoted on their own (`--shutdown-grace`).
    command_lines = [line for line in text.splitlines() if re.search(r"(^|[\s`(])baomi [a-z-]", line)]
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", "\n".join(command_lines)))
    options |= set(re.findall(r"`(--[a-z][a-z-]+)", text))
    assert "--shutdown-grace" in options, sorted(options)
    for option in sorted(options):
        assert option in everything, option
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "Sources").rglob("*.swift"))
    for setting in sorted(set(re.findall(r"\bBAOMI_[A-Z_]+\b", text))):
        assert f'"{setting}"' in sources, setting
