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


# ---------------------------------------------------------------- CI on the forge


def load_yaml(path):
    import yaml

    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def _runs(lines, command: list[str]) -> bool:
    """Some line of a job's script is the command, or runs it through .ci/run."""
    return any(shlex.split(line) in (command, [".ci/run", *command]) for line in lines)


def test_gitlab_ci_runs_the_readme_test_command_on_debian_and_keeps_the_site():
    ci = load_yaml(".gitlab-ci.yml")
    command = readme_command("运行全部测试")
    assert "bookworm" in ci["default"]["image"] and ci["variables"]["GIT_DEPTH"] == "0"
    test = ci["test"]
    assert shlex.split(test["script"][0])[0] == ".ci/run"  # installs first
    assert _runs(test["script"], command) and _runs(test["script"], ["make", "build"])
    assert test["artifacts"]["paths"] == ["site/"] and test["artifacts"]["when"] == "always"
    pages = ci["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"] and "cp -r site public" in pages["script"][-1]


def test_actions_workflow_runs_the_readme_test_command_on_debian_and_keeps_the_site():
    workflow = load_yaml(".github/workflows/test.yml")
    assert set(workflow.get("on", workflow.get(True))) == {"push", "pull_request"}  # YAML 1.1 reads `on` as true
    job, = workflow["jobs"].values()
    assert "bookworm" in job["container"]
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    runs = [s["run"] for s in steps if "run" in s]
    assert shlex.split(runs[0])[0] == ".ci/run"
    assert _runs(runs, readme_command("运行全部测试")) and _runs(runs, ["make", "build"])
    upload, = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "site/" and upload["if"] == "always()"
    assert {s["uses"].split("@")[0] for s in steps if "uses" in s} == {"actions/checkout", "actions/upload-artifact"}


def test_ci_run_installs_what_the_tests_use_and_defaults_to_the_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("make", "python3-venv", "git", "chromium", "nginx", "libreoffice-writer-nogui", "poppler-utils"):
        assert f"missing+=({package}" in script or f" {package})" in script, package
    assert f"set -- {' '.join(readme_command('运行全部测试'))}" in script


# ---------------------------------------------------------------- review


def test_merge_request_template_is_one_text_for_every_forge():
    gitlab = (ROOT / ".gitlab" / "merge_request_templates" / "Default.md").read_text(encoding="utf-8")
    assert (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8") == gitlab
    for heading in ("## 改了什么", "## 涉及的范本和短语", "## 新增事实的来源", "## 时效性提法"):
        assert heading in gitlab


def test_codeowners_name_owners_of_the_data_and_the_code():
    rules = dict(line.split(None, 1) for line in (ROOT / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#"))
    assert "@content-owners" in rules["/docs/data/"] and "@code-owners" in rules["*"]


def test_pre_commit_uses_the_pinned_ruff_and_reads_mkdocs_yml_as_syntax():
    hooks = {h["id"]: h for repo in load_yaml(".pre-commit-config.yaml")["repos"] for h in repo["hooks"]}
    pinned = re.search(r"^ruff==(\S+)", (ROOT / "requirements-dev.txt").read_text(encoding="utf-8"), re.M).group(1)
    assert hooks["ruff"]["additional_dependencies"] == [f"ruff=={pinned}"]
    assert "mkdocs" in hooks["check-yaml"]["exclude"] and hooks["check-mkdocs-yaml"]["entry"] == "check-yaml --unsafe"
