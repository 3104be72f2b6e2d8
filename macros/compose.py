"""Turn a family composition into numbered lines of text: the one source for every view.

The section pages, the assembled report on the overview page and the Word export all read
`compose(family, library)`. Pure module: no MkDocs, no HTML.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re
from dataclasses import dataclass

from .library import SLOT_RE, Family, Heading, Library, Paragraph, Table, replace_terms

DIGITS = "零一二三四五六七八九"
# A line of the title holds 20 characters: 二号 (22 pt) in the 156 mm (442 pt) text block, per
# GB/T 9704-2012 §7.3.1 (标题一般用2号小标宋体字) and §5.2.1; macros/word.py sets the same sizes.
TITLE_LINE_CHARS = 20


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if not 0 < n < 100:
        raise ValueError(f"number out of range for a heading: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The 公文 sequence for each heading level: 一、 （一） 1. （1）."""
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


@dataclass(frozen=True)
class Part:
    """A run of text in a paragraph: a phrase block's text, or glue such as 一是."""

    text: str  # terms replaced; slots still written 【名称】
    phrase: str | None = None


@dataclass(frozen=True)
class Line:
    kind: str  # "title", "heading", "paragraph", "table", "signature" or "date"
    section: str | None
    parts: tuple[Part, ...]  # a title: one part per line of the title
    level: int = 0  # heading level 1–4; for a numbered paragraph, the level of its run-in number
    number: str = ""  # heading number, e.g. "（二）", also run in before a numbered paragraph
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows, the header first (terms replaced, slots kept)

    @property
    def text(self) -> str:
        """The line as plain text; a table's rows one to a line, cells separated by tabs (as Word pastes them)."""
        if self.kind == "table":
            return "\n".join("\t".join(row) for row in self.rows)
        return self.number + "".join(part.text for part in self.parts)


def _paragraph(paragraph: Paragraph, library: Library, section: str, number: str = "", level: int = 0) -> Line:
    parts: list[Part] = []
    if paragraph.lead:
        parts.append(Part(replace_terms(library.phrase(paragraph.lead).text, library.terms), paragraph.lead))
    for i, phrase_id in enumerate(paragraph.items, 1):
        if paragraph.enumerate:
            parts.append(Part(f"{chinese_number(i)}{paragraph.enumerate}"))
        parts.append(Part(replace_terms(library.phrase(phrase_id).text, library.terms), phrase_id))
    return Line("paragraph", section, tuple(parts), level=level, number=number)


def _body(body, level: int, library: Library, section: str) -> list[Line]:
    lines: list[Line] = []
    count = 0
    for node in body:
        if isinstance(node, Heading):
            count += 1
            lines.append(Line("heading", section, (Part(replace_terms(node.text, library.terms)),),
                              level=level, number=heading_number(level, count)))
            lines.extend(_body(node.body, level + 1, library, section))
        elif isinstance(node, Table):
            rows = (node.columns, *node.rows)
            lines.append(Line("table", section, (), rows=tuple(tuple(replace_terms(c, library.terms) for c in row)
                                                              for row in rows)))
        elif node.numbered:
            count += 1
            lines.append(_paragraph(node, library, section, heading_number(level, count), level))
        else:
            lines.append(_paragraph(node, library, section))
    return lines


def width(text: str) -> float:
    """How many characters `text` takes: a Chinese character or full-width mark (U+2E80 and above) 1, a digit,
    Latin letter or other mark ½ (Times New Roman). An estimate: fonts differ a little."""
    return sum(1 if ord(ch) >= 0x2E80 else 0.5 for ch in text)


def title_words(text: str, words: tuple[str, ...] = ()) -> list[str]:
    """The title cut into words: each slot one word, the text between as jieba cuts it (its default
    segmenter, which the search plugin also loads), never inside one of `words` (the site's Party terms)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    ends, at = set(), 0
    for i, piece in enumerate(SLOT_RE.split(text)):
        for word in [f"【{piece}】"] if i % 2 else jieba.lcut(piece, HMM=False) if piece else []:
            at += len(word)
            ends.add(at)
    for term in words:
        for match in re.finditer(re.escape(term), text):
            ends.difference_update(range(match.start() + 1, match.end()))
    cuts = [0, *sorted(ends)]
    return [text[start:end] for start, end in itertools.pairwise(cuts)]


def break_title(text: str, words: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A title too long for one line, broken between words into the fewest lines of at most TITLE_LINE_CHARS
    characters, as even as the words allow (a 梯形 of two lines, a 菱形 of three): GB/T 9704-2012 §7.3.1
    (回行时，要做到词意完整，排列对称，长短适宜). A word longer than a line stays whole."""
    if width(text) <= TITLE_LINE_CHARS:
        return (text,)
    pieces = title_words(text, words)
    n = max(2, math.ceil(width(text) / TITLE_LINE_CHARS))
    while True:
        best = _even_lines(pieces, n)
        if best is not None or n >= len(pieces):
            return best or tuple(pieces)
        n += 1


def _even_lines(pieces: list[str], n: int) -> tuple[str, ...] | None:
    """`pieces` joined into `n` lines that fit, the sum of squared distances from the mean line least; None if none fit."""
    goal = width("".join(pieces)) / n

    @functools.cache
    def best(start: int, left: int) -> tuple[float, tuple[str, ...]] | None:
        if left == 1:
            line = "".join(pieces[start:])
            return ((width(line) - goal) ** 2, (line,)) if width(line) <= TITLE_LINE_CHARS else None
        found = None
        for end in range(start + 1, len(pieces) - left + 2):
            line = "".join(pieces[start:end])
            if width(line) > TITLE_LINE_CHARS:
                break
            if (rest := best(end, left - 1)) is not None:
                score = (width(line) - goal) ** 2 + rest[0]
                if found is None or score < found[0]:
                    found = (score, (line, *rest[1]))
        return found

    result = best(0, n) if len(pieces) >= n else None
    return result[1] if result else None


def title_line(family: Family, library: Library) -> Line:
    """The report's title, one part per line: where the family's data breaks it, or else `break_title`."""
    text = replace_terms(family.report_title, library.terms)
    lines = tuple(replace_terms(t, library.terms) for t in family.title_lines) or break_title(text, library.words)
    return Line("title", None, tuple(Part(t) for t in lines))


@functools.lru_cache(maxsize=256)
def compose(family: Family, library: Library, *, title: bool = True) -> tuple[Line, ...]:
    """Every line of the report, in order; each line knows its section. The whole report (`title=True`) opens
    with the title and, where the family has them, closes with the 署名 and 日期 (they belong to no section);
    `title=False` gives the body alone.

    Cached: a library never changes once loaded, and every page of a family asks for the same lines.
    """
    lines = [title_line(family, library)] if title else []
    count = 0
    for section in family.sections:
        if section.heading is None:
            lines.extend(_body(section.body, 1, library, section.id))
            continue
        count += 1
        lines.append(Line("heading", section.id, (Part(replace_terms(section.heading, library.terms)),),
                          level=1, number=heading_number(1, count)))
        lines.extend(_body(section.body, 2, library, section.id))
    if title and family.signature:
        lines.append(Line("signature", None, (Part(replace_terms(family.signature.name, library.terms)),)))
        lines.append(Line("date", None, (Part(family.signature.date),)))
    return tuple(lines)


def section_lines(family: Family, section_id: str, library: Library) -> list[Line]:
    family.section(section_id)  # KeyError for an unknown section
    return [line for line in compose(family, library, title=False) if line.section == section_id]


def plain_text(lines: list[Line]) -> str:
    """The report as plain text, one line per heading or paragraph (what a reader's copy gives)."""
    return "\n".join(line.text for line in lines)
