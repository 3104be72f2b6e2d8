"""Intranet hosting with Debian's nginx under /baogao/, checked by crawling the site in Chromium.

The fixture builds the site for http://127.0.0.1:PORT/baogao/, writes an nginx configuration
from deploy/nginx.conf (only the listen address and the folder change), starts nginx, and stops it
by its PID. axe-core (vendored in tests/vendor/axe-core) checks one page of each layout.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from conftest import ROOT, free_port, mkdocs_build, result_pages, search_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LAYOUTS = {
    "home": "",
    "family overview": "families/party-secretary-review/",
    "section page": "families/party-secretary-review/problems/",
    "phrase library": "library/problems/",
    "guide page": "guide/structure/",
    "draft checker": "tools/check/",
}


def nginx_config(site: Path, port: int, tmp: Path) -> str:
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "listen 80;" in server and "alias /srv/baogao/site/;" in server
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "alias /srv/baogao/site/;", f"alias {site}/;")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest temp folder
    temp = "\n".join(f"    {name}_temp_path {tmp}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
            f"events {{}}\nhttp {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    access_log {tmp}/access.log;\n{temp}\n{server}\n}}\n")


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """Base URL of the site served by nginx under /baogao/."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run installs Debian's nginx package")
        pytest.skip("hosting tests need Debian's nginx (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    base = f"http://127.0.0.1:{port}/baogao/"
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp / "site", SITE_URL=base)
    assert result.returncode == 0, result.stdout + result.stderr
    (tmp / "nginx.conf").write_text(nginx_config(tmp / "site", port, tmp), encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf")], stderr=subprocess.PIPE)
    for _ in range(100):
        if (tmp / "nginx.pid").exists():
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                pass
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(f"nginx did not start: {(tmp / 'error.log').read_text() if (tmp / 'error.log').exists() else ''}")
    yield base
    os.kill(int((tmp / "nginx.pid").read_text()), signal.SIGQUIT)
    process.wait(timeout=10)


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# ---------------------------------------------------------------- nginx configuration, checked on the wire


def test_csp_allows_only_this_host(nginx):
    status, headers, _ = fetch(nginx)
    assert status == 200
    csp = {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split("; ")}
    assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert not [v for values in csp.values() for v in values if re.match(r"(https?:|\*|'unsafe-eval')", v)]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_gzip_and_cache_lifetimes(nginx, site):
    hashed_css = next(p for p in (site.root / "assets" / "stylesheets").iterdir() if re.search(r"\.[0-9a-f]{8}\.min\.css$", p.name))
    for path in ("", "assets/stylesheets/report.css", "assets/javascripts/reader.js", "search/index/head.json",
                 "search/index/0.json",
                 f"assets/stylesheets/{hashed_css.name}"):
        status, headers, body = fetch(nginx + path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", path
        gzip.decompress(body)
        assert "Content-Security-Policy" in headers, path
    assert "max-age=300" in fetch(nginx)[1]["Cache-Control"]
    assert "max-age=31536000" in fetch(nginx + f"assets/stylesheets/{hashed_css.name}")[1]["Cache-Control"]
    assert "max-age=300" in fetch(nginx + "assets/javascripts/reader.js")[1]["Cache-Control"]


def test_missing_page_gets_the_sites_404(nginx, page):
    status, headers, body = fetch(nginx + "families/no-such-page/")
    assert status == 404 and "Content-Security-Policy" in headers
    assert "工作报告范本库" in body.decode("utf-8") and "404" in body.decode("utf-8")
    response = page.goto(nginx + "families/no-such-page/")
    assert response.status == 404
    assert page.locator(".md-header").is_visible()  # styled: its CSS loaded from /baogao/
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    # the only error is the page's own 404 status
    assert not page.outside_requests and page.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]


def test_word_template_is_served(nginx):
    status, headers, body = fetch(nginx + "downloads/party-secretary-review.docx")
    assert status == 200 and headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert body[:2] == b"PK"


# ---------------------------------------------------------------- crawl every page in Chromium


def test_crawl_every_page(nginx, page, site):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(nginx))
    failures: list[str] = []
    page.on("response", lambda r: r.url.startswith(origin) and r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    seen, queue = {nginx}, deque([nginx])
    while queue:
        url = queue.popleft()
        page.goto(url)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        for href in hrefs:
            href = urldefrag(href)[0].split("?")[0]
            if href.startswith(nginx) and href not in seen and not href.endswith(".docx"):
                seen.add(href)
                queue.append(href)
    pages = [p for p in site.html_files()]  # the same sources, built once more for /baogao/
    assert len(seen) == len(pages) >= 18, sorted(seen)
    assert not failures
    assert not page.outside_requests, page.outside_requests[:5]
    assert not page.errors, page.errors[:5]  # console errors include CSP violations


@pytest.mark.parametrize("query", ["党员发展", "三会一课", "整改措施"])
def test_search_from_home_page(nginx, page, query):
    page.goto(nginx)
    search_for(page, query)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0
    assert not page.outside_requests and not page.errors


# ---------------------------------------------------------------- accessibility


@pytest.fixture
def axe_page(browser):
    """A page that lets the test inject axe-core despite the site's CSP (the crawl checks the CSP)."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_no_serious_accessibility_violation(nginx, axe_page, layout):
    page = axe_page
    page.goto(nginx + LAYOUTS[layout])
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_no_serious_accessibility_violation_with_search_open(nginx, axe_page):
    page = axe_page
    page.goto(nginx)
    search_for(page, "三会一课")
    page.locator(".md-search-result__item").first.wait_for()
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("width, height", [(1280, 720), (360, 740)])
def test_readable_on_small_and_old_screens(nginx, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    for path in ("", "families/party-secretary-review/", "families/party-secretary-review/work/", "library/problems/"):
        page.goto(nginx + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        size = page.locator("article > p, article > .report").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 14


def test_skip_link_and_heading_order(nginx, page):
    page.goto(nginx + "families/party-secretary-review/problems/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert "md-skip" in focused[0]
    levels = page.eval_on_selector_all(".md-content h1, .md-content h2, .md-content h3, .md-content h4",
                                       "els => els.map(e => +e.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_every_control_shows_focus(nginx, page):
    page.goto(nginx + "families/party-secretary-review/")
    missing = []
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.tagName + '.' + e.className, s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                    || s.boxShadow !== 'none' || s.textDecorationLine.includes('underline')]; }""")
        if not info[1] and not info[0].startswith("BODY"):  # BODY: Tab has left the page's last control
            missing.append(info[0])
    assert not missing, sorted(set(missing))


def test_draft_checker_works_under_the_csp_and_its_findings_are_accessible(nginx, page, axe_page):
    """Under /baogao/ with the site's Content-Security-Policy: rules.json loads, a draft gets its findings."""
    draft = (Path(__file__).parent / "drafts" / "old-report-2020.txt").read_text(encoding="utf-8")
    page.goto(nginx + "tools/check/")
    page.wait_for_function("() => window.baogaoCheck && window.baogaoCheck.check")
    page.fill("#check-draft", draft)
    page.locator(".check-finding").first.wait_for()
    assert page.locator(".check-finding").count() > 10 and not page.errors and not page.outside_requests
    axe_page.goto(nginx + "tools/check/")
    axe_page.wait_for_function("() => window.baogaoCheck && window.baogaoCheck.check")
    axe_page.fill("#check-draft", draft)
    axe_page.locator(".check-finding").first.wait_for()
    violations = axe_violations(axe_page)
    assert not violations, "\n".join(violations)


# ---------------------------------------------------------------- search as writers type it

QUERY_SET = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))


def test_query_set_finds_its_page_in_the_first_three(nginx, page):
    """Each query of tests/search_queries.yml typed into the search box; 90 % must have their page in the top 3."""
    assert len(QUERY_SET) >= 40
    assert {q["kind"] for q in QUERY_SET} == {"term", "words", "question", "synonym", "latin", "typo"}
    page.goto(nginx)
    misses = []
    for case in QUERY_SET:
        wanted = [case["page"]] if isinstance(case["page"], str) else case["page"]
        top = result_pages(page, case["query"], nginx)[:3]
        if not set(wanted) & set(top):
            misses.append(f"{case['kind']} {case['query']!r}: {top} (wanted {wanted[0]}{' …' if len(wanted) > 1 else ''})")
    print(f"\n{len(QUERY_SET) - len(misses)}/{len(QUERY_SET)} queries found their page in the top 3")
    print("\n".join(misses))
    assert len(QUERY_SET) - len(misses) >= 0.9 * len(QUERY_SET), "\n".join(misses)
    assert not page.outside_requests and not page.errors
