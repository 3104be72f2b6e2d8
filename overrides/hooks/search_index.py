"""Search at scale: a smaller index that finds the same pages, built faster (MkDocs hook, mkdocs.yml → hooks).

Material's search plugin writes site/search/search_index.json with json.dumps' defaults, so every
Chinese character, and every U+200B that jieba puts between words, is written as a six-byte \\uXXXX
escape (three bytes in UTF-8). The reader's browser downloads that file and indexes all of it before
it can show the first result, so its size is what readers wait for.

on_config:
  jieba.cut, which the search plugin calls for every run of Chinese text, remembers its answers for
  the build (and forgets them when `mkdocs serve` rebuilds). The same sentences come back again and
  again: a phrase is in its section's model text and pitfalls, the family's full report, both library
  pages and other sections' alternatives. At 1,000 pages segmenting takes about 10 s, 2 s of it for
  text not seen before. The words are exactly those jieba gives.

on_page_content (before the search plugin reads the page):
  the reader tools of a family page (toolbar and fill-in panel: the same slot names and hints repeated
  on every page of the family, about 1,300 characters a page here) are marked data-search-exclude.
  Material's indexer skips them and then removes the attribute, so the published HTML is unchanged;
  a search for a slot still finds the pages whose text uses it.

on_post_build (after the search plugin has written the file) rewrites it:
  1. as UTF-8 (ensure_ascii=False) instead of \\u escapes;
  2. without a U+200B that touches a character the search separator already splits on (whitespace,
     、。，… ): lunr cuts the text into exactly the same words.
Nothing else changes: every page and heading keeps its entry, title and text.
bench/run.py (`make bench`) measures the effect: about 0.41× plain Material's index at 1,000 pages.

Text repeated within a page (a 正 example that is the model text itself) is kept on purpose: lunr
scores each heading's section on its own, so dropping a repeat moves pages down the results
(三会一课 no longer found the 主要工作 page among the first five).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

ZWSP = "\u200b"
# Material skips an element marked data-search-exclude up to the first closing tag of the same name,
# so the mark goes on the two parts of the reader tools that hold no nested element of their own kind.
READER_TOOLS = re.compile(r'<(div class="reader-toolbar"|details class="fill-panel")(?![^>]*data-search-exclude)')


@event_priority(-100)  # after the search plugin has loaded the user dictionary
def on_config(config, **kwargs):
    try:
        import jieba
    except ImportError:
        return config
    if getattr(jieba.cut, "remembered", None):
        jieba.cut.remembered.cache_clear()  # `mkdocs serve`: a new build may bring a new user dictionary
    else:
        jieba.cut = _remembering(jieba.cut)
    return config


def _remembering(cut):
    @functools.lru_cache(maxsize=1 << 18)
    def remembered(sentence, *args, **kwargs) -> tuple[str, ...]:
        return tuple(cut(sentence, *args, **kwargs))

    @functools.wraps(cut)
    def wrapper(sentence, *args, **kwargs):
        return remembered(sentence, *args, **kwargs)

    wrapper.remembered = remembered
    return wrapper


def on_page_content(html, page, **kwargs):
    # The search plugin indexes the page, then removes every data-search-…="…" attribute.
    return READER_TOOLS.sub(r'<\1 data-search-exclude="reader-tools"', html)


def compact(index: dict) -> dict:
    # U+200B next to another character of the separator class changes no word boundary: drop it.
    separator = index["config"]["separator"]
    around = None
    if re.fullmatch(r"\[[^\]]*\]\+", separator) and "\\u200b" in separator:
        others = separator[:-1].replace("\\u200b", "")
        around = re.compile(f"{ZWSP}+(?={others})|(?<={others}){ZWSP}+")
    for doc in index["docs"]:
        for field in ("title", "text"):
            doc[field] = (around.sub("", doc[field]) if around else doc[field]).strip(ZWSP)
    return index


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config, **kwargs):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = compact(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
