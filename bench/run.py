#!/usr/bin/env python3
"""`make bench`: build synthetic sites the project's way and the plain-Material way, and compare.

For each size (section pages of generated families; see bench/generate.py) it
  1. generates the site into a temporary folder: the real docs/, macros/, overrides/ and mkdocs.yml with
     the proposed configuration, plus generated families and a phrase library scaled to match;
  2. expands the macros once into a plain-Material copy of the same content (the baseline);
  3. builds both, interleaved (project, baseline, baseline, project, …), --runs times each, and takes
     medians of wall time and peak RSS (os.wait4 on each mkdocs process: its own ru_maxrss);
  4. measures the output: bytes per page, whole site, search index, nav links per page;
  5. times the macros plugin inside every project build (bench/timing_hook.py) and, if macros/word.py
     has build_docx(family, library), the Word export of every family;
  6. measures search in headless Chromium (Playwright): open the home page with an empty cache, type
     党员发展, time from navigation start until the first result is painted (cold); clear, type it
     again in the same page (warm); the floor, alternating with those trials: the same page with a worker
     that answers at once (FLOOR_WORKER); and the gzipped HTML + CSS + JS of that first page load, without
     the search index and the search worker; and 稿件体检 on a 10,000-character draft (tools/check/).
It prints each figure against its goal, writes bench/report.json and rewrites the figures section of
docs/about/performance.md. No test times anything; this is the only place figures are judged.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
REPORT = BENCH / "report.json"
PAGE = ROOT / "docs" / "about" / "performance.md"
QUERY = "党员发展"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("SITE_URL", None)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]

GOALS = {
    "page_ratio": 1.5,  # section page HTML at the largest size / at the smallest
    "build_ratio": 0.5,  # project build time / plain Material, at 1,000 pages
    "macros_share": 0.10,  # time inside the macros plugin, Word files apart / build time
    "index_ratio": 0.5,  # search index bytes / plain Material's
    "cold_search_ms": 500,  # at 1,000 pages (issue 16; it was 1,000 ms)
    "cold_growth": 1.3,  # cold search at the largest size / at the smallest
    "warm_search_ms": 50,
    "first_load_gzip": 100 * 1024,  # HTML + CSS + JS of the home page, without the search index
    "draft_check_ms": 100,  # 稿件体检 on a 10,000-character draft, in the page's engine
}
DRAFT_CHARS = 10_000
TRIALS = 5  # search trials per site (fresh browser contexts), median


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- builds


def build(site: Path, config: str, out: Path, timing: Path | None = None) -> dict:
    """One `mkdocs build` in its own process: wall time, that process's peak RSS, warnings."""
    if out.exists():
        shutil.rmtree(out)
    env = dict(ENV)
    if timing:
        env["BENCH_TIMING_FILE"] = str(timing)
    err = out.parent / (out.name + ".log")
    with open(err, "w") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(out)],
                                cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = err.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"build of {site / config} failed:\n{text[-3000:]}")
    result = {"wall_s": wall, "rss_mb": usage.ru_maxrss / 1024,
              "warnings": len(re.findall(r"^WARNING", text, re.M))}
    if timing:
        spent = json.loads(timing.read_text())
        result["macros_s"], result["macros_by_event"] = spent["macros_s"], spent["by_event"]
    return result


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def measure_output(site: Path) -> dict:
    from bs4 import BeautifulSoup

    pages = html_pages(site)
    section_pages = [p for p in pages if re.search(r"families/bench-f\d+/[a-z]+/index\.html$", p.as_posix())]
    sizes = sorted(p.stat().st_size for p in section_pages)
    sample = section_pages[:: max(1, len(section_pages) // 20)][:20]
    nav_links, chars = [], []
    for path in sample:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        nav = soup.select_one("nav.md-nav--primary")
        nav_links.append(len(nav.select("a.md-nav__link")) if nav else 0)
        article = soup.select_one("article")
        for hidden in article.select(".reader-tools") if article else []:
            hidden.decompose()  # toolbar and fill-in panel: hidden until opened
        chars.append(len(re.sub(r"\s+", "", article.get_text())) if article else 0)
    real = site / "families" / "party-secretary-review" / "problems" / "index.html"
    index = site / "search" / "search_index.json"
    texts = list((site / "search" / "text").glob("*.json"))  # each page's texts, when the hook splits them out
    head = site / "search" / "index" / "head.json"  # the index in parts: head.json and the shards
    shards = [p for p in (site / "search" / "index").glob("*.json") if p != head]
    return {
        "pages": len(pages),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "html_bytes": sum(p.stat().st_size for p in pages),
        "page_bytes": statistics.median(sizes) if sizes else None,
        "page_bytes_max": max(sizes) if sizes else None,
        "real_page_bytes": real.stat().st_size if real.exists() else None,
        "largest_page": max(((p.stat().st_size, str(p.relative_to(site).parent)) for p in pages), default=None),
        "search_index_bytes": index.stat().st_size if index.exists() else None,
        "search_text_bytes": sum(p.stat().st_size for p in texts),
        "search_text_files": len(texts),
        "search_head_bytes": head.stat().st_size if head.exists() else 0,
        "search_shard_bytes": sum(p.stat().st_size for p in shards),
        "search_shards": len(shards),
        "nav_links_per_page": statistics.median(nav_links) if nav_links else None,
        "chars_per_page": statistics.median(chars) if chars else None,
    }


def word_export(project: Path) -> dict | str:
    """Seconds of macros.word.build_docx(family, library) per family, if the Word export exists."""
    code = r"""
import json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, ".")
try:
    from macros.word import build_docx
except ImportError as error:
    print(json.dumps({"error": str(error)})); sys.exit()
from macros.library import load_library
sys.path.insert(0, sys.argv[1])
from generate import read_config_text
library = load_library(Path("docs/data"), root=Path("."))
times = []
for family in library.families.values():
    start = time.perf_counter(); data = build_docx(family, library); times.append(time.perf_counter() - start)
print(json.dumps({"families": len(times), "median_s": statistics.median(times), "total_s": sum(times),
                  "max_s": max(times)}))
"""
    if not (project / "macros" / "word.py").exists():
        return "n/a"
    result = subprocess.run([sys.executable, "-c", code, str(BENCH)], cwd=project, capture_output=True, text=True,
                            env=ENV, timeout=3600)
    if result.returncode != 0:
        return "error: " + result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "error"
    data = json.loads(result.stdout)
    return "n/a" if "error" in data else data


# --------------------------------------------------------------------------- browser


# The first frame with a result (first) and the first with an excerpt in the top result (text: the
# worker answers with titles first when the texts of the pages shown are not in yet, and again with
# them). An excerpt is what Material puts in a result's article after its heading (p, ul …).
FIRST_RESULT = """
(() => {
  const EXCERPT = '.md-search-result__article > :not(h1, h2, .md-search-result__icon)';
  window.__bench = {first: null, text: null};
  const poll = () => {
    const item = document.querySelector('.md-search-result__item');
    if (item && window.__bench.first === null) window.__bench.first = performance.now();
    if (item && item.querySelector(EXCERPT)) window.__bench.text = performance.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""
TYPE = """([query]) => {
  const input = document.querySelector('input.md-search__input');
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: query.slice(-1)}));
}"""
WARM = """([query]) => new Promise(resolve => {
  const start = performance.now();
  const poll = () => {
    if (document.querySelector('.md-search-result__item')) resolve(performance.now() - start);
    else requestAnimationFrame(poll);
  };
  const input = document.querySelector('input.md-search__input');
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: query.slice(-1)}));
  requestAnimationFrame(poll);
})"""


# The floor: a worker that answers Material's messages at once (0 set up → 1 ready; 2 query → 3 one
# result), in place of the site's. Opening the page and painting a result costs this much behind
# Material's page whatever the search does; cold search can only add to it.
FLOOR_WORKER = b"""self.addEventListener("message", function (ev) {
  var message = ev.data || {};
  if (message.type === 0) self.postMessage({type: 1});
  else if (message.type === 2 && String(message.data).trim()) {
    self.postMessage({type: 3, data: {items: [[{location: "", title: String(message.data), text: "", score: 1, terms: {}}]]}});
  } else if (message.type === 2) self.postMessage({type: 3, data: {items: []}});
});
"""
WORKER_PATH = "/assets/javascripts/workers/search-zh.js"


class Served:
    """A built site on a free loopback port, plain files as the intranet serves them; a path of
    `replace` is answered with its bytes instead (the floor's worker)."""

    def __init__(self, root: Path, replace: dict[str, bytes] | None = None):
        import functools
        import http.server
        import threading

        replaced = replace or {}

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send_head(self):
                body = replaced.get(self.path.split("?")[0])
                if body is None:
                    return super().send_head()
                self.send_response(200)
                self.send_header("Content-Type", "text/javascript")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      functools.partial(Quiet, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def searched(browser, url: str, text: bool = True) -> tuple[float, float, float | None]:
    """Cold, cold with the top result's excerpt (with text) and warm: a fresh browser context (empty
    cache), open url, type QUERY; clear, type it again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(FIRST_RESULT)
    page.goto(url, wait_until="domcontentloaded")
    page.evaluate(TYPE, [QUERY])
    page.wait_for_function("() => window.__bench.first !== null", timeout=120_000, polling=50)
    if text:
        try:
            page.wait_for_function("() => window.__bench.text !== null", timeout=10_000, polling=50)
        except PlaywrightTimeout:
            log(f"no excerpt in the top result of {QUERY} within 10 s: {url}")
    cold, excerpt = page.evaluate("[window.__bench.first, window.__bench.text]")
    page.evaluate(TYPE, [""])
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')", timeout=10_000)
    warm = page.evaluate(WARM, [QUERY])
    context.close()
    return cold, warm, excerpt


def browser_figures(browser, site: Path, trials: int, floor: bool = False) -> dict:
    """Search in Chromium; with floor, each trial also opens the page with FLOOR_WORKER (alternating)."""
    served = Served(site)
    stub = Served(site, {WORKER_PATH: FLOOR_WORKER}) if floor and (site / WORKER_PATH.lstrip("/")).exists() else None
    try:
        servers = [served, stub] if stub else [served]
        times: dict = {server: [] for server in servers}
        for trial in range(trials):
            for server in servers if trial % 2 == 0 else servers[::-1]:
                times[server].append(searched(browser, server.url, text=server is served))
        cold, warm, excerpt = zip(*times[served], strict=True)
        figures = {"search_cold_ms": statistics.median(cold), "search_cold_all_ms": list(cold),
                   "search_cold_text_ms": statistics.median(shown) if (shown := [t for t in excerpt if t is not None]) else None,
                   "search_cold_text_all_ms": list(excerpt),
                   "search_warm_ms": statistics.median(warm), "search_warm_all_ms": list(warm)}
        if stub:
            floors = [one for one, _, _ in times[stub]]
            figures.update(search_floor_ms=statistics.median(floors), search_floor_all_ms=floors)
        return {**figures, **first_load(browser, served.url), **draft_check(browser, served.url)}
    finally:
        served.close()
        if stub:
            stub.close()


def check_draft() -> str:
    """A 10,000-character draft: an old report with every kind of fault, then the real families' model text."""
    sys.path.insert(0, str(ROOT))
    from macros.compose import compose
    from macros.library import load_library

    library = load_library(ROOT / "docs" / "data", root=ROOT)
    lines = (ROOT / "tests" / "drafts" / "old-report-2020.txt").read_text(encoding="utf-8").splitlines()
    for family in library.families.values():
        lines += [line.text for line in compose(family, library)]
    text = ""
    for line in lines * 4:
        if len(text) + len(line) + 1 > DRAFT_CHARS:
            break
        text += line + "\n"
    return text + "甲" * (DRAFT_CHARS - len(text))


def draft_check(browser, url: str) -> dict:
    """Milliseconds of window.baogaoCheck.check on a 10,000-character draft (median of 21), family chosen."""
    if not hasattr(draft_check, "text"):
        draft_check.text = check_draft()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + "tools/check/")
        page.wait_for_function("window.baogaoCheck && window.baogaoCheck.check", timeout=30_000)
    except Exception:  # a site without the checker (the plain-Material baseline)
        context.close()
        return {}
    times, count = page.evaluate("""([text]) => {
        const times = [];
        let found = [];
        for (let i = 0; i < 21; i++) {
          const start = performance.now();
          found = window.baogaoCheck.check(text, {family: "party-secretary-review"});
          times.push(performance.now() - start);
        }
        return [times, found.length];
    }""", [draft_check.text])
    context.close()
    return {"draft_check_ms": statistics.median(times), "draft_check_findings": count,
            "draft_check_chars": len(draft_check.text)}


def first_load(browser, url: str) -> dict:
    """Gzipped bytes of the HTML, CSS and JS the home page loads, without the search index and worker."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(url, wait_until="networkidle")
    kinds: dict[str, int] = {}
    raw = 0
    for response in responses:
        request = response.request
        path = request.url.split("?")[0]
        if path.endswith("search_index.json") or "/workers/" in path or re.search("/search/(text|index)/", path):
            continue
        if request.resource_type not in ("document", "stylesheet", "script"):
            continue
        try:
            body = response.body()
        except Exception:  # redirects have no body
            continue
        raw += len(body)
        kinds[request.resource_type] = kinds.get(request.resource_type, 0) + len(gzip.compress(body, 9))
    context.close()
    return {"first_load_gzip": sum(kinds.values()), "first_load_raw": raw, "first_load_by_type": kinds}


# --------------------------------------------------------------------------- one size


def run_size(n: int, runs: int, work: Path, search: bool, browser) -> dict:
    from generate import make_baseline, make_site

    base = work / str(n)
    log(f"[{n}] generating site")
    info = make_site(n, base)
    project = Path(info["dir"])
    timed = project / "mkdocs.bench.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    timed.write_text(re.sub(r"(?m)^hooks:\n", f"hooks:\n  - {BENCH / 'timing_hook.py'}\n", text, count=1),
                     encoding="utf-8")
    log(f"[{n}] expanding macros for the plain-Material baseline")
    baseline = Path(make_baseline(project, base / "baseline")["dir"])

    results: dict[str, list[dict]] = {"project": [], "baseline": []}
    for r in range(runs):
        order = ("project", "baseline") if r % 2 == 0 else ("baseline", "project")
        for kind in order:
            if kind == "project":
                res = build(project, timed.name, base / "site-project", timing=base / "timing.json")
            else:
                res = build(baseline, "mkdocs.yml", base / "site-baseline")
            results[kind].append(res)
            log(f"[{n}] run {r + 1}/{runs} {kind:8} {res['wall_s']:6.1f} s  {res['rss_mb']:6.0f} MB")

    out: dict = {"site": info}
    for kind in ("project", "baseline"):
        builds = results[kind]
        figures = {
            "build_s": statistics.median(b["wall_s"] for b in builds),
            "builds_s": [round(b["wall_s"], 2) for b in builds],
            "rss_mb": statistics.median(b["rss_mb"] for b in builds),
            "warnings": builds[-1]["warnings"],
            **measure_output(base / f"site-{kind}"),
        }
        if kind == "project":
            # The Word files are written by the macros plugin's on_post_build but are a figure of their
            # own (the issue lists "Word export time" apart from "macros overhead"); both are reported.
            def overhead(b):
                return b["macros_s"] - b["macros_by_event"].get("post_build", 0.0)

            figures["macros_s"] = statistics.median(overhead(b) for b in builds)
            figures["macros_by_event"] = {e: statistics.median(b["macros_by_event"].get(e, 0.0) for b in builds)
                                          for e in builds[0]["macros_by_event"]}
            figures["macros_share"] = statistics.median(overhead(b) / b["wall_s"] for b in builds)
            figures["word_in_build_share"] = statistics.median(
                b["macros_by_event"].get("post_build", 0.0) / b["wall_s"] for b in builds)
        if search and browser is not None:
            log(f"[{n}] search in Chromium: {kind}")
            figures.update(browser_figures(browser, base / f"site-{kind}", trials=TRIALS, floor=kind == "project"))
        out[kind] = figures
    out["word_export"] = word_export(project)
    out["build_ratio"] = out["project"]["build_s"] / out["baseline"]["build_s"]
    if out["project"]["search_index_bytes"] and out["baseline"]["search_index_bytes"]:
        # the index and its parts: all the search data a site holds
        def data(figures):
            return sum(figures.get(key, 0) for key in ("search_index_bytes", "search_head_bytes", "search_shard_bytes",
                                                       "search_text_bytes"))

        out["index_ratio"] = data(out["project"]) / data(out["baseline"])
    return out


# --------------------------------------------------------------------------- goals and report


def judge(sizes: dict) -> list[dict]:
    """Every figure that has a goal, with its limit and whether it is met."""
    keys = sorted(sizes, key=int)
    rows = []

    def row(goal, goal_zh, size, value, limit, unit):
        rows.append({"goal": goal, "goal_zh": goal_zh, "size": size, "value": value, "limit": limit, "unit": unit,
                     "pass": value is not None and value <= limit})

    if len(keys) >= 2:
        small, large = sizes[keys[0]]["project"]["page_bytes"], sizes[keys[-1]]["project"]["page_bytes"]
        row(f"page HTML at {keys[-1]} / at {keys[0]} pages", f"分节页 HTML：{keys[-1]} 页时 / {keys[0]} 页时",
            keys[-1], large / small, GOALS["page_ratio"], "×")
    if len(keys) >= 2 and all("search_cold_ms" in sizes[k]["project"] for k in (keys[0], keys[-1])):
        row(f"cold search at {keys[-1]} / at {keys[0]} pages", f"冷启动搜索：{keys[-1]} 页时 / {keys[0]} 页时", keys[-1],
            sizes[keys[-1]]["project"]["search_cold_ms"] / sizes[keys[0]]["project"]["search_cold_ms"],
            GOALS["cold_growth"], "×")
    for key in keys:
        s = sizes[key]
        if int(key) >= 1000:
            row("build time / plain Material", "构建时间 / 默认配置", key, s["build_ratio"], GOALS["build_ratio"], "×")
        row("macros share of build time", "宏占构建时间", key, s["project"]["macros_share"], GOALS["macros_share"], "%")
        row("search data (index, postings, texts) / plain Material", "搜索数据（索引、词项、正文）/ 默认配置", key, s.get("index_ratio"),
            GOALS["index_ratio"], "×")
        if "search_cold_ms" in s["project"] and int(key) >= 1000:
            row("cold search, first results", "冷启动搜索出首条结果", key, s["project"]["search_cold_ms"],
                GOALS["cold_search_ms"], "ms")
        if "search_warm_ms" in s["project"]:
            row("warm search, first results", "热启动搜索出首条结果", key, s["project"]["search_warm_ms"],
                GOALS["warm_search_ms"], "ms")
        if "first_load_gzip" in s["project"]:
            row("first page load without index (gzip)", "首次加载（不含索引，gzip）", key,
                s["project"]["first_load_gzip"], GOALS["first_load_gzip"], "KB")
        if "draft_check_ms" in s["project"]:
            row("稿件体检 of a 10,000-character draft", "稿件体检：检查一万字的稿件", key,
                s["project"]["draft_check_ms"], GOALS["draft_check_ms"], "ms1")
    return rows


UNITS = {
    "%": lambda v: f"{v * 100:.1f} %",
    "×": lambda v: f"{v:.2f}×",
    "ms": lambda v: f"{v:,.0f} ms",
    "ms1": lambda v: f"{v:,.1f} ms",
    "KB": lambda v: f"{v / 1024:,.1f} KB",
    "MB": lambda v: f"{v / 1024 / 1024:,.1f} MB",
    "s": lambda v: f"{v:.1f} s",
}


def fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    return UNITS[unit](value) if unit in UNITS else str(value)


def figure_rows(sizes: dict) -> list[tuple[str, str, str, str, str]]:
    """(figure, 指标, size, project, plain Material) for the table of every measured figure."""
    rows = []
    for key in sorted(sizes, key=int):
        s = sizes[key]
        p, b = s["project"], s["baseline"]
        word = s["word_export"]
        rows += [
            ("pages built (generated section pages)", "构建的页面数（其中生成的分节页）", key,
             f"{p['pages']} ({s['site']['section_pages']})", str(b["pages"])),
            ("families / phrase blocks", "范本系列 / 短语条数", key,
             f"{s['site']['families']} / {s['site']['phrases']}", "—"),
            ("build, median wall time", "构建时间（中位数）", key, fmt(p["build_s"], "s"), fmt(b["build_s"], "s")),
            ("build time / plain Material", "构建时间 / 默认配置", key, fmt(s["build_ratio"], "×"), "1.00×"),
            ("peak RSS of the build", "构建进程内存峰值", key, f"{p['rss_mb']:.0f} MB", f"{b['rss_mb']:.0f} MB"),
            ("macros (Word files apart): time / share of build", "宏（不含生成 Word）：耗时 / 占构建时间", key,
             f"{p['macros_s']:.1f} s / {fmt(p['macros_share'], '%')}", "—"),
            ("  of which library load, pages, Word files", "　其中载入短语库、展开页面、生成 Word", key,
             " / ".join(f"{p['macros_by_event'].get(e, 0):.1f} s" for e in ("config", "page_markdown", "post_build")),
             "—"),
            ("generated section page HTML, median", "生成分节页 HTML（中位数）", key, fmt(p["page_bytes"], "KB"),
             fmt(b["page_bytes"], "KB")),
            ("text characters per generated page", "每个生成分节页的正文字数", key, f"{p['chars_per_page']:,.0f}",
             f"{b['chars_per_page']:,.0f}"),
            ("nav links in a section page", "分节页导航中的链接数", key, f"{p['nav_links_per_page']:.0f}",
             f"{b['nav_links_per_page']:.0f}"),
            ("page families/party-secretary-review/problems/", "真实页面“存在问题”的 HTML", key,
             fmt(p["real_page_bytes"], "KB"), fmt(b["real_page_bytes"], "KB")),
            ("whole site", "整个站点", key, fmt(p["site_bytes"], "MB"), fmt(b["site_bytes"], "MB")),
            ("search index (the file the page loads)", "搜索索引（页面载入的文件）", key, fmt(p["search_index_bytes"], "MB"),
             fmt(b["search_index_bytes"], "MB")),
            ("search index head, fetched by the worker as it starts", "搜索索引头（检索线程启动时取用）", key,
             fmt(p.get("search_head_bytes"), "MB"), "—"),
            ("search postings, fetched by word (shards)", "搜索词项，按词取用（分片数）", key,
             f"{fmt(p.get('search_shard_bytes'), 'MB')} ({p.get('search_shards', 0)})", "—"),
            ("search texts, fetched by page (files)", "搜索正文，按页取用（文件数）", key,
             f"{fmt(p['search_text_bytes'], 'MB')} ({p['search_text_files']})", "—"),
            ("Word export per family, median (total)", "每个范本系列导出 Word（中位数，合计）", key,
             f"{word['median_s'] * 1000:.0f} ms ({word['total_s']:.1f} s)" if isinstance(word, dict) else word, "—"),
        ]
        if "search_cold_ms" in p:
            rows += [
                ("search 党员发展, cold (open page → first results)", "搜索“党员发展”，冷启动（打开页面到首条结果）", key,
                 fmt(p["search_cold_ms"], "ms"), fmt(b.get("search_cold_ms"), "ms")),
                ("  the same, the top result's excerpt painted", "　同上，首条结果的摘录显示", key,
                 fmt(p.get("search_cold_text_ms"), "ms"), fmt(b.get("search_cold_text_ms"), "ms")),
                ("  floor: the same page, a worker that answers at once", "　下限：同一页面，检索线程即刻回答", key,
                 fmt(p.get("search_floor_ms"), "ms"), "—"),
                ("search 党员发展, warm (same page)", "搜索“党员发展”，热启动（同一页面再搜）", key,
                 fmt(p["search_warm_ms"], "ms"), fmt(b.get("search_warm_ms"), "ms")),
                ("first page load without index, gzip", "首次加载（不含搜索索引，gzip）", key,
                 fmt(p["first_load_gzip"], "KB"), fmt(b.get("first_load_gzip"), "KB")),
            ]
        if "draft_check_ms" in p:
            rows.append(("稿件体检, 10,000 characters, median of 21 (findings)", "稿件体检：一万字稿件，21 次中位数（发现数）",
                         key, f"{fmt(p['draft_check_ms'], 'ms1')} ({p['draft_check_findings']})", "—"))
    return rows


def goal_text(row: dict) -> str:
    unit = row["unit"]
    limit = fmt(row["limit"], unit) if unit != "KB" else f"{row['limit'] / 1024:.0f} KB"
    return f"≤ {limit}"


def markdown_tables(report: dict) -> str:
    lines = ["| 指标 | 生成页数 | 本站配置 | Material 默认配置 |", "|---|---:|---:|---:|"]
    lines += [f"| {zh.strip()} | {n} | {c} | {d} |" for _, zh, n, c, d in figure_rows(report["sizes"])]
    lines += ["", "| 目标 | 生成页数 | 实测 | 要求 | 结果 |", "|---|---:|---:|---:|---|"]
    lines += [f"| {r['goal_zh']} | {r['size']} | {fmt(r['value'], r['unit'])} | {goal_text(r)} | "
              f"{'达标' if r['pass'] else '**未达标**'} |" for r in report["goals"]]
    m = report["machine"]
    lines += ["", f"测量于 {report['date']}，{m['cpus']} 核 {m['system']}，Python {m['python']}，"
                  f"MkDocs {m['mkdocs']}，Material {m['material']}，每种配置构建 {report['runs']} 次取中位数，"
                  f"两种配置交替构建。"]
    return "\n".join(lines)


def print_report(report: dict) -> None:
    rows = figure_rows(report["sizes"])
    w = max(len(r[0]) for r in rows) + 2
    print(f"\n{'figure':{w}}{'pages':>7}  {'project':>28}  {'plain Material':>16}")
    for a, _, b, c, d in rows:
        print(f"{a:{w}}{b:>7}  {c:>28}  {d:>16}")
    print(f"\n{'goal':44}{'pages':>7}  {'measured':>12}  {'goal':>12}  result")
    for r in report["goals"]:
        print(f"{r['goal']:44}{r['size']:>7}  {fmt(r['value'], r['unit']):>12}  {goal_text(r):>12}  "
              f"{'PASS' if r['pass'] else 'FAIL'}")


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def update_page(report: dict, page: Path = PAGE) -> None:
    text = page.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{page}: the markers {BEGIN} … {END} are missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    page.write_text(f"{head}{BEGIN}\n{markdown_tables(report)}\n{END}{tail}", encoding="utf-8")


def versions() -> dict:
    from importlib.metadata import version

    return {"cpus": os.cpu_count(), "system": platform.system(), "python": platform.python_version(),
            "mkdocs": version("mkdocs"), "material": version("mkdocs-material"), "jieba": version("jieba")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__.split("\n\n")[0],
        epilog="make bench SIZES=100,1000 RUNS=3 runs this with --sizes and --runs.")
    parser.add_argument("--sizes", default="100,1000", help="generated section pages per site, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="builds of each configuration per size (median)")
    parser.add_argument("--work", type=Path, help="folder for the generated sites (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--no-search", action="store_true", help="skip the browser measurements")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the JSON report")
    parser.add_argument("--no-page", action="store_true", help="do not rewrite docs/about/performance.md")
    parser.add_argument("--generate", type=Path, metavar="DIR",
                        help="only generate the site of the first size into DIR/project (and DIR/baseline)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(BENCH))
    sys.path.insert(1, str(ROOT))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    if args.generate:
        from generate import make_baseline, make_site

        info = make_site(sizes[0], args.generate)
        info["baseline"] = make_baseline(Path(info["dir"]), args.generate / "baseline")
        print(json.dumps(info, ensure_ascii=False))
        return 0

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = {"date": datetime.date.today().isoformat(), "machine": versions(), "runs": args.runs,
              "command": f"make bench SIZES={args.sizes} RUNS={args.runs}", "query": QUERY, "goals_limits": GOALS,
              "method": {
                  "build": "wall time of each `mkdocs build` process; project and plain Material builds interleaved",
                  "rss": "ru_maxrss of each mkdocs process from os.wait4 (that process alone), median",
                  "macros": "time inside the macros plugin's event handlers, wrapped by bench/timing_hook.py",
                  "baseline": "same pages with macros expanded, stock mkdocs.yml: material, language zh, "
                              "search with jieba, no macros, hooks, overrides or theme features",
                  "search": "headless Chromium, empty cache, navigation start → first .md-search-result__item "
                            "painted; warm: clear and type again in the same page",
                  "first_load": "gzip -9 of each HTML/CSS/JS response of the home page, except the search "
                                "index and the worker"}, "sizes": {}}
    browser = playwright = None
    try:
        if not args.no_search:
            if Path(CHROMIUM).exists():
                from playwright.sync_api import sync_playwright

                playwright = sync_playwright().start()
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            else:
                log(f"{CHROMIUM} is missing: search latency is not measured")
        for n in sizes:
            report["sizes"][str(n)] = run_size(n, args.runs, work, not args.no_search, browser)
            if not args.keep:
                shutil.rmtree(work / str(n), ignore_errors=True)
    finally:
        if browser:
            browser.close()
        if playwright:
            playwright.stop()
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    report["goals"] = judge(report["sizes"])
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not args.no_page:
        update_page(report)
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
