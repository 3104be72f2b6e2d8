"""Shared fixtures: the site is built once per test session and read as HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, run from the folder of `config` as `make build` does."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, capture_output=True, text=True, env=ENV, timeout=600,
    )


def fixture_site(case: str, dest: Path) -> Path:
    """tests/fixtures/base with tests/fixtures/<case> laid over it, and the project's macros beside it."""
    shutil.copytree(FIXTURES / "base", dest)
    if case != "base":
        shutil.copytree(FIXTURES / case, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    (dest / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    return dest / "mkdocs.yml"


def project_terms() -> dict[str, str]:
    """extra.terms from mkdocs.yml (read without MkDocs' custom tags)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    loader = type("L", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda *_: None)
    loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    return yaml.load(text, Loader=loader)["extra"]


class Site:
    def __init__(self, root: Path):
        self.root = root

    def html_files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.html") if p.name != "404.html")

    @cache
    def page(self, url: str) -> BeautifulSoup:
        """A page by its URL path, e.g. 'families/party-secretary-review/problems/'."""
        path = self.root / url / "index.html" if url.endswith("/") or not url else self.root / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def article(self, url: str):
        return self.page(url).select_one("article")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(out)


@pytest.fixture(scope="session")
def library():
    from macros.library import load_library

    return load_library(ROOT / "docs" / "data", project_terms()["terms"], root=ROOT)


@pytest.fixture(scope="session")
def registered_macros() -> list[str]:
    """Names that macros.define_env registers, found by running it against a stand-in env."""
    import macros

    class Env:
        conf = {"docs_dir": str(ROOT / "docs"), "extra": project_terms(), "config_file_path": str(ROOT / "mkdocs.yml"),
                "site_dir": "site", "use_directory_urls": True}
        page = None
        names: list[str] = []

        def macro(self, fn, name=""):
            self.names.append(name or fn.__name__)

    env = Env()
    macros.define_env(env)
    return env.names
