"""Chinese search in a real browser: type a query, read the results Material paints.

Runs through docs/assets/javascripts/workers/search-zh.js, which keeps Party terms whole in the query.
"""

import json
import re

import pytest
from conftest import search_for, shown, whole_search_index

# What writers type, and the page that should come up: a topic finds the topic index; a Party term the
# index of the blocks that use it; a section's name that section; a kind of report its family.
QUERIES = [
    ("党员发展", "library/by-topic/"),
    ("三会一课", "library/by-topic/"),
    ("原因分析", "families/party-secretary-review/causes/"),
    ("整改措施", "families/self-examination/measures/"),
    ("述职述责述廉", "families/duty-integrity/"),
    ("对照检查", "families/self-examination/"),
    ("工作计划", "families/branch-work-plan/"),
    ("考核总结", "families/annual-appraisal/"),
]
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"


def pages_with_word(site, query: str) -> set[str]:
    index = whole_search_index(site.root)
    separator = re.compile(index["config"]["separator"])
    return {doc["location"].split("#")[0] for doc in index["docs"]
            if any(t.startswith(query) for field in ("title", "text") for t in separator.split(doc[field]))}


@pytest.mark.parametrize("query, expected", QUERIES)
def test_search_from_home_page_finds_the_right_page(page, site, query, expected):
    page.goto("")
    search_for(page, query)
    # results are repainted as the query grows; wait until the full query's results are shown
    page.wait_for_function(
        """([selector, expected]) => [...document.querySelectorAll(selector)]
             .some(a => new URL(a.href).pathname.endsWith('/' + expected))""",
        arg=[RESULT_LINKS, expected], timeout=15000)
    # the first screen of results: a topic's name is also the heading of that topic's alternatives on each
    # family section page that offers them, so those pages share the first places with the topic index
    top = [page.evaluate("a => new URL(a.href).pathname", a) for a in page.query_selector_all(RESULT_LINKS)[:10]]
    assert f"/{expected}" in top, top
    # exactly the pages whose index holds a word starting with the whole query: not split into fragments
    count = int("".join(filter(str.isdigit, page.inner_text(".md-search-result__meta"))))
    assert count == len(pages_with_word(site, query)) > 0
    assert not page.outside_requests and not page.errors


# ------------------------------------------- the lunr index the worker makes from the build's word counts

SAME_RESULTS = ["党员发展", "三会一课", "整改措施", "党员", "问题 原因", "word", "【党员人数】", "-党员"]


def index_changed(page, change) -> None:
    """Serve the page a search_index.json with change(config) applied to its config."""
    def handle(route):
        response = route.fetch()
        index = response.json()
        change(index["config"])
        route.fulfill(response=response, json=index)

    page.route("**/search/search_index.json", handle)


@pytest.fixture
def stock(context):
    """A page whose index has no word counts: Material's worker builds its lunr index from the text."""
    page = context.new_page()
    index_changed(page, lambda config: config.pop("prebuilt"))
    page.goto("")
    return page


RUN_WORKER = """async ([script, index, messages]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);  // search-zh.js has set the worker
  const worker = new Worker(new URL(config.search.replace('search-zh.js', script), document.baseURI));
  const ask = message => new Promise(resolve => {
    worker.onmessage = ev => resolve(ev.data);
    worker.postMessage(message);
  });
  await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  const answers = [];
  for (const message of messages) answers.push(await ask(message));
  worker.terminate();
  return answers;
}"""
# In place of search-zh.js: the worker under test (and Material's through it), and a message that
# reads out the lunr index it made. Where words stand is worked out per query: all else is compared.
HARNESS = """
importScripts("search-zh.js" + self.location.search);
const build = lunr.Builder.prototype.build;
let index = null;
lunr.Builder.prototype.build = function () { return (index = build.call(this)); };
addEventListener("message", ev => {
  if (ev.data.type !== "index") return;
  const json = index.toJSON();
  for (const [, posting] of json.invertedIndex) {
    for (const field of json.fields) for (const ref of Object.keys(posting[field])) posting[field][ref] = {};
  }
  postMessage(json);
});
"""
# Words the index pipeline (lunr's stemmer) merges. In b/'s text, by word number: zeta, then
# connections → connect (a term with a lower number, new to this field), then zetas → zeta again.
MERGED = {"config": {"separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
                     "lang": ["en"], "pipeline": ["stemmer"]},
          "docs": [{"location": "a/", "title": "Connect", "text": "<p>connect zeta</p>"},
                   {"location": "b/", "title": "Zeta", "text": "<p>Zeta connections</p><p>zetas-Zeta</p>"},
                   {"location": "b/#c", "title": "C", "text": "zeta zeta zetas"}]}


def with_and_without_counts(page, index: dict, messages: list, script: str = "search-zh.js") -> tuple[list, list]:
    """The worker's answers to messages once set up with index, and once with index less its counts."""
    stock = json.loads(json.dumps(index))
    del stock["config"]["prebuilt"]
    return (page.evaluate(RUN_WORKER, [script, index, messages]), page.evaluate(RUN_WORKER, [script, stock, messages]))


@pytest.fixture
def site_index(site) -> dict:
    return whole_search_index(site.root)


@pytest.fixture
def harness(page):
    page.route("**/workers/harness.js*", lambda route: route.fulfill(body=HARNESS, content_type="text/javascript"))
    page.goto("")
    return page


def test_counts_give_the_results_of_materials_own_index(page, site_index):
    """Every result, score and highlight, as the worker sends them to the page; "-党员" matches every entry."""
    page.goto("")
    made, built = with_and_without_counts(page, site_index, [{"type": 2, "data": q} for q in SAME_RESULTS])
    for query, with_counts, without in zip(SAME_RESULTS, made, built, strict=True):
        assert with_counts == without, query
    three = made[SAME_RESULTS.index("三会一课")]["data"]["items"]
    assert any("<mark" in item["text"] for group in three for item in group)
    assert len(made[-1]["data"]["items"]) > 10 and not page.errors


def test_counts_give_materials_own_lunr_index(harness, site_index):
    """Terms, their numbers, postings and every score vector: the index the worker makes from the counts
    is the one Material's worker builds from the text."""
    (made,), (built,) = with_and_without_counts(harness, site_index, [{"type": "index"}], "harness.js")
    assert made["invertedIndex"] == built["invertedIndex"]
    assert made["fieldVectors"] == built["fieldVectors"]
    assert made == built and len(made["fieldVectors"]) > 300


def test_counts_of_words_the_pipeline_merges(harness):
    from test_performance_config import load_hook

    index = json.loads(json.dumps(MERGED))
    index["config"]["prebuilt"] = load_hook().prebuild(index)
    (made,), (built,) = with_and_without_counts(harness, index, [{"type": "index"}], "harness.js")
    assert [term for term, _ in built["invertedIndex"]] == ["c", "connect", "zeta"]
    assert made == built


def test_counts_give_the_page_materials_own_results(page, stock):
    page.goto("")
    for query in ("党员发展", "三会一课", "问题 原因"):
        assert shown(page, query) == shown(stock, query), query
    assert not page.errors


def test_the_worker_uses_the_counts(page, stock):
    # words renamed in the counts: a worker that uses them finds other entries
    index_changed(page, lambda config: config["prebuilt"]["tokens"].reverse())
    page.goto("")
    assert shown(page, "三会一课") != shown(stock, "三会一课")


@pytest.mark.parametrize("change", [
    lambda prebuilt: prebuilt.update(counts=prebuilt["counts"][:-1]),  # cut off
    lambda prebuilt: prebuilt.update(fields=["title", "text"]),  # made for other fields
    lambda prebuilt: prebuilt.update(version=2),
], ids=["cut-off", "other-fields", "other-version"])
def test_counts_that_do_not_fit_are_set_aside(page, stock, change):
    index_changed(page, lambda config: change(config["prebuilt"]))
    page.goto("")
    assert shown(page, "三会一课") == shown(stock, "三会一课")
    assert not page.errors


# ------------------------------------------- a writer's query: words, fillers, synonyms, partial matches


def ask(page, index: dict, queries: list[str]) -> list[list[list[dict]]]:
    """The worker's results for each query, as Material's page gets them: groups of items, best first."""
    page.goto("")
    answers = page.evaluate(RUN_WORKER, ["search-zh.js", index, [{"type": 2, "data": q} for q in queries]])
    return [answer["data"]["items"] for answer in answers]


def pages(groups) -> list[str]:
    return [next(item["location"] for item in group if "#" not in item["location"]) for group in groups]


def holds_all(group) -> bool:
    return all(group[0]["terms"].values())  # the group's best item (a page Material adds comes last)


def test_several_words_with_or_without_spaces_find_the_pages_holding_them_all_first(page, site_index):
    spaced, joined = ask(page, site_index, ["党员发展 三会一课", "党员发展三会一课"])
    assert spaced == joined
    assert set(spaced[0][0]["terms"]) == {"党员发展", "三会一课"}  # 三会一课 stays one word
    full = [holds_all(group) for group in spaced]
    assert full[0] and not full[-1] and full == sorted(full, reverse=True)


def test_question_words_and_fillers_do_not_count_against_a_page(page, site_index):
    question, plain = ask(page, site_index, ["原因怎么写", "原因"])
    assert question == plain and all(holds_all(group) for group in question)


def test_when_no_page_holds_every_word_the_best_partial_matches_show_with_a_note(page, site_index):
    (partial,) = ask(page, site_index, ["三会一课 nginx"])
    assert partial and not any(holds_all(group) for group in partial)
    assert "about/deploy/" in pages(partial) and "library/by-topic/" in pages(partial)
    html = shown(page, "三会一课 nginx")
    assert "缺少" in html and "<del>nginx</del>" in html and "<del>三会一课</del>" in html
    assert not page.errors


def test_nothing_found_only_when_no_word_is_held(page, site_index):
    assert ask(page, site_index, ["zzzqqq"]) == [[]]
    html = shown(page, "zzzqqq")
    assert "没有找到符合条件的结果" in html


def test_latin_words_match_in_any_case(page, site_index):
    lower, upper, mixed = ask(page, site_index, ["word", "WORD", "下载Word"])
    assert lower == upper and len(lower) >= 6
    assert set(pages(mixed)[:6]) == {f"families/{f}/" for f in (
        "party-secretary-review", "self-examination", "party-building-summary", "duty-integrity",
        "branch-work-plan", "annual-appraisal")}  # the overviews, with their 下载 Word section


def test_a_synonym_finds_the_pages_of_its_group(page, site_index):
    listed, said = ask(page, site_index, ["下步措施", "今后努力方向"])
    assert pages(listed) == pages(said) and "families/party-secretary-review/measures/" in pages(said)[:3]
    assert said[0][0]["terms"] == {"今后努力方向": True}


def test_section_pages_rank_above_the_library_lists_and_list_pages_link_their_section(page, site_index):
    (pledge,) = ask(page, site_index, ["表态"])
    order = pages(pledge)
    assert order.index("families/party-secretary-review/closing/") < order.index("library/pledges/")
    (topic,) = ask(page, site_index, ["三会一课"])
    by_topic = next(group for group in topic if group[-1]["location"] == "library/by-topic/" or
                    any(item["location"].startswith("library/by-topic/#") for item in group))
    assert "library/by-topic/#学习教育" in [item["location"] for item in by_topic]


def test_the_worker_fetches_the_texts_of_the_pages_a_query_shows_first(page, site, site_index):
    """The index the page loads holds titles and counts, no text (overrides/hooks/search_index.py): each
    page's texts are fetched when a query first shows the page among the 12 it shows first, and only then. The
    results are those of the whole index, with the excerpts of every page Material paints first."""
    served = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(served["config"]["parts"]["starts"]) > 60 and not any(doc["text"] for doc in served["docs"])
    queries = [{"type": 2, "data": q} for q in ("党员", "三会一课", "党员", "-党员")]
    fetched = []

    def count(route):
        fetched.append(route.request.url)
        route.continue_()

    page.route("**/search/text/*", count)
    page.goto("")
    parted = page.evaluate(RUN_WORKER, ["search-zh.js", served, queries])
    whole = page.evaluate(RUN_WORKER, ["search-zh.js", site_index, queries])
    for query, one, other in zip(queries, parted, whole, strict=True):
        assert len(one["data"]["items"]) == len(other["data"]["items"]), query
        assert one["data"]["items"][:10] == other["data"]["items"][:10], query
    assert len(parted[0]["data"]["items"]) > 30  # 党员: more pages than texts fetched for it
    assert 10 <= len(fetched) == len(set(fetched)) < len(served["config"]["parts"]["starts"])
    assert not page.errors
