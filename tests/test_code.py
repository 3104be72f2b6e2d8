"""Checks on the code itself: lint, and the rules the reader's browser code must keep."""

import re
import subprocess
import sys

from conftest import ROOT

SCRIPTS = sorted((ROOT / "docs" / "assets" / "javascripts").rglob("*.js"))


def code_of(script) -> str:
    """The script without its comments (block comments and whole-line // comments)."""
    text = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"^\s*//.*$", "", text, flags=re.M)


def test_python_is_lint_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                             "macros", "tests", "bench", "overrides"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_browser_scripts_never_turn_text_into_markup():
    """Reader values are text: no innerHTML/outerHTML/insertAdjacentHTML/document.write, no eval."""
    assert SCRIPTS
    for script in SCRIPTS:
        code = code_of(script)
        found = re.findall(r"\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval|new Function)\b", code)
        assert not found, f"{script.name}: {found}"


def test_browser_scripts_make_no_request_elsewhere():
    for script in SCRIPTS:
        code = code_of(script)
        assert not re.search(r"https?://", code), script.name
