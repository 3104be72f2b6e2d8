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
  0. the page entry of each family's section page titled with the family's short title, as the
     library's lists name it (对照检查材料·结尾; family_names): families share section names (开头,
     结尾 …), and a query that names the family (对照检查 问题根源) finds its section;
  1. as UTF-8 (ensure_ascii=False) instead of \\u escapes;
  2. without a U+200B that touches a character the search separator already splits on (whitespace,
     、。，… ): lunr cuts the text into exactly the same words;
  3. in parts, so that a reader's browser loads what a query needs and no more (split_index). Material's
     page downloads search_index.json and hands it to the worker before the first search can answer;
     whole, at 1,000 pages, that is 25 MB of text that the worker then indexes (5 to 6 s). What it holds
     now is Material's config with config.split = {"version": 1, "id": the parts' digest} and no
     entries; docs/assets/javascripts/workers/search-zh.js loads the rest itself:
     - search/index/head.json, fetched as the worker starts:
         {"version": 2, "id": …, "fields": Material's fields, in order, "pipeline": Material's
          pipeline (mkdocs.yml sets none: each word is its own term, which the worker then needs not
          work out before the first answer),
          "pages": the number of each page's first entry (a page's entries, the page and then its
                   headings, follow one another), "paths": each page's location,
          every entry as Material wrote it, less its text, in columns (written by columns(), read
          back by entries()): "anchors": its location after its page's ("" or #…), "titles": its
                   title, "more": {its number: its other keys (boost, tags)} for those that have any,
          "tokens": every word of the index, cut as Material's worker cuts the text (its tokenizer:
                    text between tags, split on the separator, lower-cased), sorted as JavaScript
                    sorts strings, "first": each word's rank in the order words first occur (lunr
                    numbers its terms so), "shards": the number of the first word of each shard,
          "query": what the worker needs to read a writer's query as the index was cut:
             {"version": 1, "total": jieba's total frequency,
              "freq": {word: its jieba frequency} for each Chinese word of the index that jieba's
                      dictionary (with the project's user dictionary) knows,
              "synonyms": [[word, …], …] and "ignore": [word, …] from docs/data/search.yml (checked by
                      the macros when the library loads), "cuts": {word: [index word, …]}, each synonym
                      cut by jieba as the index is}}
     - search/index/<n>.json, shard n: a JSON string, the postings of its words in order: for each word
       the number of field refs holding it, then for each (by rising number; field ref = entry number ×
       number of fields + field number) the step from the previous one and how often the word occurs
       there; each number in digits of DIGITS, five bits a digit, least significant first, 32 added to
       every digit but the last. A shard holds about SHARD_BYTES of them, so a query fetches one or
       two, and the words of one prefix are side by side.
     - search/text/<n>.json: the texts of page n's entries, in order, which only Material's excerpts
       need: the worker fetches those of the pages a query shows first.
     From the postings the worker makes, word by word as queries need them, the lunr index Material's
     worker would build from the text (same terms, term numbers, postings and scores).
     When the separator is not one character class the index is written whole, and Material's worker
     builds it as usual.
Nothing else changes: every page and heading keeps its entry, title and text.
bench/run.py (`make bench`) measures the effect.

Text repeated within a page (a 正 example that is the model text itself) is kept on purpose: lunr
scores each heading's section on its own, so dropping a repeat moves pages down the results
(三会一课 no longer found the 主要工作 page among the first five).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from collections import Counter
from itertools import chain
from pathlib import Path

from mkdocs.plugins import event_priority

INDEX = "index"  # search/index/: head.json and the shards of postings (split_index)
TEXT = "text"  # search/text/: each page's texts
SHARD_BYTES = 32 * 1024  # postings a shard holds, about (one word's postings are never split)
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")  # a run of Chinese characters (Material cuts each with jieba)
HAN = re.compile(f"^{HAN_RUN.pattern}$")

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


@functools.lru_cache(maxsize=1 << 16)
def _digits(number: int) -> str:
    out = []
    while number >= 32:
        out.append(DIGITS[32 | number & 31])
        number >>= 5
    return "".join(out) + DIGITS[number]


def word_counts(index: dict) -> list[Counter] | None:
    """Each entry's words and how often they occur, field by field (entry by entry, field by field:
    lunr's field refs, in its order), cut as Material's search worker cuts them: its tokenizer takes the
    text between tags, splits it on the separator and lower-cases it. None when the separator is not
    one character class (the worker then builds its index the stock way)."""
    characters = separator_class(index)
    if characters is None:
        return None
    characters = characters.replace("\\s", JS_WHITESPACE)
    split = re.compile(characters + "+")
    split_tags = re.compile(f"(?:<[^<>]*>|{characters})+")  # the same, where every tag is a plain <…>
    counted: list[Counter] = []
    for doc in index["docs"]:
        for field in index["config"]["fields"]:
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
    return counted


def _numbers(numbers) -> str:
    return "".join(map(_digits, numbers))


def js_order(word: str) -> bytes:
    """The key that sorts strings as JavaScript compares them (UTF-16 code units)."""
    return word.encode("utf-16-be")


def split_index(index: dict, folder: Path, synonyms=(), ignore=(), shard_bytes=SHARD_BYTES) -> dict | None:
    """Write the index in parts under folder (site/search/) and return what search_index.json then holds:
    Material's config with config.split = {"version": 1, "id": …} and no entries. None when the words
    cannot be counted as the worker counts them (the index is then written whole). See the docstring."""
    counted = word_counts(index)
    if counted is None:
        return None
    fields = list(index["config"]["fields"])
    # Words numbered in the order they first occur (lunr numbers its terms so); a Counter keeps that order.
    first = {word: rank for rank, word in enumerate(dict.fromkeys(chain.from_iterable(counted)))}
    postings: dict[str, list[int]] = {word: [] for word in first}
    for ref, counts in enumerate(counted):
        for word, count in counts.items():
            postings[word].append(ref)
            postings[word].append(count)
    tokens = sorted(first, key=js_order)
    shards, starts, size = [], [], shard_bytes
    for number, word in enumerate(tokens):
        refs = postings[word]
        steps = [refs[0], *(refs[i] - refs[i - 2] for i in range(2, len(refs), 2))]
        encoded = _numbers([len(steps), *chain.from_iterable(zip(steps, refs[1::2], strict=True))])
        if size + len(encoded) > shard_bytes and size:
            starts.append(number)
            shards.append([])
            size = 0
        shards[-1].append(encoded)
        size += len(encoded)
    pages = page_starts(index["docs"])
    texts = [[doc["text"] for doc in index["docs"][start:end]]
             for start, end in zip(pages, [*pages[1:], len(index["docs"])], strict=True)]
    head = {"version": 2, "fields": fields, "pipeline": list(index["config"].get("pipeline", [])),
            **columns(index["docs"], pages), "tokens": tokens,
            "first": [first[word] for word in tokens], "shards": starts,
            "query": query_words(tokens, synonyms, ignore) or {}}
    files = {**{f"{INDEX}/{n}.json": "".join(shard) for n, shard in enumerate(shards)},
             **{f"{TEXT}/{n}.json": page for n, page in enumerate(texts)}}
    written = {path: json.dumps(value, ensure_ascii=False, separators=(",", ":")) for path, value in files.items()}
    digest = hashlib.sha256(json.dumps(head, ensure_ascii=False, sort_keys=True).encode())
    for path in sorted(written):
        digest.update(path.encode() + b"\0" + written[path].encode())
    head["id"] = digest.hexdigest()[:12]
    written[f"{INDEX}/head.json"] = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    for name in (INDEX, TEXT):
        if (folder / name).exists():
            shutil.rmtree(folder / name)
        (folder / name).mkdir()
    for path, text in written.items():
        (folder / path).write_text(text, encoding="utf-8")
    return {"config": {**index["config"], "split": {"version": 1, "id": head["id"]}}, "docs": []}


def columns(docs: list[dict], pages: list[int]) -> dict:
    """The entries less their text, as the head holds them (see the docstring): a page's location once,
    no key written 6,000 times; 0.80 MB of head becomes 0.54 MB at 1,000 pages."""
    more = {str(number): extra for number, doc in enumerate(docs)
            if (extra := {key: value for key, value in doc.items() if key not in ("location", "title", "text")})}
    # a page's entries share its location up to "#" (page_starts groups them so)
    return {"pages": pages, "paths": [docs[start]["location"].split("#")[0] for start in pages],
            "anchors": ["".join(doc["location"].partition("#")[1:]) for doc in docs],
            "titles": [doc["title"] for doc in docs], "more": more}


def entries(head: dict) -> list[dict]:
    """The head's entries, as Material wrote them less their text (columns, read back)."""
    starts = [*head["pages"], len(head["titles"])]
    return [{"location": head["paths"][page] + head["anchors"][number], "title": head["titles"][number],
             **head["more"].get(str(number), {})}
            for page in range(len(head["pages"])) for number in range(starts[page], starts[page + 1])]


def page_starts(docs: list[dict]) -> list[int]:
    """The number of each page's first entry: a page's entries (the page, then its headings) follow one
    another in Material's index."""
    starts, page = [], None
    for number, doc in enumerate(docs):
        if doc["location"].split("#")[0] != page:
            page = doc["location"].split("#")[0]
            starts.append(number)
    return starts


def query_words(words: list[str], synonyms=(), ignore=()) -> dict | None:
    """What the worker needs to read a query ("query" in the module docstring) for an index of these words:
    head.json → query, or config.query of an index written whole. None without jieba."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.dt.check_initialized()
    known = {word: jieba.dt.FREQ[word] for word in words if HAN.match(word) and jieba.dt.FREQ.get(word)}
    cuts = {word: [piece.lower() for piece in jieba.cut(word) if piece.strip()] for group in synonyms for word in group}
    return {"version": 1, "total": jieba.dt.total, "freq": known, "synonyms": [list(group) for group in synonyms],
            "ignore": list(ignore), "cuts": cuts}


def library_of(config):
    """The macros' validated library (docs/data), or None on a site without one."""
    data = Path(config["docs_dir"]) / "data"
    if not (data / "search.yml").is_file():
        return None
    from macros.library import load_cached  # the project's macros package, beside mkdocs.yml

    return load_cached(data, root=Path(config["config_file_path"]).parent)


def family_names(config, library) -> dict[str, str]:
    """The URL of each family's section page → the family's short title. Families share section names
    (开头, 结尾 …): in the results each is named as the library's lists name it, 对照检查材料·结尾, so
    that a reader sees whose it is, and a query that names the family finds its section."""
    from mkdocs.structure.files import File

    from macros.render import family_page

    return {File(family_page(family, section), config["docs_dir"], config["site_dir"],
                 config["use_directory_urls"]).url: family.short_title
            for family in library.families.values() for section in family.sections}


def named(index: dict, names: dict[str, str]) -> dict:
    """The page entry of each page in names titled "name·title", cut as Material's plugin cuts a title
    (with jieba, where it has it)."""
    try:
        import jieba
    except ImportError:
        jieba = None

    def cut(text: str) -> str:  # Material's _segment_chinese
        if not jieba:
            return text
        return HAN_RUN.sub(lambda run: ZWSP + ZWSP.join(jieba.cut(run[0])) + ZWSP, text).strip(ZWSP)

    for doc in index["docs"]:
        if doc["location"] in names:
            doc["title"] = cut(names[doc["location"]]) + ZWSP + "·" + ZWSP + doc["title"]
    return index


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config, **kwargs):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    library = library_of(config)
    if library:
        index = named(index, family_names(config, library))
    index = compact(index)
    words = library.search if library else None
    synonyms, ignore = (words.synonyms, words.ignore) if words else ((), ())
    split = split_index(index, path.parent, synonyms, ignore)
    if not split and (query := query_words([], synonyms, ignore)):  # the synonyms go with Material's config
        index["config"]["query"] = query
    index = split or index
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
