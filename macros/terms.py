"""Time-bound terms (docs/data/terms.yml): a short history of each name, and its value for a report year.

Pure module: no MkDocs import. Pages and phrase text write `{{ terms.campaign }}`; the value is the
last entry of the term's history that took effect no later than `report_year`. The 时效性提法 page
shows the history, and a draft checker can ask `Terms.stale(report_year)` which values are out of date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .yamldata import Checker, Where, line_of

TERM_FIELDS = {"label", "history"}
ENTRY_FIELDS = {"value", "aliases", "from", "checked", "source", "example"}


@dataclass(frozen=True)
class TermValue:
    value: str
    start: datetime.date  # when it took effect; a bare year counts from 1 January
    start_text: str  # as written: "2026" or "2025-10-20"
    checked: datetime.date
    source: str
    example: bool  # an example wording, to be replaced with the year's notice
    where: Where
    aliases: tuple[str, ...] = ()  # short forms a draft may use (for the draft checker)


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    history: tuple[TermValue, ...]

    def at(self, year: int) -> TermValue | None:
        """The value in force for a report on `year`."""
        current = None
        for entry in self.history:
            if entry.start.year <= year:
                current = entry
        return current


@dataclass(frozen=True)
class Terms:
    report_year: int
    terms: dict[str, Term]

    @property
    def current(self) -> dict[str, TermValue]:
        return {key: term.at(self.report_year) for key, term in self.terms.items()}

    @property
    def values(self) -> dict[str, str]:
        """Term key → its value for the site's report year (what {{ terms.key }} gives)."""
        return {key: entry.value for key, entry in self.current.items()}

    def superseded(self, year: int) -> list[tuple[Term, TermValue, TermValue]]:
        """(term, old value, the value in force) for each value a report on `year` should no longer name."""
        out = []
        for term in self.terms.values():
            now = term.at(year)
            out += [(term, entry, now) for entry in term.history if now is not None and entry.start < now.start]
        return out

    def stale(self, year: int) -> dict[str, str]:
        """Values a report on `year` should no longer use → the value that replaced them."""
        return {old.value: now.value for _, old, now in self.superseded(year)}


def _start(check: Checker, where: Where, entry: str, value) -> tuple[datetime.date, str]:
    if isinstance(value, bool):
        value = None
    if isinstance(value, int) and 1921 <= value <= check.today.year + 1:
        return datetime.date(value, 1, 1), str(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        if value > check.today:
            check.fail(where, entry, f"from: {value} is in the future (today is {check.today})")
        return value, value.isoformat()
    if value is None:
        check.fail(where, entry, "missing required field 'from' (the year, or the date, the value took effect)")
    else:
        check.fail(where, entry, f"from must be a year like 2026 or a date like 2025-10-20, got {value!r}")
    return datetime.date.min, ""


def load_terms(check: Checker, path: Path) -> Terms:
    """Read and validate terms.yml; report problems to `check` (an empty Terms if it cannot be read)."""
    file = check.rel(path)
    data = check.mapping(path, "terms", "terms.yml")
    if data is None:
        return Terms(check.today.year, {})
    where = Where(file, data.line)
    check.unknown_fields(where, "", data, {"report_year", "terms"})
    year = data.get("report_year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1921 <= year <= check.today.year + 1:
        check.fail(where, "report_year", f"must be the year the reports cover, like 2026, got {year!r}")
        year = check.today.year
    raw_terms = data.get("terms")
    if not isinstance(raw_terms, dict) or not raw_terms:
        check.fail(where, "terms", "must map each term's name to its label and history")
        check.broken.add("terms")
        return Terms(year, {})
    terms: dict[str, Term] = {}
    for key, raw in raw_terms.items():
        at = Where(file, line_of(raw, raw_terms.line))
        key = str(key)
        if not key.isidentifier() or not key.isascii():
            check.fail(at, key, "a term's name is written {{ terms.name }}: ASCII letters, digits and _ only")
        if not isinstance(raw, dict):
            check.fail(at, key, "a term needs 'label' and 'history'")
            continue
        check.unknown_fields(at, key, raw, TERM_FIELDS)
        label = check.text(at, key, "label", raw.get("label"), terms=False)
        history: list[TermValue] = []
        raw_history = raw.get("history")
        if not isinstance(raw_history, list) or not raw_history:
            check.fail(at, key, "history must list at least one value")
            raw_history = []
        for item in raw_history:
            iw = Where(file, line_of(item, at.line))
            if not isinstance(item, dict):
                check.fail(iw, key, "each history entry needs value, from, checked and source")
                continue
            check.unknown_fields(iw, key, item, ENTRY_FIELDS)
            start, start_text = _start(check, iw, key, item.get("from"))
            example = item.get("example", False)
            if not isinstance(example, bool):
                check.fail(iw, key, f"example must be true or false, got {example!r}")
            history.append(TermValue(
                value=check.text(iw, key, "value", item.get("value"), terms=False),
                start=start, start_text=start_text,
                checked=check.date(iw, key, "checked", item.get("checked")),
                source=check.text(iw, key, "source", item.get("source"), terms=False),
                example=example is True, where=iw,
                aliases=tuple(check.text(iw, key, "aliases", a, terms=False)
                              for a in check.str_list(iw, key, "aliases", item.get("aliases"), required=False))))
        for before, after in zip(history, history[1:], strict=False):
            if after.start <= before.start:
                check.fail(after.where, key, f"history out of order: from {after.start_text} is not later than "
                                             f"{before.start_text} (list the values oldest first)")
        term = Term(key, label, tuple(history))
        if history and term.at(year) is None:
            check.fail(at, key, f"no value in force for report_year {year} (the first takes effect in "
                                f"{history[0].start_text})")
        terms[key] = term
    check.term_names = set(terms)
    return Terms(year, terms)
