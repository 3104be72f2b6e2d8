"""The maintainers' workflow: `make check` and `make test`, the forge's CI files, the merge-request template,
最后更新 from git, the review dates, the change log and the links to the forge."""

import os
import re
import shlex
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, fixture_site, mkdocs_build


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


# ---------------------------------------------------------------- 最后更新 from git


def config_of(path) -> dict:
    """A mkdocs.yml read as plain data: `!ENV X` becomes ("!ENV", "X"), a !!python/… tag None."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: ("!ENV", loader.construct_sequence(node)
                                                         if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node)))
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / path).read_text(encoding="utf-8"), Loader=Loader)


def plugin_options(config: dict, name: str) -> dict:
    (options,) = [p[name] for p in config["plugins"] if isinstance(p, dict) and name in p]
    return options


def test_fixture_sites_date_and_link_their_pages_as_the_site_does():
    site, base = config_of("mkdocs.yml"), config_of("tests/fixtures/base/mkdocs.yml")
    options = plugin_options(site, "git-revision-date-localized")
    assert options == plugin_options(base, "git-revision-date-localized")
    assert options["fallback_to_build_date"] is False
    assert "overrides/hooks/git_dates.py" in site["hooks"] and "overrides/hooks/git_dates.py" in base["hooks"]
    for key in ("repo_url", "edit_uri"):
        assert site[key] == base[key] and site[key][0] == "!ENV", key
    assert site["extra"]["forge"] == base["extra"]["forge"] == ("!ENV", ["FORGE", "gitlab"])
    assert "content.action.edit" in site["theme"]["features"] and "content.action.edit" in base["theme"]["features"]


def git(folder, *args, date="2026-03-04T20:00:00+00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "测试",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env, timeout=60)


def build_dates(config, out, **env) -> dict[str, str | None]:
    """Build, with git kept from looking above the test's folder; page → what its 最后更新 line says."""
    result = mkdocs_build(config, out, GIT_CEILING_DIRECTORIES=str(out.parent), **env)
    assert result.returncode == 0, result.stdout + result.stderr
    dates = {}
    for path in sorted(out.rglob("*.html")):
        aside = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article .md-source-file")
        dates[str(path.relative_to(out))] = aside.get_text(strip=True) if aside else None
    return dates


@pytest.fixture
def history(tmp_path):
    """The base fixture in a git repository of two commits: everything, then the home page again."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    config = fixture_site("base", tmp_path / "src")
    for name in ("macros", "overrides"):  # links to the project's code: not the fixture's history
        (tmp_path / "src" / name).unlink()
        shutil.copytree(ROOT / name, tmp_path / "src" / name, ignore=shutil.ignore_patterns("__pycache__"))
    git(tmp_path / "src", "init", "-q")
    git(tmp_path / "src", "add", "-A")
    git(tmp_path / "src", "commit", "-q", "-m", "first")  # 20:00 UTC on 4 March is 5 March in Beijing
    index = tmp_path / "src" / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n再次修改。\n", encoding="utf-8")
    git(tmp_path / "src", "commit", "-q", "-am", "second", date="2026-05-06T09:00:00+08:00")
    return config


@pytest.mark.full
def test_pages_show_the_date_of_their_last_commit(history, tmp_path):
    dates = build_dates(history, tmp_path / "out")
    assert dates.pop("index.html") == "最后更新：2026-05-06"
    assert dates.pop("404.html") is None
    assert dates and set(dates.values()) == {"最后更新：2026-03-05"}, dates  # in Beijing time


@pytest.mark.full
def test_without_history_or_git_pages_show_no_date(history, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history.parent}", str(shallow)],
                   check=True, capture_output=True, timeout=60)
    assert (shallow / ".git" / "shallow").is_file()
    copy = tmp_path / "copy"
    shutil.copytree(history.parent, copy, ignore=shutil.ignore_patterns(".git"))
    (tmp_path / "no-git").mkdir()  # a PATH where git is not found
    for source, env in ((shallow, {}), (copy, {}), (history.parent, {"PATH": str(tmp_path / "no-git")})):
        out = tmp_path / f"out-{source.name}"
        dates = build_dates(source / "mkdocs.yml", out, **env)
        assert "index.html" in dates and set(dates.values()) == {None}, (source.name, dates)
        assert "最后更新" not in (out / "index.html").read_text(encoding="utf-8")


def test_the_site_dates_each_page_by_its_last_commit(site):
    import datetime
    import zoneinfo

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    log = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%at", "--", "docs/index.md"],
                         capture_output=True, text=True, timeout=30)
    shallow = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
                             capture_output=True, text=True, timeout=30)
    if log.returncode or not log.stdout.strip() or shallow.stdout.strip() != "false":
        pytest.skip("the project is not a git checkout with its history")
    day = datetime.datetime.fromtimestamp(int(log.stdout), zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    assert site.article("").select_one(".md-source-file").get_text(strip=True) == f"最后更新：{day.isoformat()}"
    assert all(site.page(str(p.relative_to(site.root))).select_one("article .md-source-file")
               for p in site.html_files()), "a page without its date"


# ---------------------------------------------------------------- review dates


def test_review_rules():
    import datetime

    from macros.review import months_before, phrases_due, terms_cutoff, terms_due

    assert months_before(datetime.date(2026, 12, 2)) == datetime.date(2025, 12, 2)
    assert months_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    from macros.library import load_library

    library = load_library(ROOT / "tests" / "fixtures" / "base" / "docs" / "data", root=ROOT)
    assert [p.id for p in phrases_due(library, datetime.date(2025, 3, 1))] == []
    assert [p.id for p in phrases_due(library, datetime.date(2025, 3, 2))] == ["opening.second"]  # reviewed 2024-03-01
    terms = library.term_history  # report_year 2026; congress checked 2024-03-01
    assert terms_cutoff(terms, datetime.date(2026, 12, 2)) == datetime.date(2026, 1, 1)  # the report year's start
    assert terms_cutoff(terms, datetime.date(2027, 6, 1)) == datetime.date(2026, 6, 1)  # 12 months, the later
    assert [t.key for t, _ in terms_due(terms, datetime.date(2026, 12, 2))] == ["congress"]


def test_every_phrase_block_shows_when_it_was_reviewed(site, library):
    blocks = site.article("library/problems/").select(".phrase-block")
    assert blocks
    for block in blocks:
        phrase = library.phrases[block["data-phrase"]]
        assert block.select_one(".phrase-foot").get_text(strip=True) == f"最近审核：{phrase.reviewed.isoformat()}"


def test_review_page_is_in_the_nav_and_reads_the_data(site, library):
    import datetime

    from macros.review import phrases_due, terms_due

    article = site.article("about/review/")
    today = datetime.date.today()
    assert len(article.select(".review-phrases tbody tr")) == len(phrases_due(library, today))
    assert len(article.select(".review-terms tbody tr")) == len(terms_due(library.term_history, today))
    assert f"按构建日期 {today.isoformat()} 计算" in article.get_text()
    assert site.page("about/deploy/").select_one('.md-nav a[href$="review/"]')  # in the nav under 关于本站


# ---------------------------------------------------------------- the fixture site with and without the forge

FORGE_URL = "http://git.test/baogao/site"


@pytest.fixture(scope="module")
def fixture_builds(tmp_path_factory):
    """The base fixture built outside git: without REPO_URL, with it (GitLab), and for Gitea with EDIT_URI."""
    builds = {}
    for name, env in {"plain": {}, "gitlab": {"REPO_URL": FORGE_URL},
                      "gitea": {"REPO_URL": FORGE_URL + "/", "FORGE": "gitea", "EDIT_URI": "_edit/release/docs"}}.items():
        tmp = tmp_path_factory.mktemp(name)
        result = mkdocs_build(fixture_site("base", tmp / "src"), tmp / "out", **env)
        assert result.returncode == 0, result.stdout + result.stderr
        builds[name] = tmp / "out"
    return builds


def soup(out, url=""):
    return BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.full
def test_review_page_lists_the_block_and_the_term_with_old_dates(fixture_builds):
    page = soup(fixture_builds["plain"], "review")
    rows = page.select(".review-phrases tbody tr")
    assert len(rows) == 1 and "opening.second" in rows[0].get_text() and "2024-03-01" in rows[0].get_text()
    assert "docs/data/phrases/opening.yml:11" in rows[0].get_text()
    terms = page.select(".review-terms tbody tr")
    assert len(terms) == 1 and "最近一次全国代表大会" in terms[0].get_text() and "2024-03-01" in terms[0].get_text()
    foot = soup(fixture_builds["plain"]).select_one(".phrase-block .phrase-foot")
    assert foot.get_text(strip=True) == "最近审核：2026-11-29"


@pytest.mark.full
def test_no_link_to_the_forge_without_repo_url(fixture_builds):
    for path in fixture_builds["plain"].rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "phrase-suggest" not in html and 'rel="edit"' not in html and "md-source\"" not in html, path


@pytest.mark.full
def test_with_repo_url_edit_and_suggest_links_point_at_the_forge(fixture_builds):
    from urllib.parse import parse_qs, urlsplit

    page = soup(fixture_builds["gitlab"])
    assert page.select_one('a[rel="edit"]')["href"] == FORGE_URL + "/-/edit/main/docs/index.md"
    href = page.select_one(".phrase-block .phrase-suggest")["href"]
    assert re.fullmatch(r"[A-Za-z0-9%&=._~:/?-]+", href), href  # every other character URL-encoded
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == FORGE_URL + "/-/issues/new"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["issue[title]"] == ["建议修改短语：开头示例（opening.greeting）"]
    assert query["issue[description]"][0].startswith("短语编号：opening.greeting\n短语标题：开头示例\n")

    gitea = soup(fixture_builds["gitea"])
    assert gitea.select_one('a[rel="edit"]')["href"] == FORGE_URL + "/_edit/release/docs/index.md"
    parts = urlsplit(gitea.select_one(".phrase-suggest")["href"])
    assert parts.path == "/baogao/site/issues/new" and set(parse_qs(parts.query)) == {"title", "body"}


@pytest.mark.full
def test_nothing_is_loaded_from_the_forge(fixture_builds):
    """Links only: no script, style, image or frame from the forge, and no header widget that asks its API."""
    for path in fixture_builds["gitlab"].rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        loaded = [t for t in page.find_all(src=True) + page.find_all("link", href=True) if "git.test" in t.get("src", t.get("href"))]
        assert not loaded, (path, loaded)
        assert not page.select('[data-md-component="source"]'), path
    assert soup(fixture_builds["gitlab"]).select_one("a.md-source")["href"] == FORGE_URL


def test_forge_names_and_the_edit_path_default():
    from macros import forge

    with pytest.raises(ValueError, match="extra.forge .* 'bitbucket': one of gitlab, gitea, github"):
        forge.configure({"extra": {"forge": "bitbucket"}, "repo_url": FORGE_URL})
    conf = {"extra": {"forge": "gitlab"}, "repo_url": None, "edit_uri": None}
    assert forge.configure(conf) is None and conf["edit_uri"] is None  # unset: no link, and no edit path
    conf = {"extra": {"forge": "gitea"}, "repo_url": FORGE_URL, "edit_uri": None}
    assert forge.configure(conf) and conf["edit_uri"] == "_edit/main/docs/"


# ---------------------------------------------------------------- 更新记录


def test_changelog_is_dated_newest_first_and_is_the_page(site):
    import datetime

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# 更新记录\n")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    dates = [datetime.date.fromisoformat(s.split("\n", 1)[0]) for s in sections]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates)
    assert all(re.search(r"^- \S", s, re.M) for s in sections)
    article = site.article("about/changelog/")
    assert [h["id"] for h in article.select("h2")] == [d.isoformat() for d in dates]
    first = re.search(r"^- (.+)$", sections[0], re.M).group(1)
    assert article.select_one("h2 + ul li").get_text() == first
    assert site.page("about/deploy/").select_one('.md-nav a[href$="changelog/"]')  # in the nav under 关于本站
