"""Site-wide checks on the built output and the sources: titles, links, anchors, hosts, terms, search."""

import posixpath
import re
import subprocess
from urllib.parse import unquote, urlsplit

import jieba
import pytest
from conftest import ROOT, fixture_site, project_terms, search_head, whole_search_index

# ---------------------------------------------------------------- titles, anchors, links


def test_page_titles_are_unique(site):
    titles = [site.page(str(p.relative_to(site.root))).title.get_text() for p in site.html_files()]
    duplicates = {t for t in titles if titles.count(t) > 1}
    assert not duplicates and len(titles) >= 15


def test_heading_anchors_are_readable_chinese_slugs(site):
    ids = [h["id"] for p in site.html_files() for h in site.page(str(p.relative_to(site.root))).select(
        "article h2[id], article h3[id]")]
    assert "写作要点" in ids and "可替换的表述" in ids
    assert not [i for i in ids if re.fullmatch(r"_\d+", i)]


def _targets(site):
    """Every (page, href) of an <a> or <link> or resource on the built pages."""
    for path in site.html_files():
        url = str(path.relative_to(site.root))
        soup = site.page(url)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag):
                if el.get(attr):
                    yield url, tag, el[attr]


def test_internal_links_and_anchors_resolve(site):
    broken = []
    for url, _tag, href in _targets(site):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(url), unquote(parts.path))) if parts.path \
            else url
        file = site.root / target
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            broken.append(f"{url}: {href} (no file)")
            continue
        if parts.fragment and file.suffix == ".html":
            soup = site.page(str(file.relative_to(site.root)))
            if soup.find(id=unquote(parts.fragment)) is None:
                broken.append(f"{url}: {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_nothing_is_loaded_from_another_host(site):
    external = [f"{url}: <{tag}> {href}" for url, tag, href in _targets(site)
                if tag != "a" and (urlsplit(href).scheme or href.startswith("//"))
                and not href.startswith(site.url)]  # rel=canonical names the site's own address
    css_js = [str(p.relative_to(site.root)) for p in list(site.root.rglob("*.css")) + list(site.root.rglob("*.html"))
              if re.search(r"@import\s+url\(\s*['\"]?(https?:)?//|url\(\s*['\"]?(https?:)?//|fonts\.googleapis",
                           p.read_text(encoding="utf-8", errors="replace"))]
    assert not external and not css_js, (external, css_js)


def test_no_link_leaves_the_site(site):
    """An intranet reader must not be sent to the internet (the theme's generator link is off)."""
    outside = {href for _, tag, href in _targets(site) if tag == "a" and urlsplit(href).netloc}
    assert not outside


# ---------------------------------------------------------------- time-bound terms


# Names that go stale: congresses, plenary sessions, five-year plans, and each current value.
STALE = [r"[一二三四五六七八九十]+大(?:精神|报告|以来)", r"届[一二三四五六七八九十]+中全会", r"[一二三四五六七八九十]中全会",
         r"十[一二三四五六七八九]五(?:”|\")?(?:规划|时期)"]


def _sources():
    """Every page and data file, but the one place the terms are written (docs/data/terms.yml); the change log."""
    for path in sorted((ROOT / "docs").rglob("*")):
        if path.suffix in {".md", ".yml", ".txt"} and path != ROOT / "docs" / "data" / "terms.yml":
            yield path
    yield ROOT / "CHANGELOG.md"


def test_prose_does_not_hard_code_time_bound_terms():
    patterns = [re.compile(p) for p in STALE] + [re.escape(v) for v in project_terms().values()]
    found = []
    for path in _sources():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in patterns:
                if match := re.search(pattern, line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {match.group(0)}")
    assert not found, "write {{ terms.… }} instead:\n" + "\n".join(found)


def test_stale_term_patterns_catch_real_examples():
    for sample in ("学习贯彻党的二十大精神", "党的二十届三中全会", "“十四五”规划", "十五五时期"):
        assert any(re.search(p, sample) for p in STALE), sample


def test_terms_reach_the_pages(site, library):
    text = site.article("families/party-secretary-review/").get_text()
    assert library.terms["congress"] in text and "{{" not in text


# ---------------------------------------------------------------- 5. Chinese search


@pytest.fixture(scope="module")
def search_index(site):
    return whole_search_index(site.root)


def test_search_is_configured_for_chinese(search_index):
    """theme.language zh gives a separator that splits on U+200B, which jieba puts between words."""
    assert re.compile(search_index["config"]["separator"]).split("甲\u200b乙") == ["甲", "乙"]
    assert sum("\u200b" in doc["text"] for doc in search_index["docs"]) > 50


def _tokens(search_index, doc) -> set[str]:
    separator = re.compile(search_index["config"]["separator"])
    return {t for field in ("title", "text") for t in separator.split(re.sub(r"<[^>]+>", " ", doc[field])) if t}


@pytest.mark.parametrize("query, page", [
    ("党员发展", "library/by-topic/"),
    ("三会一课", "families/party-secretary-review/work/"),
    ("原因分析", "families/party-secretary-review/causes/"),
])
def test_search_finds_the_right_pages(search_index, query, page):
    """Party terms stay whole tokens in the index (user dictionary), so the query matches them."""
    jieba.load_userdict(str(ROOT / "docs" / "data" / "search-dict.txt"))
    assert list(jieba.cut(query)) == [query]
    hits = {doc["location"].split("#")[0] for doc in search_index["docs"] if query in _tokens(search_index, doc)}
    assert page in hits, sorted(hits)[:10]


def test_search_index_carries_what_the_worker_needs_to_read_a_query(site, library):
    """head.json → query: jieba's frequencies for the index's words (user dictionary included), the synonym
    groups of docs/data/search.yml with each word cut as the index cuts it, and the words to ignore."""
    head = search_head(site.root)
    query, words = head["query"], set(head["tokens"])
    assert query["freq"]["三会一课"] == 50 and query["freq"]["党员"] > 50 and set(query["freq"]) <= words
    assert query["synonyms"] == [list(group) for group in library.search.synonyms]
    assert query["ignore"] == list(library.search.ignore)
    assert query["cuts"]["下一步打算"] == ["下", "一步", "打算"] and query["cuts"]["下步措施"] == ["下步措施"]


# ---------------------------------------------------------------- make build keeps a good site


@pytest.mark.full  # two builds of fixture sites through make
def test_failed_build_leaves_the_previous_site(tmp_path):
    good = fixture_site("base", tmp_path / "good")
    bad = fixture_site("unknown-slot", tmp_path / "bad")
    site = tmp_path / "site"
    make = ["make", "-s", "-C", str(ROOT), "build", f"SITE={site}"]
    first = subprocess.run(make + [f"CONFIG={good}"], capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    (site / "marker.txt").write_text("good build")
    second = subprocess.run(make + [f"CONFIG={bad}"], capture_output=True, text=True)
    assert second.returncode != 0 and "unknown slot 【党员数】" in second.stdout + second.stderr
    assert (site / "marker.txt").read_text() == "good build" and (site / "index.html").is_file()
    assert not (tmp_path / "site.new").exists()
