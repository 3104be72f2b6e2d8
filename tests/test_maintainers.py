"""The maintainers' workflow: `make check` and `make test`, the forge's CI files, the merge-request template."""

import re
import shlex
import subprocess

from conftest import ROOT


def readme_command(comment: str) -> list[str]:
    """The command on the line of README.md's opening block commented `# {comment}…`."""
    match = re.search(rf"^(\S.*?)\s+# {re.escape(comment)}\b", (ROOT / "README.md").read_text(encoding="utf-8"), re.M)
    assert match, f"README.md has no command commented '{comment}'"
    return shlex.split(match.group(1))


def make_recipe(target: str) -> list[str]:
    """What `make -n <target>` would run, with the bootstrap of .venv taken as done."""
    result = subprocess.run(["make", "-n", "-s", "-o", ".venv/.installed", target], cwd=ROOT,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_make_check_runs_a_subset_of_make_test():
    """Nothing is checked in only one of them: `make check` is `make build` (the strict build the test
    suite also makes) and the tests of `make test` less those marked `full`."""
    assert readme_command("运行全部测试") == ["make", "test"]
    assert readme_command("编辑时的快速检查") == ["make", "check"]
    test, = [line for line in make_recipe("test") if "pytest" in line]
    check = [line for line in make_recipe("check") if "pytest" in line]
    assert check == [test + ' -m "not full"']
    assert "mkdocs build --strict" in "\n".join(make_recipe("check"))
    assert re.search(r"^\s*testpaths = tests$", (ROOT / "pytest.ini").read_text(encoding="utf-8"), re.M)
    assert test.endswith(" -m pytest")  # every test under testpaths, none deselected


def test_make_help_lists_check():
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert re.search(r"make check +Fast check", result.stdout) and "make test" in result.stdout
