"""Words for the site's search: synonym groups and the words a query may leave out (docs/data/search.yml).

Pure module: no MkDocs import. `load_search(check, path)` reads the file through yamldata.py and
checks it; overrides/hooks/search_index.py hands the result to the search worker in the index's head
(search/index/head.json → query), and the worker expands a query word into its group and drops the
words to ignore.

    synonyms:                      # each group: words a writer uses for the same thing
      - [下步措施, 下一步打算, 今后努力方向]
    ignore: [怎么, 如何, 写, 的]     # question words and fillers: a page need not hold them
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .yamldata import Checker, Where, line_of

# A search word: Chinese or ASCII letters and digits, as the index's words are (no spaces or marks).
WORD_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z]{1,24}$")
FIELDS = {"synonyms", "ignore"}


@dataclass(frozen=True)
class SearchWords:
    synonyms: tuple[tuple[str, ...], ...] = ()
    ignore: tuple[str, ...] = ()


def _word(check: Checker, where: Where, entry: str, value) -> str | None:
    if not isinstance(value, str) or not WORD_RE.match(value):
        check.fail(where, entry, f"{value!r} is not a search word: Chinese or ASCII letters and digits only, "
                                 "1 to 24 of them, no spaces")
        return None
    return value.lower()


def load_search(check: Checker, path: Path) -> SearchWords:
    """The file's synonym groups and words to ignore; every problem reported through `check`."""
    file = check.rel(path)
    data = check.mapping(path, "search", "search.yml")
    if data is None:
        return SearchWords()
    check.unknown_fields(Where(file, data.line), "", data, FIELDS)
    groups, first_seen = [], {}  # word → (group entry, its line)
    raw_groups = data.get("synonyms") or []
    if not isinstance(raw_groups, list):
        check.fail(Where(file, data.line), "synonyms", "must be a list of groups, each a list of words")
        raw_groups = []
    for n, raw in enumerate(raw_groups, 1):
        entry, where = f"synonyms[{n}]", Where(file, line_of(raw, line_of(raw_groups, data.line)))
        if not isinstance(raw, list):
            check.fail(where, entry, "a group must be a list of words, e.g. [表态, 决心]")
            continue
        if not raw:
            check.fail(where, entry, "the group is empty (give it two words or more, or delete it)")
            continue
        if len(raw) == 1:
            check.fail(where, entry, f"the group holds only {raw[0]!r}: a synonym group needs two words or more")
        words = []
        for value in raw:
            if (word := _word(check, where, entry, value)) is None:
                continue
            if word in first_seen:
                other, line = first_seen[word]
                check.fail(where, entry, f"{value!r} is already in {other} (line {line}): a word may stand in one "
                                         "group only (merge the two groups)" if other != entry
                           else f"{value!r} is in the group twice")
                continue
            first_seen[word] = (entry, where.line)
            words.append(word)
        groups.append(tuple(words))
    raw_ignore = data.get("ignore") or []
    where = Where(file, line_of(raw_ignore, data.line))
    if not isinstance(raw_ignore, list):
        check.fail(where, "ignore", "must be a list of words")
        raw_ignore = []
    ignore = []
    for value in raw_ignore:
        if (word := _word(check, where, "ignore", value)) is None:
            continue
        if word in first_seen:
            other, line = first_seen[word]
            check.fail(where, "ignore", f"{value!r} is in {other} (line {line}): a word to ignore cannot also be a "
                                        "synonym" if other != "ignore" else f"{value!r} is in the list twice")
            continue
        first_seen[word] = ("ignore", where.line)
        ignore.append(word)
    return SearchWords(tuple(group for group in groups if len(group) > 1), tuple(ignore))
