"""Chinese search in a real browser: type a query, read the results Material paints.

Runs through docs/assets/javascripts/workers/search-zh.js, which keeps Party terms whole in the query.
"""

import json
import re

import pytest
from conftest import load_hook, search_for, search_head, shown, whole_search_index

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


# ------------------------------------------- the lunr index the worker makes from the index in parts

SAME_RESULTS = ["党员发展", "三会一课", "整改措施", "党员", "问题 原因", "word", "【党员人数】", "-党员"]


def head_changed(page, change) -> None:
    """Serve the page a search/index/head.json (with or without ?v=) with change(head) applied."""
    def handle(route):
        response = route.fetch()
        head = response.json()
        change(head)
        route.fulfill(response=response, json=head)

    page.route(re.compile(r".*/search/index/head\.json(\?.*)?$"), handle)


def serve_parts(page, folder) -> None:
    """Serve search/index/ and search/text/ from folder (written by the hook's split_index)."""
    def handle(route):
        path = re.search(r"/search/((?:index|text)/[^/?]+\.json)", route.request.url).group(1)
        route.fulfill(path=str(folder / path), content_type="application/json")

    page.route(re.compile(r".*/search/(index|text)/[^/]+\.json(\?.*)?$"), handle)


@pytest.fixture
def stock(context, site):
    """A page whose search index is whole, as Material's plugin writes it: Material's worker builds its
    lunr index from the text."""
    page = context.new_page()
    whole = whole_search_index(site.root)
    page.route("**/search/search_index.json", lambda route: route.fulfill(json=whole))
    page.goto("")
    return page


RUN_WORKER = """async ([script, index, messages]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);  // search-zh.js has set the worker
  const worker = new Worker(new URL(config.search.replace('search-zh.js', script), document.baseURI));
  const ask = message => new Promise(resolve => {  // the whole answer, not a first one without texts (partial)
    worker.onmessage = ev => ev.data.data && ev.data.data.partial || resolve(ev.data);
    worker.postMessage(message);
  });
  await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  const answers = [];
  for (const message of messages) answers.push(await ask(message));
  worker.terminate();
  return answers;
}"""
# In place of search-zh.js: the worker under test (and Material's through it), and a message that
# reads out the lunr index it made, every term loaded. Where words stand is worked out per query: all
# else is compared.
HARNESS = """
importScripts("search-zh.js" + self.location.search);
const build = lunr.Builder.prototype.build;
let index = null;
lunr.Builder.prototype.build = function () { return (index = build.call(this)); };
addEventListener("message", async ev => {
  if (ev.data.type === "keys") {  // what there is, asked before any shard is loaded
    try {
      const terms = Object.keys(index.invertedIndex), has = Object.prototype.hasOwnProperty;
      postMessage({terms: terms.length, owns: terms.every(term => has.call(index.invertedIndex, term)),
                   vectors: Object.keys(index.fieldVectors).length, stranger: has.call(index.invertedIndex, "\u0000")});
    } catch (error) {
      postMessage({error: String(error)});
    }
  }
  if (ev.data.type !== "index") return;
  if (index.load) await index.load("*");  // lunr's syntax: every shard
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
                   {"location": "b/#c", "title": "C", "text": "zeta zeta zetas", "boost": 0.5}]}


def in_parts_and_whole(page, root, messages: list, script: str = "search-zh.js") -> tuple[list, list]:
    """The worker's answers to messages once set up with the site's index in parts (as the page loads it),
    and once with the whole index."""
    served = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    return (page.evaluate(RUN_WORKER, [script, served, messages]),
            page.evaluate(RUN_WORKER, [script, whole_search_index(root), messages]))


@pytest.fixture
def served_index(site) -> dict:
    """search/search_index.json as the page loads it: Material's config and the build's id (the worker
    fetches the index in parts)."""
    return json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture
def harness(page):
    page.route("**/workers/harness.js*", lambda route: route.fulfill(body=HARNESS, content_type="text/javascript"))
    page.goto("")
    return page


def test_the_index_in_parts_gives_the_results_of_materials_own_index(page, site):
    """Every result, score and highlight, as the worker sends them to the page; "-党员" matches every entry."""
    page.goto("")
    made, built = in_parts_and_whole(page, site.root, [{"type": 2, "data": q} for q in SAME_RESULTS])
    for query, parted, whole in zip(SAME_RESULTS, made, built, strict=True):
        assert parted["data"]["items"][:10] == whole["data"]["items"][:10], query  # the excerpts fetched
        assert [[item["location"] for item in group] for group in parted["data"]["items"]] == \
            [[item["location"] for item in group] for group in whole["data"]["items"]], query
    three = made[SAME_RESULTS.index("三会一课")]["data"]["items"]
    assert any("<mark" in item["text"] for group in three for item in group)
    assert len(made[-1]["data"]["items"]) > 10 and not page.errors


def test_the_index_in_parts_is_materials_own_lunr_index(harness, site):
    """Terms, their numbers, postings and every score vector: the index the worker makes from the parts,
    every shard loaded, is the one Material's worker builds from the text."""
    (made,), (built,) = in_parts_and_whole(harness, site.root, [{"type": "index"}], "harness.js")
    assert made["invertedIndex"] == built["invertedIndex"]
    assert made["fieldVectors"] == built["fieldVectors"]
    assert made == built and len(made["fieldVectors"]) > 300


def test_the_index_in_parts_answers_which_terms_it_has_before_loading_them(harness, site):
    """Object.keys and hasOwnProperty on the index made from the parts, before any shard is loaded,
    give what Material's own index gives, without making a term's postings."""
    (made,), (built,) = in_parts_and_whole(harness, site.root, [{"type": "keys"}], "harness.js")
    assert made == built and made["owns"] and not made["stranger"] and made["terms"] > 1000


def test_the_index_in_parts_of_words_the_pipeline_merges(harness, tmp_path):
    served = load_hook().split_index(json.loads(json.dumps(MERGED)), tmp_path, shard_bytes=4)
    serve_parts(harness, tmp_path)
    made = harness.evaluate(RUN_WORKER, ["harness.js", served, [{"type": "index"}]])[0]
    built = harness.evaluate(RUN_WORKER, ["harness.js", MERGED, [{"type": "index"}]])[0]
    assert [term for term, _ in built["invertedIndex"]] == ["c", "connect", "zeta"]
    assert made == built


def test_the_page_shows_materials_own_results(page, stock):
    page.goto("")
    for query in ("党员发展", "三会一课", "问题 原因"):
        assert shown(page, query) == shown(stock, query), query
    assert not page.errors


def test_the_worker_uses_the_parts(page, stock):
    # words renamed in the head: a worker that uses the shards finds other entries
    head_changed(page, lambda head: head["tokens"].reverse())
    page.goto("")
    assert shown(page, "三会一课") != shown(stock, "三会一课")


def test_a_head_of_another_build_is_fetched_again(page, stock):
    """The head the worker fetches as it starts may be a cached one of another build: it asks again for
    the build's own (?v=id), and the shards and texts of that build."""
    asked = []

    def old_head(route):
        asked.append(route.request.url)
        response = route.fetch()
        head = response.json()
        if "?v=" not in route.request.url:
            head["id"], head["tokens"] = "0" * 12, head["tokens"][::-1]
        route.fulfill(response=response, json=head)

    page.route(re.compile(r".*/search/index/head\.json(\?.*)?$"), old_head)
    page.goto("")
    assert shown(page, "三会一课") == shown(stock, "三会一课")
    assert len(asked) == 2 and "?v=" in asked[1] and not page.errors


def test_a_head_that_does_not_fit_materials_worker_is_built_the_stock_way(page, stock):
    head_changed(page, lambda head: head.update(fields=["title", "text"]))  # made for other fields
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


def test_several_words_with_or_without_spaces_find_the_pages_holding_them_all_first(page, served_index):
    spaced, joined = ask(page, served_index, ["党员发展 三会一课", "党员发展三会一课"])
    assert spaced == joined
    assert set(spaced[0][0]["terms"]) == {"党员发展", "三会一课"}  # 三会一课 stays one word
    full = [holds_all(group) for group in spaced]
    assert full[0] and not full[-1] and full == sorted(full, reverse=True)


def test_question_words_and_fillers_do_not_count_against_a_page(page, served_index):
    question, plain = ask(page, served_index, ["原因怎么写", "原因"])
    assert question == plain and all(holds_all(group) for group in question)


def test_when_no_page_holds_every_word_the_best_partial_matches_show_with_a_note(page, served_index):
    (partial,) = ask(page, served_index, ["三会一课 nginx"])
    assert partial and not any(holds_all(group) for group in partial)
    assert "about/deploy/" in pages(partial) and "library/by-topic/" in pages(partial)
    html = shown(page, "三会一课 nginx")
    assert "缺少" in html and "<del>nginx</del>" in html and "<del>三会一课</del>" in html
    assert not page.errors


def test_nothing_found_only_when_no_word_is_held(page, served_index):
    assert ask(page, served_index, ["zzzqqq"]) == [[]]
    html = shown(page, "zzzqqq")
    assert "没有找到符合条件的结果" in html


def test_latin_words_match_in_any_case(page, served_index):
    lower, upper, mixed = ask(page, served_index, ["word", "WORD", "下载Word"])
    assert lower == upper and len(lower) >= 6
    assert set(pages(mixed)[:6]) == {f"families/{f}/" for f in (
        "party-secretary-review", "self-examination", "party-building-summary", "duty-integrity",
        "branch-work-plan", "annual-appraisal")}  # the overviews, with their 下载 Word section


def test_a_synonym_finds_the_pages_of_its_group(page, served_index):
    listed, said = ask(page, served_index, ["下步措施", "今后努力方向"])
    assert pages(listed) == pages(said) and "families/party-secretary-review/measures/" in pages(said)[:3]
    assert said[0][0]["terms"] == {"今后努力方向": True}


def test_section_pages_rank_above_the_library_lists_and_list_pages_link_their_section(page, served_index):
    (pledge,) = ask(page, served_index, ["表态"])
    order = pages(pledge)
    assert order.index("families/party-secretary-review/closing/") < order.index("library/pledges/")
    (topic,) = ask(page, served_index, ["三会一课"])
    by_topic = next(group for group in topic if group[-1]["location"] == "library/by-topic/" or
                    any(item["location"].startswith("library/by-topic/#") for item in group))
    assert "library/by-topic/#学习教育" in [item["location"] for item in by_topic]


def test_the_worker_fetches_the_texts_of_the_pages_a_query_shows_first(page, site):
    """The index comes in parts (overrides/hooks/search_index.py): each page's texts are fetched when a
    query first shows the page among the 12 it shows first, and only then; the shards of postings, when a
    query first needs one of their words. The results are those of the whole index, with the excerpts of
    every page Material paints first."""
    head = search_head(site.root)
    assert len(head["pages"]) > 60 and len(head["shards"]) > 1
    queries = [{"type": 2, "data": q} for q in ("党员", "三会一课", "党员", "-党员")]
    fetched = {"text": [], "index": []}

    def count(route):
        fetched[re.search(r"/search/(text|index)/", route.request.url).group(1)].append(route.request.url)
        route.continue_()

    page.route(re.compile(r".*/search/(text|index)/.*"), count)
    page.goto("")
    parted, whole = in_parts_and_whole(page, site.root, queries)
    for query, one, other in zip(queries, parted, whole, strict=True):
        assert len(one["data"]["items"]) == len(other["data"]["items"]), query
        assert one["data"]["items"][:10] == other["data"]["items"][:10], query
    assert len(parted[0]["data"]["items"]) > 30  # 党员: more pages than texts fetched for it
    texts = fetched["text"]
    assert 10 <= len(texts) == len(set(texts)) < len(head["pages"])
    shards = [url for url in fetched["index"] if "head.json" not in url]
    assert len(shards) == len(set(shards)) == len(head["shards"])  # "-党员" (lunr's syntax) needs them all
    assert not page.errors


EVERY_ANSWER = """async ([index, batches]) => {
  // every answer the worker sends: each batch of queries posted at once, then its answers until none comes for 1 s
  const config = JSON.parse(document.getElementById('__config').textContent);
  const worker = new Worker(new URL(config.search, document.baseURI));
  let answers = [], last = 0;
  worker.onmessage = ev => { answers.push(ev.data); last = performance.now(); };
  const quiet = async () => { do await new Promise(r => setTimeout(r, 100)); while (performance.now() - last < 1000); };
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  await quiet();
  const out = [];
  for (const batch of batches) {
    answers = [];
    for (const query of batch) worker.postMessage({type: 2, data: query});
    await quiet();
    out.push(answers);
  }
  worker.terminate();
  return out;
}"""


def test_titles_come_at_once_and_the_excerpts_in_a_second_answer(page, served_index):
    """A query whose first pages' texts are not in yet is answered at once, marked partial, with those
    results' titles, and the pages further down by their titles alone; then again with their excerpts
    and every result. A query asked again is answered once. Of two queries typed in quick succession
    only the last is answered again."""
    page.goto("")
    cold, again, quick = page.evaluate(EVERY_ANSWER, [served_index, [["三会一课"], ["三会一课"], ["整改", "整改措施"]]])
    assert [answer["type"] for answer in cold] == [3, 3]
    first, whole = (answer["data"] for answer in cold)
    assert first["partial"] is True and "partial" not in whole

    def without_text(items):  # an item and the page it is on (parent) less their text
        def bare(item):
            return {**item, "text": "", **({"parent": bare(item["parent"])} if "parent" in item else {})}
        return [[bare(item) for item in group] for group in items]

    shown = 12  # FIRST in the worker: the pages whose results the first answer holds
    assert without_text(first["items"][:shown]) == without_text(whole["items"][:shown])  # same results, order, titles
    pages = [group[0]["location"].split("#")[0] for group in whole["items"][shown:]]
    assert [group[0]["location"] for group in first["items"][shown:]] == pages and len(pages) > 3
    assert all(len(group) == 1 and group[0]["terms"] for group in first["items"][shown:])
    assert not any("<mark" in item["text"] for group in first["items"][:10] for item in group)
    assert any("<mark" in item["text"] for group in whole["items"][:10] for item in group)
    assert [answer["data"] for answer in again] == [whole]
    marks = [answer["data"].get("partial") for answer in quick]  # 整改措施 may find 整改's texts in by then
    assert marks[0] is True and marks[-1] is None and marks.count(None) == 1, marks
    assert any("<mark" in item["text"] for group in quick[-1]["data"]["items"][:10] for item in group)
    assert not page.errors


def test_a_shard_that_does_not_load_is_said_and_asked_for_again(page, served_index):
    """A shard that fails (the network, a server error): the query is answered with what there is and a
    warning; the next query asks for the shard again and finds its words."""
    failed = []

    def once(route):
        if not failed:
            failed.append(route.request.url)
            route.fulfill(status=503, body="")
        else:
            route.continue_()

    page.route(re.compile(r".*/search/index/\d+\.json.*"), once)
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto("")
    first, second = page.evaluate(RUN_WORKER, ["search-zh.js", served_index, [{"type": 2, "data": "三会一课"}] * 2])
    assert failed and first["data"]["items"] == [] and any("503" in text for text in warnings), warnings
    assert len(second["data"]["items"]) > 3 and not page.errors


def test_a_query_fetches_only_the_shards_of_its_words(page, served_index):
    shards = []
    page.route(re.compile(r".*/search/index/\d+\.json.*"), lambda route: (shards.append(route.request.url),
                                                                         route.continue_()))
    page.goto("")
    page.evaluate(RUN_WORKER, ["search-zh.js", served_index, [{"type": 2, "data": "三会一课"}]])
    assert 1 <= len(shards) <= 2, shards
