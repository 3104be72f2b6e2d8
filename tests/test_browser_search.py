"""Chinese search in a real browser: type a query, read the results Material paints.

Runs through docs/assets/javascripts/workers/search-zh.js, which keeps Party terms whole in the query.
"""

import json
import re

import pytest
from conftest import search_for

QUERIES = [
    ("党员发展", "library/by-topic/"),
    ("三会一课", "families/party-secretary-review/work/"),
    ("原因分析", "families/party-secretary-review/causes/"),
    ("整改措施", "families/party-secretary-review/measures/"),
]
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"


def pages_with_word(site, query: str) -> set[str]:
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
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
    top = [page.evaluate("a => new URL(a.href).pathname", a) for a in page.query_selector_all(RESULT_LINKS)[:5]]
    assert f"/{expected}" in top, top
    # exactly the pages whose index holds a word starting with the whole query: not split into fragments
    count = int("".join(filter(str.isdigit, page.inner_text(".md-search-result__meta"))))
    assert count == len(pages_with_word(site, query)) > 0
    assert not page.outside_requests and not page.errors
