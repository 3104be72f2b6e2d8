"""Shared fixtures: the site is built once per test session and read as HTML."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# As the Makefile sets them: no end-of-life banner; GitPython loads even where git is missing (no dates then).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_PYTHON_REFRESH": os.environ.get("GIT_PYTHON_REFRESH", "quiet")}
# A made-up host mapped to loopback: a plain-HTTP origin that is not a secure context, like an intranet.
INSECURE_HOST = "baogao.test"


def mkdocs_build(config: Path, site_dir: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, run from the folder of `config` as `make build` does."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, capture_output=True, text=True, env={**ENV, **env}, timeout=timeout,
    )


def fixture_site(case: str, dest: Path) -> Path:
    """tests/fixtures/base with tests/fixtures/<case> laid over it, and the project's macros and overrides beside it."""
    shutil.copytree(FIXTURES / "base", dest)
    if case != "base":
        shutil.copytree(FIXTURES / case, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    for name in ("macros", "overrides"):
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    return dest / "mkdocs.yml"


def project_terms() -> dict[str, str]:
    """Each time-bound term's value for the site's report year (docs/data/terms.yml)."""
    from macros.terms import load_terms
    from macros.yamldata import Checker

    check = Checker(ROOT)
    terms = load_terms(check, ROOT / "docs" / "data" / "terms.yml")
    assert not check.problems, check.problems
    return terms.values


class Site:
    def __init__(self, root: Path, url: str):
        self.root = root
        self.url = url  # site_url it was built for, where `served` serves it
        self._pages: dict[str, BeautifulSoup] = {}

    def html_files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.html") if p.name != "404.html")

    def page(self, url: str) -> BeautifulSoup:
        """A page by its URL path, e.g. 'families/party-secretary-review/problems/' (parsed once)."""
        if url not in self._pages:
            path = self.root / url / "index.html" if url.endswith("/") or not url else self.root / url
            self._pages[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._pages[url]

    def article(self, url: str):
        return self.page(url).select_one("article")


def pytest_collection_modifyitems(items) -> None:
    """A test that needs Chromium or nginx runs only in `make test` (marker `full`, see pytest.ini)."""
    for item in items:
        if {"browser", "nginx"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.full)


SEARCH_HOOK = ROOT / "overrides" / "hooks" / "search_index.py"


def load_hook(path: Path = SEARCH_HOOK):
    """A hook of overrides/hooks/ as a module (the search index's by default)."""
    spec = importlib.util.spec_from_file_location(path.stem + "_hook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def whole_search_index(root: Path) -> dict:
    """The built site's search index as Material's own worker takes it: Material's config from
    search/search_index.json without config.split (with config.query, as the hook writes an index it
    keeps whole), and every entry from search/index/head.json with its text put back from its page's
    search/text/<n>.json (see overrides/hooks/search_index.py, which writes the index in parts)."""
    index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    if index["config"].pop("split", None):
        head = json.loads((root / "search" / "index" / "head.json").read_text(encoding="utf-8"))
        index["config"]["query"] = head["query"]  # as the hook writes it for an index it keeps whole
        index["docs"] = load_hook().entries(head)
        starts = [*head["pages"], len(index["docs"])]
        for n, (start, end) in enumerate(zip(starts, starts[1:], strict=False)):
            texts = json.loads((root / "search" / "text" / f"{n}.json").read_text(encoding="utf-8"))
            for doc, text in zip(index["docs"][start:end], texts, strict=True):
                doc["text"] = text
    return index


def search_head(root: Path) -> dict:
    """search/index/head.json of the built site (overrides/hooks/search_index.py)."""
    return json.loads((root / "search" / "index" / "head.json").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The site built once, with site_url set to where `served` will serve it.

    Material's instant navigation only works with a site_url whose port and path match the server
    (it takes just the protocol and host name from the page), as on an intranet deployment.
    """
    out = tmp_path_factory.mktemp("site")
    url = f"http://127.0.0.1:{free_port()}/"
    result = mkdocs_build(ROOT / "mkdocs.yml", out, SITE_URL=url)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(out, url)


@pytest.fixture(scope="session")
def library():
    from macros.library import load_library

    return load_library(ROOT / "docs" / "data", root=ROOT)


@pytest.fixture(scope="session")
def registered_macros() -> list[str]:
    """Names that macros.define_env registers, found by running it against a stand-in env."""
    import macros

    class Env:
        conf = {"docs_dir": str(ROOT / "docs"), "extra": {}, "config_file_path": str(ROOT / "mkdocs.yml"),
                "site_dir": "site", "use_directory_urls": True, "nav": None}
        variables: dict = {}
        page = None
        names: list[str] = []

        def macro(self, fn, name=""):
            self.names.append(name or fn.__name__)

    env = Env()
    macros.define_env(env)
    return env.names


# ---------------------------------------------------------------- browser tests

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--host-resolver-rules=MAP {INSECURE_HOST} 127.0.0.1"]


@pytest.fixture(scope="session")
def served(site):
    """The built site served on a free loopback port; yields its base URL."""
    import http.server
    import threading

    handler = functools.partial(_QuietHandler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(site.url.rsplit(":", 1)[1].strip("/"))), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site.url  # loopback counts as a secure context
    server.shutdown()
    server.server_close()


class _QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skips where chromium is absent, except in CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def insecure(served) -> str:
    """The same server under a plain-HTTP host name that Chromium does not treat as secure."""
    return served.replace("127.0.0.1", INSECURE_HOST)


@pytest.fixture
def context(browser, served, insecure):
    context = browser.new_context(base_url=served)
    yield context
    context.close()


@pytest.fixture
def page(context, served, insecure):
    """A fresh page; requests to any host but the test servers are blocked and recorded.

    Under the site's Content-Security-Policy (nginx), wait_for_function needs a function ("() => …"):
    Playwright evaluates a bare expression again on every poll, and the CSP refuses that eval.
    """
    page = context.new_page()
    page.outside_requests = []
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))

    def route(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", INSECURE_HOST):  # the test servers
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    return page


def search_for(page, query: str) -> None:
    """Type a query as a reader does, once Material's search worker has its index.

    Material reads the query on keyup (and just after focus), so a bare fill() can go unnoticed.
    """
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('正在初始化')", timeout=30000)
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")


SETTLED = """async () => {
  const read = () => document.querySelector('.md-search-result').innerHTML;
  let last = read(), same = 0;
  while (same < 3) {
    await new Promise(resolve => setTimeout(resolve, 150));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}"""


def shown(page, query: str) -> str:
    """The results Material paints for a query, once they stop changing: count, titles, excerpts, in order."""
    search_for(page, query)
    return page.evaluate(SETTLED)


def result_pages(page, query: str, base: str) -> list[str]:
    """The page of each result Material paints for a query, in order, as paths below `base`."""
    shown(page, query)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a:first-child", "links => links.map(a => a.href)")
    return [urlsplit(href).path.removeprefix(urlsplit(base).path) for href in hrefs]


@pytest.fixture
def clipboard(context, served):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))

    def read(page) -> dict[str, str]:
        """Both flavours on the system clipboard, read from a secure page."""
        return page.evaluate("""async () => {
            const out = {};
            for (const item of await navigator.clipboard.read())
              for (const type of item.types) out[type] = await (await item.getType(type)).text();
            return out;
        }""")

    return read


def fill(page, name: str, value: str):
    if page.locator("details.fill-panel").get_attribute("open") is None:
        page.locator("details.fill-panel > summary").click()
    page.fill(f"input[data-slot='{name}']", value)


# ---------------------------------------------------------------- data without MkDocs


def make_data(tmp_path: Path, **files: str) -> Path:
    """A copy of the base fixture's data with some files replaced: phrases__opening_yml → phrases/opening.yml."""
    data = tmp_path / "docs" / "data"
    shutil.copytree(FIXTURES / "base" / "docs", data.parent)  # the pages too: rules link to them
    for name, text in files.items():
        path = data / (name.replace("__", "/").removesuffix("_yml") + ".yml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return data


def problems_of(tmp_path, **files) -> str:
    from macros.library import LibraryError, load_library

    with pytest.raises(LibraryError) as caught:
        load_library(make_data(tmp_path, **files), root=tmp_path)
    return str(caught.value)


# ---------------------------------------------------------------- Word files through LibreOffice


def docx_text(path: Path) -> str:
    """Every character of a .docx's body text (paragraphs, then table cells), without white space."""
    from docx import Document

    document = Document(str(path))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "".join("".join(p.text for p in document.paragraphs).split() + "".join(cells).split())


def missing_in_pdf(paths: list[Path], out: Path) -> dict[str, dict[str, int]]:
    """Convert each .docx to PDF with LibreOffice (one run for all) and compare its full text with
    pdftotext's: for each file, the characters of the .docx that the PDF lacks, with their counts."""
    import collections
    import json

    home = out / "home"
    home.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, paths)],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)})
    assert result.returncode == 0, result.stdout + result.stderr
    missing = {}
    for path in paths:
        pdf = out / path.with_suffix(".pdf").name
        assert pdf.is_file() and pdf.stat().st_size > 1000, result.stdout + result.stderr
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True).stdout
        lost = collections.Counter(docx_text(path)) - collections.Counter("".join(text.split()))
        missing[path.name] = dict(sorted(lost.items()))
    print("characters LibreOffice's PDF lacks:", json.dumps(missing, ensure_ascii=False))
    return missing


def needs_libreoffice() -> None:
    for tool in ("soffice", "pdftotext"):
        if shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is missing: .ci/run installs LibreOffice and poppler-utils")
            pytest.skip(f"{tool} is not installed: apt-get install libreoffice-writer-nogui poppler-utils")
