"""Turn a family composition into numbered lines of text: the one source for every view.

The section pages, the assembled report on the overview page and the Word export all read
`compose(family, library)`. Pure module: no MkDocs, no HTML.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .library import Family, Heading, Library, Paragraph, Table, replace_terms

DIGITS = "零一二三四五六七八九"


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
    kind: str  # "title", "heading", "paragraph" or "table"
    section: str | None
    parts: tuple[Part, ...]
    level: int = 0  # heading level 1–4
    number: str = ""  # heading number, e.g. "（二）", also run in before a numbered paragraph
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows, the header first (terms replaced, slots kept)

    @property
    def text(self) -> str:
        """The line as plain text; a table's rows one to a line, cells separated by tabs (as Word pastes them)."""
        if self.kind == "table":
            return "\n".join("\t".join(row) for row in self.rows)
        return self.number + "".join(part.text for part in self.parts)


def _paragraph(paragraph: Paragraph, library: Library, section: str, number: str = "") -> Line:
    parts: list[Part] = []
    if paragraph.lead:
        parts.append(Part(replace_terms(library.phrase(paragraph.lead).text, library.terms), paragraph.lead))
    for i, phrase_id in enumerate(paragraph.items, 1):
        if paragraph.enumerate:
            parts.append(Part(f"{chinese_number(i)}{paragraph.enumerate}"))
        parts.append(Part(replace_terms(library.phrase(phrase_id).text, library.terms), phrase_id))
    return Line("paragraph", section, tuple(parts), number=number)


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
            lines.append(_paragraph(node, library, section, heading_number(level, count)))
        else:
            lines.append(_paragraph(node, library, section))
    return lines


@functools.lru_cache(maxsize=256)
def compose(family: Family, library: Library, *, title: bool = True) -> tuple[Line, ...]:
    """Every line of the report, in order; each line knows its section.

    Cached: a library never changes once loaded, and every page of a family asks for the same lines.
    """
    lines = [Line("title", None, (Part(replace_terms(family.report_title, library.terms)),))] if title else []
    count = 0
    for section in family.sections:
        if section.heading is None:
            lines.extend(_body(section.body, 1, library, section.id))
            continue
        count += 1
        lines.append(Line("heading", section.id, (Part(replace_terms(section.heading, library.terms)),),
                          level=1, number=heading_number(1, count)))
        lines.extend(_body(section.body, 2, library, section.id))
    return tuple(lines)


def section_lines(family: Family, section_id: str, library: Library) -> list[Line]:
    family.section(section_id)  # KeyError for an unknown section
    return [line for line in compose(family, library, title=False) if line.section == section_id]


def plain_text(lines: list[Line]) -> str:
    """The report as plain text, one line per heading or paragraph (what a reader's copy gives)."""
    return "\n".join(line.text for line in lines)
