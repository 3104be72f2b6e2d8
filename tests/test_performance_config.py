"""Configuration that keeps the site light as it grows — checked without timing anything.

The figures themselves (build time, page weight, search latency) come from `make bench` (bench/run.py)
and are shown on about/performance.md; these tests only check that the means are in place:
navigation.prune, the search-index hook (overrides/hooks/search_index.py) and the benchmark itself.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jieba
import pytest
from bs4 import BeautifulSoup
from conftest import ENV, ROOT, SEARCH_HOOK, load_hook, mkdocs_build, search_head, whole_search_index

FAMILY = "families/party-secretary-review/"
ZWSP = "\u200b"
NOT_SEARCHED = {"about/performance/", "about/review/", "about/changelog/"}  # front matter search.exclude: not writing guidance


def nav_links(soup) -> list[str]:
    nav = soup.select_one("nav.md-nav--primary")
    return [a["href"] for a in nav.select("a.md-nav__link[href]")]


# ---------------------------------------------------------------- navigation


def test_config_prunes_the_navigation():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^\s+- navigation\.prune\b", text)
    assert re.search(r"(?m)^\s+- overrides/hooks/search_index\.py\b", text)


def test_a_page_outside_a_family_lists_only_the_familys_overview(site):
    """Pruned: the family is one link to its overview, not all of its section pages."""
    page = site.page("guide/structure/")
    links = nav_links(page)
    assert page.select("nav.md-nav--primary .md-nav__item--pruned")
    assert not [h for h in links if re.search(r"party-secretary-review/[a-z-]+/$", h)], links
    assert any(h.endswith("party-secretary-review/") for h in links), links
    assert len(links) < len(site.html_files())


def test_a_family_page_lists_its_own_sections(site):
    links = nav_links(site.page(FAMILY + "problems/"))
    for section in ("opening", "work", "causes", "measures", "closing"):
        assert any(h.endswith(f"/{section}/") or h == f"../{section}/" for h in links), (section, links)


# ---------------------------------------------------------------- search index


@pytest.fixture(scope="module")
def raw_index(site) -> bytes:
    return (site.root / "search" / "search_index.json").read_bytes()


@pytest.fixture(scope="module")
def index(site) -> dict:
    return whole_search_index(site.root)


def test_search_index_is_utf8_not_escapes(site, raw_index, index):
    texts = sorted((site.root / "search" / "text").glob("*.json"), key=lambda p: int(p.stem))
    parts = sorted((site.root / "search" / "index").glob("*.json"))
    for raw in [raw_index, *(path.read_bytes() for path in texts + parts)]:
        escape = re.search(rb"(?<!\\)\\u(?:[3-9a-f][0-9a-f]{3}|200b)", raw)  # not the separator's \\u200b
        assert not escape, f"CJK or U+200B written as a \\u escape: {raw[escape.start() - 40:escape.end()]!r}"
    head = search_head(site.root)
    assert "党员发展".encode() in (site.root / "search" / "index" / "head.json").read_bytes()
    assert len(texts) == len(head["pages"]) and len(parts) == len(head["shards"]) + 1
    escaped = sum(len(json.dumps(doc["text"])) for doc in index["docs"])  # as Material's plugin writes them
    assert sum(path.stat().st_size for path in texts) < 0.6 * escaped


def test_the_page_loads_only_materials_config(raw_index):
    """search_index.json, which Material's page downloads and hands to the worker before the first
    search: the config and the build's id, no entries (the worker fetches its index in parts)."""
    served = json.loads(raw_index)
    assert served["docs"] == [] and len(raw_index) < 1024
    assert served["config"]["split"]["version"] == 1 and re.fullmatch(r"[0-9a-f]{12}", served["config"]["split"]["id"])


def test_every_page_and_heading_keeps_its_entry(site, index):
    locations = {doc["location"] for doc in index["docs"]}
    for path in site.html_files():
        folder = path.relative_to(site.root).parent.as_posix()
        url = "" if folder == "." else folder + "/"
        if url in NOT_SEARCHED:
            continue
        assert url in locations, url
        for heading in site.page(str(path.relative_to(site.root))).select("article h2[id]"):
            assert f"{url}#{heading['id']}" in locations, (url, heading["id"])


def test_a_family_section_page_is_named_with_its_family_in_the_results(site, index, library):
    """Families share section names (开头, 结尾): in the index each page entry is titled as the library's lists name
    it (对照检查材料·结尾), cut as Material cuts a title; the page's headings and the overviews keep theirs."""
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    jieba.load_userdict(str(ROOT / "docs" / "data" / "search-dict.txt"))  # as the search plugin does
    for family in library.families.values():
        assert titles[f"families/{family.id}/"].replace(ZWSP, "") == family.title
        for section in family.sections:
            url = f"families/{family.id}/{section.id}/"
            h1 = "".join(site.article(url).select_one("h1").find_all(string=True, recursive=False)).strip()
            assert titles[url].replace(ZWSP, "") == f"{family.short_title}·{h1}", url
            assert titles[url].startswith(ZWSP.join(jieba.cut(family.short_title)) + ZWSP + "·" + ZWSP), url
            for heading in site.article(url).select("h2[id]"):
                own = "".join(heading.find_all(string=True, recursive=False)).strip()
                assert titles[f"{url}#{heading['id']}"].replace(ZWSP, "") == own, (url, heading["id"])


def test_reader_tools_are_published_but_not_indexed(site, index):
    page = site.page(FAMILY + "problems/")
    assert page.select_one(".reader-tools details.fill-panel") is not None
    first = next(doc for doc in index["docs"] if doc["location"] == FAMILY + "problems/")
    assert "在这里填写一次" not in first["text"].replace(ZWSP, "")
    # written by the macros in a comment that Markdown and search pass over (overrides/hooks/deferred_html.py)
    leftovers = [str(p.relative_to(site.root)) for p in site.html_files()
                 if re.search("deferred-html|data-search-exclude", p.read_text(encoding="utf-8"))]
    assert not leftovers


def longest_plain_run(element) -> str:
    """The longest stretch of an element's text between slots."""
    return max(re.split(r"【[^】]*】", element.get_text()), key=len)


def test_the_full_report_is_indexed_in_its_sections(site, index):
    """The overview's full report stays out of the index: each of its paragraphs is found on a section
    page of the family."""
    texts = {doc["location"]: re.sub("<[^>]+>", "", doc["text"].replace(ZWSP, "")) for doc in index["docs"]}

    def found(run):
        return {location.split("#")[0] for location, text in texts.items() if run in text}

    report = site.page(FAMILY).select(".report p")
    assert len(report) > 10
    overview = {location: text for location, text in texts.items() if location.split("#")[0] == FAMILY}
    for paragraph in report[1:]:  # after the report's title
        run = longest_plain_run(paragraph)[:12]
        # not in the overview's index entries (a slot's hint in the slot table may share a phrase with it)
        assert not any(run in text for location, text in overview.items() if not location.endswith("#本范本用到的填空项")), run
        assert any(page.startswith(FAMILY) and page != FAMILY for page in found(run)), run
    assert texts[FAMILY + "#全文"]  # the section of the overview keeps its own text


def test_deferred_markup_is_put_in_place_unread():
    from macros.render import deferred

    hook = load_hook(SEARCH_HOOK.parent / "deferred_html.py")
    panel = '<div class="reader-tools" hidden>\n<p>填写<b>本单位</b></p>\n</div>'
    page = f"<article><h1>标题</h1>\n{deferred(panel)}\n<p>正文</p>{deferred('<i>二</i>')}</article>"
    assert hook.on_post_page(page, None, None) == f"<article><h1>标题</h1>\n{panel}\n<p>正文</p><i>二</i></article>"
    assert hook.on_post_page("<p>没有</p>", None, None) == "<p>没有</p>"
    with pytest.raises(ValueError):
        deferred("<!-- a comment -->")


@pytest.mark.full  # a second build of the whole site
def test_the_hook_loses_no_words_of_the_content(site, index, tmp_path):
    """The same site built without the hook: every word of a page is still in that page's index.

    Words may be missing only where the hook means it: the reader tools.
    """
    (tmp_path / "noop.py").write_text('"""In place of the search-index hook."""\n', encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("overrides/hooks/search_index.py", str(tmp_path / "noop.py"))
    for name in ("docs", "macros", "overrides", "deploy", "CHANGELOG.md"):
        if (ROOT / name).exists():
            (tmp_path / name).symlink_to(ROOT / name, target_is_directory=(ROOT / name).is_dir())
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", SITE_URL=site.url)
    assert result.returncode == 0, result.stdout + result.stderr
    plain = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))

    assert [d["location"] for d in plain["docs"]] == [d["location"] for d in index["docs"]]
    separator = re.compile(index["config"]["separator"])

    def by_page(idx):
        pages: dict[str, list[dict]] = {}
        for doc in idx["docs"]:
            pages.setdefault(doc["location"].split("#")[0], []).append(doc)
        return pages

    hooked = by_page(index)
    for url, docs in by_page(plain).items():
        def words(entries):
            return {w for d in entries for f in ("title", "text")
                    for w in separator.split(re.sub(r"<[^>]+>", " ", d[f])) if w}

        lost = words(docs) - words(hooked[url])
        if not lost:
            continue
        tools = "".join(t.get_text() for t in site.page(url).select(".reader-tools"))
        assert not [w for w in lost if w not in tools], (url, sorted(lost)[:20])


def test_compact_drops_only_redundant_word_breaks():
    hook = load_hook()
    text = f"本人{ZWSP}履行{ZWSP}职责{ZWSP}还{ZWSP}不够{ZWSP}到位{ZWSP}。{ZWSP}对{ZWSP}党建{ZWSP}工作{ZWSP}，{ZWSP}【{ZWSP}年度{ZWSP}】 ok"
    index = {"config": {"separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+"},
             "docs": [{"location": "a/", "title": f"甲{ZWSP}乙", "text": f"<p>{ZWSP}{text}</p>"},
                      {"location": "a/#b", "title": "b", "text": ""}]}
    out = hook.compact(json.loads(json.dumps(index)))
    assert [d["location"] for d in out["docs"]] == ["a/", "a/#b"]
    assert "到位。对" in out["docs"][0]["text"] and "工作，【" in out["docs"][0]["text"]
    assert f"履行{ZWSP}职责" in out["docs"][0]["text"] and f"【{ZWSP}年度{ZWSP}】" in out["docs"][0]["text"]
    assert out["docs"][0]["title"] == f"甲{ZWSP}乙"
    separator = re.compile(index["config"]["separator"])
    for before, after in zip(index["docs"], out["docs"], strict=True):
        assert [w for w in separator.split(after["text"]) if w] == [w for w in separator.split(before["text"]) if w]


def numbers(text: str):
    """The numbers of a shard's string, one by one (the hook's DIGITS: five bits a digit, low first)."""
    digits = {d: i for i, d in enumerate(load_hook().DIGITS)}
    value = shift = 0
    for character in text:
        digit = digits[character]
        value |= (digit & 31) << shift
        shift += 5
        if not digit & 32:
            yield value
            value = shift = 0
    assert shift == 0, "a number cut off"


def decode_shards(folder) -> list[dict[str, int]]:
    """search/index/ (the format in the hook's docstring) → for each field ref, {word: count}."""
    head = json.loads((folder / "head.json").read_text(encoding="utf-8"))
    refs: list[dict[str, int]] = [{} for _ in range(len(head["titles"]) * len(head["fields"]))]
    starts = [*head["shards"], len(head["tokens"])]
    assert starts[0] == 0 and starts == sorted(starts)
    for n, (start, end) in enumerate(zip(starts, starts[1:], strict=False)):
        shard = numbers(json.loads((folder / f"{n}.json").read_text(encoding="utf-8")))
        for word in head["tokens"][start:end]:
            ref = 0
            for _ in range(next(shard)):
                ref += next(shard)
                refs[ref][word] = next(shard)
        assert next(shard, None) is None, n
    return refs


def split_fixture(tmp_path, index: dict) -> tuple[dict, dict, list[dict[str, int]]]:
    """The index written in parts into tmp_path, shards of about 8 bytes (a word or so each)."""
    tmp_path.mkdir(exist_ok=True)
    served = load_hook().split_index(json.loads(json.dumps(index)), tmp_path, [["党员", "党员发展"]], ["的"], 8)
    return served, json.loads((tmp_path / "index" / "head.json").read_text(encoding="utf-8")), \
        decode_shards(tmp_path / "index")


def test_text_runs_follow_materials_tokenizer():
    hook = load_hook()
    assert hook.text_runs("<p>甲乙</p><li>丙</li>") == ["甲乙", "丙"]
    assert hook.text_runs("前<code>a<b</code>后") == ["前", "a", "<b", "后"]  # a < after text ends the text
    assert hook.text_runs("x>y<p>z</p>") == ["y", "z"]  # a stray > ends what came before it
    assert hook.text_runs("平文") == ["平文"] and hook.text_runs("") == []


def test_the_index_in_parts_holds_the_words_materials_worker_indexes(tmp_path):
    hook = load_hook()
    index = {"config": {"separator": "[\\s\\u200b\\-、。]+", "fields": {"title": {}, "text": {}, "tags": {}}},
             "docs": [{"location": "a/", "title": "Word 下载", "text": "<p>党员\u200b发展、党员。</p><p>Word\u00a0word</p>"},
                      {"location": "a/#b", "title": "下载", "text": "x>不算<p>发展</p>", "tags": ["标签", "下载"]},
                      {"location": "c/", "title": "", "text": "\ufeff党员", "boost": 0.5}]}  # U+FEFF: JavaScript's \s
    served, head, refs = split_fixture(tmp_path, index)
    assert served == {"config": {**index["config"], "split": {"version": 1, "id": head["id"]}}, "docs": []}
    assert head["version"] == 2 and head["fields"] == ["title", "text", "tags"]
    assert head["pages"] == [0, 2] and head["paths"] == ["a/", "c/"] and head["anchors"] == ["", "#b", ""]
    assert head["titles"] == ["Word 下载", "下载", ""] and head["more"] == {"1": {"tags": ["标签", "下载"]}, "2": {"boost": 0.5}}
    assert load_hook().entries(head) == [{"location": "a/", "title": "Word 下载"}, {"location": "a/#b", "title": "下载",
                                          "tags": ["标签", "下载"]}, {"location": "c/", "title": "", "boost": 0.5}]
    assert head["tokens"] == sorted(head["tokens"], key=lambda w: w.encode("utf-16-be"))
    ranks = dict(zip(head["tokens"], head["first"], strict=True))
    assert sorted(ranks, key=ranks.get) == ["word", "下载", "党员", "发展", "不算", "标签"]  # as they first occur
    assert len(head["shards"]) > 2
    assert refs == [{"word": 1, "下载": 1}, {"党员": 2, "发展": 1, "word": 2}, {},
                    {"下载": 1}, {"不算": 1, "发展": 1}, {"标签": 1, "下载": 1},  # "x>" taken for a tag
                    {}, {"党员": 1}, {}]
    assert [json.loads((tmp_path / "text" / f"{n}.json").read_text(encoding="utf-8")) for n in (0, 1)] == \
        [[index["docs"][0]["text"], index["docs"][1]["text"]], [index["docs"][2]["text"]]]
    assert head["query"]["synonyms"] == [["党员", "党员发展"]] and head["query"]["ignore"] == ["的"]
    # the id changes with any part
    changed = json.loads(json.dumps(index))
    changed["docs"][2]["text"] = "党员 党员"
    assert split_fixture(tmp_path / "b", changed)[1]["id"] != head["id"]
    assert hook.split_index({**index, "config": {**index["config"], "separator": "[\\s]+|x"}}, tmp_path) is None


def test_an_index_the_worker_cannot_count_is_written_whole(tmp_path):
    """A separator of more than one character class: Material's worker builds its index from the text,
    so the hook writes it whole (UTF-8), with what the worker needs to read a query."""
    (tmp_path / "site" / "search").mkdir(parents=True)
    index = {"config": {"separator": "[\\s]+|x", "fields": {"title": {}, "text": {}}},
             "docs": [{"location": "a/", "title": "党员", "text": "<p>党员发展</p>"}]}
    path = tmp_path / "site" / "search" / "search_index.json"
    path.write_text(json.dumps(index), encoding="utf-8")
    load_hook().on_post_build({"site_dir": str(tmp_path / "site"), "docs_dir": str(tmp_path / "docs"),
                               "config_file_path": str(tmp_path / "mkdocs.yml")})
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["docs"] == index["docs"] and "split" not in written["config"]
    assert written["config"]["query"]["version"] == 1 and "党员" in path.read_text(encoding="utf-8")
    assert not (tmp_path / "site" / "search" / "index").exists()


def test_the_built_index_in_parts_holds_the_words_of_its_own_text(site, index):
    head = search_head(site.root)
    assert head["fields"] == list(index["config"]["fields"])
    separator = re.compile(index["config"]["separator"])
    refs = iter(decode_shards(site.root / "search" / "index"))
    for doc in index["docs"]:
        for field in head["fields"]:
            text = re.sub(r"<[^<>]*>", " ", doc.get(field) or "" if field != "tags" else " ".join(doc.get("tags", [])))
            words = [w for w in separator.split(text.lower()) if w]
            assert next(refs) == {w: words.count(w) for w in dict.fromkeys(words)}, (doc["location"], field)


# ---------------------------------------------------------------- the benchmark


def test_bench_help():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--help"],
                            capture_output=True, text=True, env=ENV, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--sizes" in result.stdout and "--runs" in result.stdout


@pytest.mark.full
def test_bench_generates_and_builds_a_tiny_site(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "5",
                             "--generate", str(tmp_path)], capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    info = json.loads(result.stdout)
    assert info["section_pages"] == 5 and info["generated_families"] == 1
    project = tmp_path / "project"
    pages = sorted(p.stem for p in (project / "docs" / "families" / "bench-f0000").glob("*.md"))
    assert len(pages) == 6 and "index" in pages  # 5 sections and the overview
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "navigation.prune" in config and "families/bench-f0000/index.md" in config

    # the baseline: the same pages, macros expanded, stock Material settings
    baseline = tmp_path / "baseline"
    expanded = (baseline / "docs" / "families" / "bench-f0000" / "problems.md").read_text(encoding="utf-8")
    assert "{{" not in expanded and 'class="report"' in expanded
    stock = (baseline / "mkdocs.yml").read_text(encoding="utf-8")
    for absent in ("macros", "hooks", "custom_dir", "features", "navigation.prune"):
        assert absent not in stock, absent

    site = tmp_path / "site"
    built = mkdocs_build(project / "mkdocs.yml", site)
    assert built.returncode == 0, built.stdout + built.stderr
    problems = BeautifulSoup((site / "families" / "bench-f0000" / "problems" / "index.html").read_text("utf-8"),
                             "html.parser")
    assert problems.select(".report .phrase") and problems.select(".pitfall")
    assert "党".encode() in (site / "search" / "index" / "head.json").read_bytes()


def test_the_bench_floor_worker_answers_materials_page(browser, site):
    """make bench's floor: the site served with FLOOR_WORKER in place of its worker, every other file as
    built; Material's page sets it up, sends it a query and paints its answer (searched waits for that)."""
    import urllib.request

    sys.path.insert(0, str(ROOT / "bench"))
    import run

    stub = run.Served(site.root, {run.WORKER_PATH: run.FLOOR_WORKER})
    try:
        with urllib.request.urlopen(stub.url + run.WORKER_PATH.lstrip("/") + "?material=x") as response:
            assert response.read() == run.FLOOR_WORKER
        with urllib.request.urlopen(stub.url + "search/search_index.json") as response:
            assert response.read() == (site.root / "search" / "search_index.json").read_bytes()
        cold, warm, excerpt = run.searched(browser, stub.url, text=False)
        assert 0 < warm < cold and excerpt is None  # its one result has no text
    finally:
        stub.close()
