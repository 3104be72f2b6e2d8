"""Load and validate the phrase library: slots, topics, domains, report types, phrase blocks and families.

Pure module: no MkDocs import. `load_library(data_dir)` reads every YAML file once (through
yamldata.py), checks it, and returns an immutable `Library`; every problem found is collected and
raised together as one `LibraryError`, each line in the form

    docs/data/phrases/problems.yml:42: problems.foo: unknown slot 【党员数】 (did you mean 【党员人数】?)

One mistake gives one error: where a file does not parse, references into it are not reported again.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import Rule, load_checks
from .search import SearchWords, load_search
from .terms import Terms, load_terms
from .yamldata import (
    SLOT_RE,
    SLUG_RE,
    TERM_RE,
    Checker,
    DataError,
    Where,
    line_of,
    suggest,
    suggest_slot,
)

__all__ = ["SLOT_RE", "TERM_RE", "Where", "suggest", "suggest_slot", "LibraryError", "load_library", "load_cached"]

FUNCTIONS = ("开头", "成绩", "问题", "原因", "措施", "结尾", "过渡", "表态")
SLOT_KINDS = ("count", "percent", "money", "date", "year", "name", "text")
PERIODS = ("本年度", "下一年度", "上一年度")
VOICES = ("本人", "本单位")  # a family's voice; a block may also be 通用 (no speaker in it)
TENSES = ("回顾", "计划")  # a section's tense; a block may also be 通用
EITHER = "通用"
# Prefixes for in-paragraph sequences: 一是、二是… or 一要、二要…
ENUMERATIONS = ("是", "要")
MAX_HEADING_DEPTH = 4  # 一、 （一） 1. （1）
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")

LibraryError = DataError


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Slot:
    name: str
    kind: str
    group: str
    hint: str
    example: str
    period: str  # 本年度, 下一年度, 上一年度 or ""
    where: Where


@dataclass(frozen=True)
class ReportType:
    id: str
    name: str
    summary: str


@dataclass(frozen=True)
class Avoid:
    wrong: str
    why: str


@dataclass(frozen=True)
class Phrase:
    id: str
    title: str
    function: str
    voice: str  # 本人, 本单位 or 通用
    tense: str  # 回顾, 计划 or 通用
    types: tuple[str, ...]  # report types it is written for
    topics: tuple[str, ...]
    domains: tuple[str, ...]  # 领域 it is specific to; () for any
    text: str
    note: str
    avoid: Avoid | None
    pairs: tuple[str, ...]
    conflicts: tuple[str, ...]
    added: datetime.date
    reviewed: datetime.date
    where: Where


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of model text: an optional lead phrase, then phrases, optionally enumerated.

    A numbered paragraph takes the next heading number of its level as a run-in prefix,
    as in "（一）党员发展工作的计划性有待提升。……".
    """

    lead: str | None
    items: tuple[str, ...]
    enumerate: str | None  # "是" → 一是…二是…; "要" → 一要…二要…
    numbered: bool = False
    where: Where | None = field(default=None, compare=False)  # its line in the family file

    @property
    def phrase_ids(self) -> tuple[str, ...]:
        return ((self.lead,) if self.lead else ()) + self.items


@dataclass(frozen=True)
class Table:
    """A table in the model text (a work plan's 工作安排): a header row and rows of plain-text cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    phrase_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A numbered heading one level below its parent, with the paragraphs and headings under it."""

    text: str
    body: tuple[Paragraph | Table | Heading, ...]


@dataclass(frozen=True)
class Pitfall:
    wrong: str
    right: str
    why: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    heading: str | None  # level-one heading text (numbered 一、二、…), or None for an unnumbered part
    tense: str
    purpose: str
    agrees_with: tuple[str, ...]
    pitfalls: tuple[Pitfall, ...]
    body: tuple[Paragraph | Table | Heading, ...]
    where: Where
    share: tuple[float, float] | None = None  # the usual share of the whole text (the draft checker)

    @functools.cached_property
    def phrase_ids(self) -> tuple[str, ...]:
        """The phrases of the section's model text, in reading order."""
        return tuple(pid for node in walk(self.body) if not isinstance(node, Heading) for pid in node.phrase_ids)


@dataclass(frozen=True)
class Signature:
    """The 署名 and 成文日期 under the text (GB/T 9704-2012 §7.3.5), each text with slots."""

    name: str
    date: str


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key for compose()
class Family:
    id: str
    title: str
    short_title: str
    report_type: str
    voice: str
    tense: str
    report_title: str
    occasion: str
    speaker: str
    audience: str
    length: str
    due: str
    sections: tuple[Section, ...]
    where: Where
    target_chars: tuple[int, int] | None = None  # the length a form's box allows (个人考核总结), shown live
    title_lines: tuple[str, ...] = ()  # report_title as the data breaks it into lines; () where it does not
    signature: Signature | None = None  # None: the family says it has no 署名 and 日期
    chars: tuple[int, int] | None = None  # the usual length where no form sets it (the draft checker)

    @property
    def usual_chars(self) -> tuple[int, int] | None:
        return self.target_chars or self.chars

    @functools.cached_property
    def phrase_sections(self) -> dict[str, Section]:
        """Phrase id → the section whose model text has it (the last, if several have it)."""
        return {pid: section for section in self.sections for pid in section.phrase_ids}

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def fits(self, phrase: Phrase, section: Section) -> bool:
        """Whether a block may stand in this section: written for the family's report type, voice and the section's tense."""
        return (self.report_type in phrase.types and phrase.voice in (self.voice, EITHER)
                and phrase.tense in (section.tense, EITHER))


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key for compose()
class Library:
    slots: dict[str, Slot]
    topics: dict[str, str]
    domains: dict[str, str]
    report_types: dict[str, ReportType]
    phrases: dict[str, Phrase]
    families: dict[str, Family]
    term_history: Terms
    checks: tuple[Rule, ...] = ()  # the draft checker's rules (checks.py)
    words: tuple[str, ...] = ()  # Party terms that stay whole (search-dict.txt): in search, and where a title breaks
    search: SearchWords = SearchWords()  # synonyms and words a query may leave out (search.py)

    @functools.cached_property
    def terms(self) -> dict[str, str]:
        """Term key → its value for the site's report year."""
        return self.term_history.values

    def phrase(self, phrase_id: str) -> Phrase:
        try:
            return self.phrases[phrase_id]
        except KeyError:
            raise KeyError(f"unknown phrase id '{phrase_id}'{suggest(phrase_id, self.phrases)}") from None

    def family(self, family_id: str) -> Family:
        try:
            return self.families[family_id]
        except KeyError:
            raise KeyError(f"unknown family '{family_id}'{suggest(family_id, self.families)}") from None

    @functools.cached_property
    def usage(self) -> dict[str, list[tuple[Family, Section]]]:
        """Phrase id → the family sections whose model text uses it."""
        used: dict[str, list[tuple[Family, Section]]] = {}
        for family in self.families.values():
            for section in family.sections:
                for phrase_id in section.phrase_ids:
                    used.setdefault(phrase_id, []).append((family, section))
        return used

    @functools.cached_property
    def families_by_type(self) -> dict[str, list[Family]]:
        """Report type id → its families, in registry order (types without a family left out)."""
        out: dict[str, list[Family]] = {}
        for type_id in self.report_types:
            if found := [f for f in self.families.values() if f.report_type == type_id]:
                out[type_id] = found
        return out


def walk(body) -> list[Paragraph | Table | Heading]:
    """Every paragraph, table and heading in a body, depth first, in reading order."""
    out: list[Paragraph | Table | Heading] = []
    for node in body:
        out.append(node)
        if isinstance(node, Heading):
            out.extend(walk(node.body))
    return out


# --------------------------------------------------------------------------- registries


def _load_slots(check: Checker, path: Path) -> dict[str, Slot]:
    data = check.mapping(path, "slots", "the slot registry (slot name → kind, group, hint, example)")
    if data is None:
        return {}
    file = check.rel(path)
    slots: dict[str, Slot] = {}
    for name, fields in data.items():
        where = Where(file, line_of(fields, data.line))
        name = check.name(where, str(name), "slot name", name)
        if not isinstance(fields, dict):
            check.fail(where, name, "a slot needs the fields kind, group, hint and example")
            continue
        check.unknown_fields(where, name, fields, {"kind", "group", "hint", "example", "period"})
        kind = check.choice(where, name, "kind", fields.get("kind"), SLOT_KINDS)
        period = fields.get("period")
        slots[name] = Slot(
            name=name,
            kind=kind,
            group=check.name(where, name, "group", check.text(where, name, "group", fields.get("group"))),
            hint=check.text(where, name, "hint", fields.get("hint")),
            example=check.text(where, name, "example", fields.get("example")),
            period=check.choice(where, name, "period", period, PERIODS) if period is not None else "",
            where=where,
        )
    return slots


def _load_names(check: Checker, path: Path, kind: str, what: str) -> dict[str, str]:
    """A registry of names with a one-line summary each (topics.yml, domains.yml)."""
    data = check.mapping(path, kind, f"{path.name} ({what} → one-line summary)")
    if data is None:
        return {}
    file = check.rel(path)
    out = {}
    for key, summary in data.items():
        where = Where(file, data.line)
        name = check.name(where, str(key), what, key)
        out[name] = check.text(where, name, "summary", summary, terms=False)
    return out


def _load_report_types(check: Checker, path: Path) -> dict[str, ReportType]:
    data = check.mapping(path, "report-types", "report-types.yml (type id → name and summary)")
    if data is None:
        return {}
    file = check.rel(path)
    out: dict[str, ReportType] = {}
    for key, fields in data.items():
        where = Where(file, line_of(fields, data.line))
        key = str(key)
        if not SLUG_RE.match(key):
            check.fail(where, key, "a report type's id is English kebab-case, like party-building-duty")
        if not isinstance(fields, dict):
            check.fail(where, key, "a report type needs 'name' and 'summary'")
            continue
        check.unknown_fields(where, key, fields, {"name", "summary"})
        name = check.text(where, key, "name", fields.get("name"), terms=False)
        out[key] = ReportType(key, check.name(where, key, "name", name) if name else name,
                              check.text(where, key, "summary", fields.get("summary"), terms=False))
    return out


def _known(check: Checker, where: Where, entry: str, what: str, values, known: dict, kind: str) -> None:
    if kind in check.broken:
        return
    for value in values:
        if value not in known:
            check.fail(where, entry, f"unknown {what} '{value}'{suggest(value, known)}")


# --------------------------------------------------------------------------- phrase blocks


PHRASE_FIELDS = {"id", "title", "function", "voice", "tense", "types", "topics", "domains", "text", "note", "avoid",
                 "pairs", "conflicts", "added", "reviewed"}


def _load_phrases(check: Checker, path: Path, registries: dict[str, dict], phrases: dict[str, Phrase]) -> None:
    data = check.read(path, f"phrases:{path.stem}")
    file = check.rel(path)
    if data is None:
        return
    if not isinstance(data, list):
        check.fail(Where(file, 1), "", "a phrase file must be a YAML list of blocks")
        check.broken.add(f"phrases:{path.stem}")
        return
    for raw in data:
        where = Where(file, line_of(raw, data.line))
        if not isinstance(raw, dict):
            check.fail(where, "", "each phrase block must be a mapping with id, title, function, …")
            continue
        pid = raw.get("id")
        if not isinstance(pid, str) or not pid:
            check.fail(where, "", "missing required field 'id'")
            continue
        if not ID_RE.match(pid) or pid.split(".")[0] != path.stem:
            check.fail(where, pid, f"id must look like '{path.stem}.kebab-case-name'")
        if pid in phrases:
            check.fail(where, pid, f"duplicate id (first defined at {phrases[pid].where})")
            continue
        check.unknown_fields(where, pid, raw, PHRASE_FIELDS)
        function = check.choice(where, pid, "function", raw.get("function"), FUNCTIONS)
        lists = {field: check.str_list(where, pid, field, raw.get(field), required=field in ("types", "topics"))
                 for field in ("types", "topics", "domains", "conflicts")}
        _known(check, where, pid, "report type", lists["types"], registries["report-types"], "report-types")
        _known(check, where, pid, "topic", lists["topics"], registries["topics"], "topics")
        _known(check, where, pid, "domain", lists["domains"], registries["domains"], "domains")
        avoid = None
        if (raw_avoid := raw.get("avoid")) is not None:
            if isinstance(raw_avoid, dict):
                check.unknown_fields(where, pid, raw_avoid, {"wrong", "why"})
                avoid = Avoid(wrong=check.text(where, pid, "avoid.wrong", raw_avoid.get("wrong")),
                              why=check.text(where, pid, "avoid.why", raw_avoid.get("why")))
            else:
                check.fail(where, pid, "field 'avoid' needs 'wrong' and 'why'")
        added = check.date(where, pid, "added", raw.get("added"))
        reviewed = check.date(where, pid, "reviewed", raw.get("reviewed"))
        if datetime.date.min < reviewed < added:
            check.fail(where, pid, f"reviewed {reviewed} is before added {added}")
        phrases[pid] = Phrase(
            id=pid,
            title=check.text(where, pid, "title", raw.get("title")),
            function=function,
            voice=check.choice(where, pid, "voice", raw.get("voice"), VOICES + (EITHER,)),
            tense=check.choice(where, pid, "tense", raw.get("tense"), TENSES + (EITHER,)),
            types=lists["types"], topics=lists["topics"], domains=lists["domains"],
            text=check.text(where, pid, "text", raw.get("text")),
            note=check.text(where, pid, "note", raw.get("note"), required=False),
            avoid=avoid,
            pairs=check.str_list(where, pid, "pairs", raw.get("pairs"), required=function == "问题"),
            conflicts=lists["conflicts"],
            added=added,
            reviewed=reviewed,
            where=where,
        )


def _unknown_id(check: Checker, pid: str, phrases: dict[str, Phrase]) -> bool:
    """An id not in the library, unless the file it would be in did not load (that is its one error)."""
    return pid not in phrases and f"phrases:{pid.split('.')[0]}" not in check.broken


def _check_references(check: Checker, phrases: dict[str, Phrase]) -> None:
    for phrase in phrases.values():
        if phrase.pairs and phrase.function != "问题":
            check.fail(phrase.where, phrase.id, "only 问题 blocks carry 'pairs'")
        for name in ("pairs", "conflicts"):
            for other in getattr(phrase, name):
                if _unknown_id(check, other, phrases):
                    check.fail(phrase.where, phrase.id, f"{name}: unknown phrase id '{other}'{suggest(other, phrases)}")
                if other == phrase.id:
                    check.fail(phrase.where, phrase.id, f"{name}: a block cannot name itself")
        pending = any(p not in phrases and not _unknown_id(check, p, phrases) for p in phrase.pairs)
        if phrase.function == "问题" and not pending:  # (a pair in a file that did not load is not judged)
            paired = {phrases[p].function for p in phrase.pairs if p in phrases}
            for needed in ("原因", "措施"):
                if needed not in paired:
                    check.fail(phrase.where, phrase.id, f"pairs must name at least one {needed} block")


# --------------------------------------------------------------------------- families


SECTION_FIELDS = {"id", "title", "heading", "tense", "purpose", "agrees_with", "pitfalls", "body", "share"}
FAMILY_FIELDS = {"id", "title", "short_title", "report_type", "voice", "tense", "report_title", "occasion", "speaker",
                 "audience", "length", "due", "target_chars", "chars", "signature", "sections"}
FAMILY_TEXT = ("title", "short_title", "occasion", "speaker", "audience", "length", "due")
SIGNATURE_FORM = "signature must be false (the report carries no 署名 and 日期) or {name: …, date: 【…】}"


def _load_title(check: Checker, where: Where, fid: str, raw: Any) -> tuple[str, tuple[str, ...]]:
    """report_title: one line of text (broken where needed when the file is written), or a list of its lines."""
    if not isinstance(raw, list):
        return check.text(where, fid, "report_title", raw), ()
    if len(raw) < 2:
        check.fail(where, fid, "report_title as a list needs two lines or more (write a title of one line as text)")
    lines = tuple(check.text(where, fid, f"report_title line {n}", line) for n, line in enumerate(raw, 1))
    end = 0
    for n, line in enumerate(lines[:-1], 1):
        end += len(line)
        for match in SLOT_RE.finditer("".join(lines)):
            if match.start() < end < match.end():
                check.fail(where, fid, f"report_title breaks the slot {match.group(0)} between lines {n} and {n + 1}: "
                                       "break between words, never inside a slot")
    return "".join(lines), lines


def _load_signature(check: Checker, where: Where, fid: str, raw: Any, slots: dict[str, Slot]) -> Signature | None:
    """signature: false, or the 署名 text and the 成文日期 slot (kind date)."""
    if raw is False:
        return None
    if raw is None:
        check.fail(where, fid, f"missing required field 'signature' ({SIGNATURE_FORM})")
        return None
    if not isinstance(raw, dict):
        check.fail(where, fid, f"{SIGNATURE_FORM}, got {raw!r}")
        return None
    check.unknown_fields(where, fid, raw, {"name", "date"})
    name = check.text(where, fid, "signature.name", raw.get("name"))
    date = check.text(where, fid, "signature.date", raw.get("date"))
    match = SLOT_RE.fullmatch(date)
    if date and (not match or (match.group(1) in slots and slots[match.group(1)].kind != "date")):
        check.fail(where, fid, f"signature.date must be one slot of kind date, like 【成文日期】, got {date!r}")
    return Signature(name, date)


def _load_table(check: Checker, at: Where, entry: str, raw: Any) -> Table:
    if not isinstance(raw, dict):
        check.fail(at, entry, "a table needs 'columns' and 'rows'")
        return Table((), ())
    check.unknown_fields(at, entry, raw, {"columns", "rows"})
    columns = tuple(check.text(at, entry, "table.columns", c) for c in check.str_list(
        at, entry, "table.columns", raw.get("columns"), required=True))
    rows = []
    raw_rows = raw.get("rows")
    if not isinstance(raw_rows, list) or not raw_rows:
        check.fail(at, entry, "table.rows must list at least one row")
        raw_rows = []
    for row in raw_rows:
        rw = Where(at.file, line_of(row, at.line))
        if not isinstance(row, list) or len(row) != len(columns):
            check.fail(rw, entry, f"each table row is a list of {len(columns)} cells, one per column")
            continue
        rows.append(tuple(check.text(rw, entry, "table cell", cell) for cell in row))
    return Table(columns, tuple(rows))


def _load_body(check: Checker, where: Where, entry: str, raw: Any, phrases: dict[str, Phrase],
               depth: int) -> tuple[Paragraph | Table | Heading, ...]:
    if not isinstance(raw, list) or not raw:
        check.fail(where, entry, "body must be a non-empty list of paragraphs and headings")
        return ()
    nodes: list[Paragraph | Table | Heading] = []
    for item in raw:
        at = Where(where.file, line_of(item, where.line))
        if isinstance(item, list):  # shorthand: a plain list of phrase ids is one paragraph
            item = {"phrases": item}
        if not isinstance(item, dict):
            check.fail(at, entry, "a body item is a list of phrase ids, {phrases: …}, {table: …} or {heading: …, body: …}")
            continue
        if "heading" in item:
            check.unknown_fields(at, entry, item, {"heading", "body"})
            if depth >= MAX_HEADING_DEPTH:  # stop here: what is below is not walked
                check.fail(at, entry, "headings nest at most four levels: 一、 （一） 1. （1）")
                continue
            text = check.text(at, entry, "heading", item.get("heading"))
            nodes.append(Heading(text, _load_body(check, at, entry, item.get("body"), phrases, depth + 1)))
            continue
        if "table" in item:
            check.unknown_fields(at, entry, item, {"table"})
            nodes.append(_load_table(check, at, entry, item["table"]))
            continue
        check.unknown_fields(at, entry, item, {"lead", "phrases", "enumerate", "numbered"})
        lead = item.get("lead")
        if lead is not None and not isinstance(lead, str):
            check.fail(at, entry, "lead must be one phrase id")
            lead = None
        items = check.str_list(at, entry, "phrases", item.get("phrases"), required=True)
        enum = item.get("enumerate")
        if enum is not None and enum not in ENUMERATIONS:
            check.fail(at, entry, f"enumerate must be one of {', '.join(ENUMERATIONS)}, got {enum!r}")
        for pid in ((lead,) if lead else ()) + items:
            if _unknown_id(check, pid, phrases):
                check.fail(at, entry, f"unknown phrase id '{pid}'{suggest(pid, phrases)}")
        numbered = item.get("numbered", False)
        if not isinstance(numbered, bool):
            check.fail(at, entry, f"numbered must be true or false, got {numbered!r}")
        nodes.append(Paragraph(lead=lead, items=items, enumerate=enum, numbered=numbered is True, where=at))
    return tuple(nodes)


def _load_family(check: Checker, path: Path, phrases: dict[str, Phrase],
                 report_types: dict[str, ReportType], slots: dict[str, Slot]) -> Family | None:
    data = check.mapping(path, f"families:{path.stem}", "a family file")
    if data is None:
        return None
    file = check.rel(path)
    where = Where(file, data.line)
    fid = data.get("id")
    if fid != path.stem:
        check.fail(where, str(fid), f"family id must equal the file name '{path.stem}'")
    fid = path.stem
    check.unknown_fields(where, fid, data, FAMILY_FIELDS)
    meta = {key: check.text(where, fid, key, data.get(key)) for key in FAMILY_TEXT}
    report_title, title_lines = _load_title(check, Where(file, line_of(data.get("report_title"), where.line)), fid,
                                            data.get("report_title"))
    signature = _load_signature(check, Where(file, line_of(data.get("signature"), where.line)), fid,
                                data.get("signature"), slots)
    report_type = data.get("report_type")
    if report_type is None:
        check.fail(where, fid, "missing required field 'report_type'")
    elif report_type not in report_types and "report-types" not in check.broken:
        check.fail(where, fid, f"report_type '{report_type}' is not registered in docs/data/report-types.yml"
                               f"{suggest(str(report_type), report_types)}")
    voice = check.choice(where, fid, "voice", data.get("voice"), VOICES)
    tense = check.choice(where, fid, "tense", data.get("tense"), TENSES)
    sections: list[Section] = []
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        check.fail(where, fid, "missing required field 'sections'")
        raw_sections = []
    for raw in raw_sections:
        at = Where(file, line_of(raw, where.line))
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not SLUG_RE.match(raw["id"]):
            check.fail(at, fid, "each section needs an 'id' in kebab-case")
            continue
        entry = f"{fid}/{raw['id']}"
        if any(s.id == raw["id"] for s in sections):
            check.fail(at, entry, "duplicate section id")
            continue
        check.unknown_fields(at, entry, raw, SECTION_FIELDS)
        pitfalls = []
        for pit in raw.get("pitfalls") or []:
            pw = Where(file, line_of(pit, at.line))
            if not isinstance(pit, dict):
                check.fail(pw, entry, "a pitfall needs 'wrong', 'right' and 'why'")
                continue
            check.unknown_fields(pw, entry, pit, {"wrong", "right", "why"})
            pitfalls.append(Pitfall(*(check.text(pw, entry, f"pitfalls.{k}", pit.get(k))
                                      for k in ("wrong", "right", "why"))))
        heading = raw.get("heading")
        share = _share(check, at, entry, raw.get("share"), heading)
        sections.append(Section(
            id=raw["id"],
            title=check.text(at, entry, "title", raw.get("title")),
            heading=check.text(at, entry, "heading", heading) if heading is not None else None,
            tense=check.choice(at, entry, "tense", raw["tense"], TENSES) if "tense" in raw else tense,
            purpose=check.text(at, entry, "purpose", raw.get("purpose")),
            agrees_with=check.str_list(at, entry, "agrees_with", raw.get("agrees_with"), required=False),
            pitfalls=tuple(pitfalls),
            body=_load_body(check, at, entry, raw.get("body"), phrases, depth=1 if heading is not None else 0),
            where=at,
            share=share,
        ))
    target, chars = (_char_range(check, where, fid, key, data.get(key)) for key in ("target_chars", "chars"))
    if target and chars:
        check.fail(where, fid, "give target_chars (a form's box) or chars (the usual length), not both")
    family = Family(id=fid, report_type=str(report_type or ""), voice=voice, tense=tense, sections=tuple(sections),
                    where=where, target_chars=target, chars=chars, report_title=report_title,
                    title_lines=title_lines, signature=signature, **meta)
    _check_family(check, family, phrases)
    return family


def _char_range(check: Checker, where: Where, fid: str, key: str, value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(
            isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value) and value[0] < value[1]):
        check.fail(where, fid, f"{key} must be [fewest, most] characters, like [800, 1500], got {value!r}")
        return None
    return value[0], value[1]


def _share(check: Checker, where: Where, entry: str, value: Any, heading: Any) -> tuple[float, float] | None:
    """A section's usual share of the whole text, like [0.45, 0.6]: the checker finds the part by its heading."""
    if value is None:
        return None
    if heading is None:
        check.fail(where, entry, "share needs a heading: the draft checker finds the part by it")
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(
            isinstance(n, (int, float)) and not isinstance(n, bool) for n in value) and 0 < value[0] < value[1] <= 1):
        check.fail(where, entry, f"share must be [least, most] as parts of the whole, like [0.45, 0.6], got {value!r}")
        return None
    return float(value[0]), float(value[1])


def _check_family(check: Checker, family: Family, phrases: dict[str, Phrase]) -> None:
    ids = {s.id for s in family.sections}
    seen: dict[str, Section] = {}
    for section in family.sections:
        entry = f"{family.id}/{section.id}"
        for other in section.agrees_with:
            if other not in ids or other == section.id:
                check.fail(section.where, entry, f"agrees_with: unknown section '{other}'{suggest(other, ids)}")
        paragraphs = [node for node in walk(section.body) if isinstance(node, Paragraph)]
        for at, pid in ((node.where or section.where, pid) for node in paragraphs for pid in node.phrase_ids):
            if pid in seen:
                check.fail(at, entry, f"phrase '{pid}' is already used in section '{seen[pid].id}'")
            seen[pid] = section
            phrase = phrases.get(pid)
            if phrase is None or family.fits(phrase, section):
                continue
            if family.report_type not in phrase.types:
                why = f"is written for {', '.join(phrase.types)}, not for this family's report type {family.report_type}"
            elif phrase.voice not in (family.voice, EITHER):
                why = f"is in the voice {phrase.voice}, but the family speaks as {family.voice}"
            else:
                why = f"is in the tense {phrase.tense}, but the section is {section.tense}"
            check.fail(at, entry, f"phrase '{pid}' {why} ({phrase.where})")
    # Each problem in the model text must be answered by a cause and a measure in the same report.
    for pid, section in seen.items():
        phrase = phrases.get(pid)
        if phrase is None or phrase.function != "问题":
            continue
        for needed in ("原因", "措施"):
            if not any(p in seen and phrases[p].function == needed for p in phrase.pairs if p in phrases):
                check.fail(phrase.where, pid, f"used in {family.id}/{section.id}, but none of its "
                                              f"paired {needed} blocks is in that report")
    # No block stands beside one it conflicts with (an achievement beside the problem that denies it).
    reported = set()
    for pid in seen:
        for other in phrases[pid].conflicts if pid in phrases else ():
            pair = frozenset((pid, other))
            if other in seen and pair not in reported:
                reported.add(pair)
                check.fail(family.where, family.id, f"'{pid}' ({family.id}/{seen[pid].id}) and '{other}' "
                                                    f"({family.id}/{seen[other].id}) cannot stand in one report: "
                                                    f"{pid} declares it conflicts with {other} ({phrases[pid].where})")


# --------------------------------------------------------------------------- entry point


def load_library(data_dir: Path, root: Path | None = None, today: datetime.date | None = None) -> Library:
    """Load `data_dir` (terms.yml, slots.yml, topics.yml, domains.yml, report-types.yml, phrases/*.yml,
    families/*.yml, the draft checker's checks.yml and superseded.yml, and search.yml if there is one) and
    validate it all.

    `root` is the folder that file names in messages are relative to (the project folder); `today`
    the date that no date in the data may be later than.
    """
    data_dir = Path(data_dir).resolve()
    check = Checker(Path(root or data_dir.parent.parent).resolve(), today)
    files = {"terms": "terms.yml", "slots": "slots.yml", "topics": "topics.yml", "domains": "domains.yml",
             "report-types": "report-types.yml"}
    for kind, name in files.items():
        if not (data_dir / name).is_file():
            check.fail(Where(check.rel(data_dir / name), 0), "", "file is missing")
            check.broken.add(kind)
    present = {kind: data_dir / name for kind, name in files.items() if kind not in check.broken}
    terms = load_terms(check, present["terms"]) if "terms" in present else Terms(check.today.year, {})
    slots = _load_slots(check, present["slots"]) if "slots" in present else {}
    check.slot_names = set(slots)
    registries = {
        "topics": _load_names(check, present["topics"], "topics", "topic") if "topics" in present else {},
        "domains": _load_names(check, present["domains"], "domains", "domain") if "domains" in present else {},
        "report-types": _load_report_types(check, present["report-types"]) if "report-types" in present else {},
    }
    phrases: dict[str, Phrase] = {}
    for path in sorted((data_dir / "phrases").glob("*.yml")):
        _load_phrases(check, path, registries, phrases)
    _check_references(check, phrases)
    families: dict[str, Family] = {}
    for path in sorted((data_dir / "families").glob("*.yml")):
        if (family := _load_family(check, path, phrases, registries["report-types"], slots)) is not None:
            families[family.id] = family
    checks = load_checks(check, data_dir, terms)
    search = load_search(check, data_dir / "search.yml") if (data_dir / "search.yml").is_file() else SearchWords()
    if check.problems:
        raise LibraryError(check.problems)
    return Library(slots=slots, topics=registries["topics"], domains=registries["domains"],
                   report_types=registries["report-types"], phrases=phrases, families=families, term_history=terms,
                   checks=checks, words=_load_words(data_dir / "search-dict.txt"), search=search)


def _load_words(path: Path) -> tuple[str, ...]:
    """The words of jieba's user dictionary (one 'word frequency tag' a line), if the site has one."""
    if not path.is_file():
        return ()
    return tuple(line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip())



def data_files(data_dir: Path) -> list[Path]:
    """The files a library is loaded from: the YAML, and the search dictionary (its words keep titles whole)."""
    return sorted(p for p in [*Path(data_dir).rglob("*.yml"), Path(data_dir) / "search-dict.txt"] if p.is_file())


_cache: dict[tuple, Library] = {}


def load_cached(data_dir: Path, root: Path | None = None) -> Library:
    """`load_library`, reused while no data file has changed (for `mkdocs serve`)."""
    files = data_files(data_dir)
    key = (str(Path(data_dir).resolve()), datetime.date.today(),
           tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_library(data_dir, root)
    return _cache[key]


def replace_terms(text: str, terms: dict[str, str]) -> str:
    """Put the current value of each {{ terms.name }} into phrase text."""
    return TERM_RE.sub(lambda m: terms[m.group(1)], text)
