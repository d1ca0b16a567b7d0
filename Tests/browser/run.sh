#!/usr/bin/env bash
# Runs Baomi's browser tests: installs what is missing (Chromium, its driver, CJK fonts, selenium, pytest),
# then `python3 -m pytest -q Tests/browser` from the repository root, exiting with pytest's status.
#
#   BAOMI_BINARY=…/baomi bash Tests/browser/run.sh [extra pytest arguments]
#
# BAOMI_SCREENSHOTS=folder keeps the screenshots there (default: a new temp folder, printed at the end).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root" || exit 2

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "run.sh: need root to install $*" >&2; return 1; fi
}

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: installing ${missing[*]}" >&2
    as_root apt-get update -qq >/dev/null 2>&1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { echo "run.sh: apt-get install ${missing[*]} failed" >&2; exit 2; }
fi

pip_install() {
    python3 -m pip install -q --disable-pip-version-check "$@" 2>/dev/null \
        || python3 -m pip install -q --disable-pip-version-check --break-system-packages "$@"
}
python3 -c "import selenium" 2>/dev/null || pip_install selenium || { echo "run.sh: pip install selenium failed" >&2; exit 2; }
python3 -c "import pytest" 2>/dev/null || pip_install pytest || { echo "run.sh: pip install pytest failed" >&2; exit 2; }

# No .pytest_cache or __pycache__ left in the repository.
export PYTHONDONTWRITEBYTECODE=1
python3 -m pytest -q -p no:cacheprovider Tests/browser "$@"
exit $?
