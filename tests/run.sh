#!/usr/bin/env bash
# The test command (README): installs what the tests need, then runs the whole suite.
#   bash tests/run.sh [pytest options]
# Debian packages: chromium (the real browser for the browser tests), fonts-noto-cjk (the
# CJK fallback fonts the pages name), libreoffice-writer-nogui (the office suite that opens
# bulletin.docx in tests/test_docx.py) and poppler-utils (pdftotext, pdftoppm). Each is
# installed only when missing. Python: a virtualenv in .venv with kaoping[test].
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK || missing+=(fonts-noto-cjk)
# LibreOffice Calc: the results.csv test opens the csv as a clerk's spreadsheet would (Calc's library, not just soffice)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# axe-core (npm) for the accessibility checks of tests/test_browser.py, kept in a git-ignored folder.
if [ ! -f tests/.node/node_modules/axe-core/axe.min.js ]; then
    command -v npm >/dev/null 2>&1 || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"; $SUDO apt-get update -qq; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null; }
    npm install --prefix tests/.node --no-audit --no-fund --silent axe-core@4 >/dev/null
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
exec .venv/bin/python -m pytest "$@"
