"""Every command's --help speaks Chinese and English (#17): the overview and every option and argument, for each
command and subcommand the binary lists, so a unit's IT staff can run Baomi without reading the source."""
import re
import subprocess

from conftest import BINARY

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"\b[A-Za-z]{3,}\b")
# ArgumentParser's own flag; its text is the library's, the same in every command-line tool.
LIBRARY_ENTRIES = {"-h, --help", "--version"}


def help_text(path: list[str]) -> str:
    result = subprocess.run([BINARY, *path, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def sections(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^([A-Z]+):\s?(.*)$", line)
        if heading:
            current = heading.group(1)
            found[current] = [heading.group(2)] if heading.group(2) else []
        elif current:
            found[current].append(line)
    return found


def entries(lines: list[str]) -> list[tuple[str, str]]:
    """(name, help) of each entry: a name at two spaces' indent, its help after it or on indented lines."""
    result: list[tuple[str, str]] = []
    for line in lines:
        if re.match(r"^  \S", line):
            name, _, rest = line.strip().partition("  ")
            result.append((name.strip(), rest.strip()))
        elif line.startswith("    ") and result:
            name, text = result[-1]
            result[-1] = (name, (text + " " + line.strip()).strip())
    return result


def every_command(path=None) -> list[list[str]]:
    path = path or []
    found = [path]
    for name, _ in entries(sections(help_text(path)).get("SUBCOMMANDS", [])):
        if name.startswith("See "):
            continue
        found += every_command(path + [name.split()[0]])
    return found


def bilingual(text: str) -> bool:
    return bool(CJK.search(text)) and bool(ENGLISH.search(text))


def test_every_command_and_option_is_explained_in_chinese_and_english():
    commands = every_command()
    assert ["serve"] in commands and ["backup"] in commands and ["audit", "verify"] in commands, commands
    problems = []
    for path in commands:
        parts = sections(help_text(path))
        command = " ".join(["baomi", *path])
        overview = " ".join(parts.get("OVERVIEW", []))
        if not bilingual(overview):
            problems.append(f"{command}: overview {overview!r}")
        for section in ("ARGUMENTS", "OPTIONS", "SUBCOMMANDS"):
            for name, text in entries(parts.get(section, [])):
                if name in LIBRARY_ENTRIES or name.startswith("See "):
                    continue
                if not bilingual(text):
                    problems.append(f"{command} {name}: {text!r}")
    assert not problems, "\n".join(problems)
