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

on_post_build (after the search plugin has written the file) rewrites it:
  1. as UTF-8 (ensure_ascii=False) instead of \\u escapes;
  2. without a U+200B that touches a character the search separator already splits on (whitespace,
     、。，… ): lunr cuts the text into exactly the same words;
  3. with config.prebuilt (Material's page hands its worker only "config" and "docs"): every
     entry's title and text cut into words as Material's search worker cuts them (its tokenizer:
     text between tags, split on the separator, lower-cased) and counted, so that
     docs/assets/javascripts/workers/search-zh.js can make the lunr index from the counts instead of
     building it from the text in the reader's browser (about 6 s at 1,000 pages). Format:
       {"version": 1, "fields": [field, …], "tokens": [word, …] (in the order they first occur),
        "counts": one string of numbers: for each entry, for each field, the number of distinct
        words, then for each word (by rising number) the step from the previous word's number and
        how often it occurs; each number in digits of DIGITS, five bits a digit, least significant
        first, 32 added to every digit but the last}
     It adds about a tenth to the file.
  4. with config.query, what the worker needs to read a writer's query as the index was cut:
       {"version": 1, "total": jieba's total frequency,
        "freq": {word: its jieba frequency} for each Chinese word of the index that jieba's dictionary
                (with the project's user dictionary) knows, so that the worker cuts a query as jieba would,
        "synonyms": [[word, …], …] and "ignore": [word, …] from docs/data/search.yml (checked by the
                macros when the library loads), and "cuts": {word: [index word, …]}, each synonym cut by
                jieba as the index is}
  5. with each page's text in a file of its own, search/text/<n>.json (the texts of its entries, in
     order), and config.parts = {"version": 1, "starts": [the number of the first entry of each page
     …]}: the file Material's page downloads, parses and hands to the worker before the first search
     then holds the titles and the counts only (about a seventh of it at 1,000 pages), and the worker
     fetches the text of the pages a query shows first, which Material highlights (see the worker).
     Only with config.prebuilt: without the counts the worker needs every text to build its index.
Nothing else changes: every page and heading keeps its entry and title, and its text in its page's file.
bench/run.py (`make bench`) measures the effect: 0.44× plain Material's index at 1,000 pages, and a
cold search in about 1.3 s instead of 8 s.

Text repeated within a page (a 正 example that is the model text itself) is kept on purpose: lunr
scores each heading's section on its own, so dropping a repeat moves pages down the results
(三会一课 no longer found the 主要工作 page among the first five).
"""

from __future__ import annotations

import functools
import json
import operator
import re
import shutil
from collections import Counter
from itertools import chain
from pathlib import Path

from mkdocs.plugins import event_priority

TEXT = "text"  # search/text/: each page's texts (split_text)
HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")

ZWSP = "\u200b"
# Material's worker reads the separator as a JavaScript regular expression, whose \\s is this set.
JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
SIMPLE_SEPARATOR = re.compile(r"\[[^\]]*\]\+")  # one character class, repeated: the only kind handled
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # as workers/search-zh.js reads them
ANGLES = re.compile("[<>]")
PLAIN_TAGS = re.compile(r"[^<>]*(?:<[^<>]*>[^<>]*)*")  # every < closed by a > before the next <, no stray >


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


def separator_class(index: dict) -> str | None:
    """The search separator's character class, e.g. [\\s\\u200b、。], if it is one class repeated."""
    separator = index["config"]["separator"]
    return separator[:-1] if SIMPLE_SEPARATOR.fullmatch(separator) else None


def compact(index: dict) -> dict:
    # U+200B next to another character of the separator class changes no word boundary: drop it.
    characters = separator_class(index)
    around = None
    if characters and "\\u200b" in characters:
        others = characters.replace("\\u200b", "")
        around = re.compile(f"{ZWSP}+(?={others})|(?<={others}){ZWSP}+")
    for doc in index["docs"]:
        for field in ("title", "text"):
            doc[field] = (around.sub("", doc[field]) if around else doc[field]).strip(ZWSP)
    return index


def text_runs(value: str) -> list[str]:
    """The stretches of a field that Material's tokenizer reads as text (its se()): a < after some
    text ends that text, and a > ends a tag (and whatever came before it since the last boundary)."""
    runs, begin = [], 0
    for angle in ANGLES.finditer(value):
        at = angle.start()
        if value[at] == "<":
            if at > begin:
                runs.append(value[begin:at])
                begin = at
        else:
            begin = at + 1
    if len(value) > begin:
        runs.append(value[begin:])
    return runs


def _digits(number: int) -> str:
    out = []
    while number >= 32:
        out.append(DIGITS[32 | number & 31])
        number >>= 5
    return "".join(out) + DIGITS[number]


def prebuild(index: dict) -> dict | None:
    """Each entry's words and how often they occur, field by field ("prebuilt" in the module docstring).
    None when the separator is not one character class (the worker then builds the index itself)."""
    characters = separator_class(index)
    if characters is None:
        return None
    characters = characters.replace("\\s", JS_WHITESPACE)
    split = re.compile(characters + "+")
    split_tags = re.compile(f"(?:<[^<>]*>|{characters})+")  # the same, where every tag is a plain <…>
    fields = list(index["config"]["fields"])
    counted: list[Counter] = []  # entry by entry, field by field
    for doc in index["docs"]:
        for field in fields:
            value = doc.get(field)
            tokens: list[str] = []
            for text in [] if value is None else value if isinstance(value, list) else [value]:
                text = text.lower()
                if PLAIN_TAGS.fullmatch(text):
                    tokens += filter(None, split_tags.split(text))
                else:
                    for run in text_runs(text):
                        tokens += filter(None, split.split(run))
            counted.append(Counter(tokens))
    # Words are numbered in the order they first occur; a Counter keeps that order within its field.
    words = {word: number for number, word in enumerate(dict.fromkeys(chain.from_iterable(counted)))}
    numbers: list[int] = []
    for counts in counted:
        pairs = sorted(zip(map(words.__getitem__, counts), counts.values(), strict=True))
        numbers.append(len(pairs))
        if pairs:
            ids = [pair[0] for pair in pairs]
            steps = [ids[0], *map(operator.sub, ids[1:], ids[:-1])]
            numbers += chain.from_iterable(zip(steps, map(operator.itemgetter(1), pairs), strict=True))
    digits = [_digits(number) for number in range(max(numbers, default=0) + 1)]
    return {"version": 1, "fields": fields, "tokens": list(words), "counts": "".join(map(digits.__getitem__, numbers))}


def split_text(index: dict, folder: Path) -> dict:
    """Move each page's texts into folder/<n>.json, n counting the pages in the index's order; the
    entries of a page (the page, then its headings) follow one another in Material's index."""
    starts, page = [], None
    for number, doc in enumerate(index["docs"]):
        if doc["location"].split("#")[0] != page:
            page = doc["location"].split("#")[0]
            starts.append(number)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(index["docs"])], strict=True)):
        texts = [doc["text"] for doc in index["docs"][start:end]]
        (folder / f"{n}.json").write_text(json.dumps(texts, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for doc in index["docs"]:
        doc["text"] = ""
    return {"version": 1, "starts": starts}


def query_words(words: list[str], synonyms=(), ignore=()) -> dict | None:
    """config.query (see the module docstring) for an index of these words; None without jieba."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.dt.check_initialized()
    known = {word: jieba.dt.FREQ[word] for word in words if HAN.match(word) and jieba.dt.FREQ.get(word)}
    cuts = {word: [piece.lower() for piece in jieba.cut(word) if piece.strip()] for group in synonyms for word in group}
    return {"version": 1, "total": jieba.dt.total, "freq": known, "synonyms": [list(group) for group in synonyms],
            "ignore": list(ignore), "cuts": cuts}


def search_words(config):
    """The synonyms and words to ignore of docs/data/search.yml, through the macros' validated library."""
    data = Path(config["docs_dir"]) / "data"
    if not (data / "search.yml").is_file():
        return None
    from macros.library import load_cached  # the project's macros package, beside mkdocs.yml

    return load_cached(data, root=Path(config["config_file_path"]).parent).search


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config, **kwargs):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = compact(json.loads(path.read_text(encoding="utf-8")))
    prebuilt = prebuild(index)
    if prebuilt:
        index["config"]["prebuilt"] = prebuilt
    if prebuilt:
        index["config"]["parts"] = split_text(index, path.parent / TEXT)
    words = search_words(config)
    query = query_words(prebuilt["tokens"] if prebuilt else [], *(words and (words.synonyms, words.ignore) or ()))
    if query:
        index["config"]["query"] = query
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
