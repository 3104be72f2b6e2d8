"""Load and validate the phrase library: slots, topics, phrase blocks and family compositions.

Pure module: no MkDocs import. `load_library(data_dir, terms)` reads every YAML file once,
checks it, and returns an immutable `Library`; every problem found is collected and raised
together as one `LibraryError`, each line in the form

    docs/data/phrases/problems.yml:42: problems.foo: unknown slot 【党员数】 (did you mean 【党员人数】?)
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FUNCTIONS = ("开头", "成绩", "问题", "原因", "措施", "结尾", "过渡", "表态")
SLOT_KINDS = ("count", "percent", "money", "date", "year", "name", "text")
# Prefixes for in-paragraph sequences: 一是、二是… or 一要、二要…
ENUMERATIONS = ("是", "要")

SLOT_RE = re.compile(r"【([^【】\s]+)】")
TERM_RE = re.compile(r"\{\{\s*terms\.(\w+)\s*\}\}")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Phrase text is plain text. Tags, entities and Markdown/Jinja syntax are rejected at load.
MARKUP_RE = re.compile(r"<\s*[A-Za-z/!?]|&#?\w+;|[`*#]|\{%|%\}|\{\{|\}\}")


class LibraryError(Exception):
    """Every problem found while loading the library, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Where:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Slot:
    name: str
    kind: str
    group: str
    hint: str
    example: str
    where: Where


@dataclass(frozen=True)
class Avoid:
    wrong: str
    why: str


@dataclass(frozen=True)
class Phrase:
    id: str
    title: str
    function: str
    topics: tuple[str, ...]
    text: str
    note: str
    avoid: Avoid | None
    pairs: tuple[str, ...]
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

    @property
    def phrase_ids(self) -> tuple[str, ...]:
        return ((self.lead,) if self.lead else ()) + self.items


@dataclass(frozen=True)
class Heading:
    """A numbered heading one level below its parent, with the paragraphs and headings under it."""

    text: str
    body: tuple[Paragraph | Heading, ...]


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
    purpose: str
    agrees_with: tuple[str, ...]
    pitfalls: tuple[Pitfall, ...]
    body: tuple[Paragraph | Heading, ...]
    where: Where

    @functools.cached_property
    def phrase_ids(self) -> tuple[str, ...]:
        """The phrases of the section's model text, in reading order."""
        return tuple(pid for node in walk(self.body) if isinstance(node, Paragraph) for pid in node.phrase_ids)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key for compose()
class Family:
    id: str
    title: str
    short_title: str
    report_title: str
    occasion: str
    speaker: str
    audience: str
    length: str
    sections: tuple[Section, ...]
    where: Where

    @functools.cached_property
    def phrase_sections(self) -> dict[str, Section]:
        """Phrase id → the section whose model text has it (the last, if several have it)."""
        return {pid: section for section in self.sections for pid in section.phrase_ids}

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key for compose()
class Library:
    slots: dict[str, Slot]
    topics: dict[str, str]
    phrases: dict[str, Phrase]
    families: dict[str, Family]
    terms: dict[str, str]

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


def suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def walk(body) -> list[Paragraph | Heading]:
    """Every paragraph and heading in a body, depth first, in reading order."""
    out: list[Paragraph | Heading] = []
    for node in body:
        out.append(node)
        if isinstance(node, Heading):
            out.extend(walk(node.body))
    return out


# --------------------------------------------------------------------------- YAML with line numbers


_STR = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG


class _Map(dict):
    """A YAML mapping that remembers the line it starts on."""

    line = 0


class _List(list):
    line = 0


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader that records line numbers and rejects duplicate keys (libyaml's parser where PyYAML has it)."""

    def resolve(self, kind, value, implicit):
        # Most scalars here are Chinese text, and no implicit type (int, bool, null, …) starts with a
        # Chinese character: the same answer as PyYAML's search through its resolvers, without it.
        if (kind is yaml.ScalarNode and value and value[0] not in self.yaml_implicit_resolvers
                and None not in self.yaml_implicit_resolvers and not self.yaml_path_resolvers):
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """A node's value: a plain string (most values here) as written, anything else by PyYAML."""
    if type(node) is yaml.ScalarNode and node.tag == _STR:
        return node.value
    return loader.construct_object(node, deep=True)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = _construct(loader, value_node)
    return result


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> _List:
    result = _List(_construct(loader, child) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


def _line_of(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


# --------------------------------------------------------------------------- checking


class _Checker:
    """Collects problems; each check returns a cleaned value or None."""

    def __init__(self, root: Path, terms: dict[str, str]):
        self.root = root
        self.terms = terms
        self.problems: list[str] = []
        self.slot_names: set[str] = set()

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def fail(self, where: Where, entry: str, message: str) -> None:
        self.problems.append(f"{where}: {entry}: {message}" if entry else f"{where}: {message}")

    def read(self, path: Path) -> Any:
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 0
            what = " ".join(str(p) for p in (error.context, error.problem) if p)
            if error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
                what += f" (the {error.context.split()[-1] if error.context else 'block'} opens on line " \
                        f"{error.context_mark.line + 1})"
            self.fail(Where(self.rel(path), line), "", f"malformed YAML: {what}")
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            self.fail(Where(self.rel(path), 0), "", f"malformed YAML: {error}")
        return None

    def text(self, where: Where, entry: str, field: str, value: Any, *, required: bool = True) -> str:
        """A plain-text field: string, no markup, known slots and terms."""
        if value is None or value == "":
            if required:
                self.fail(where, entry, f"missing required field '{field}'")
            return ""
        if not isinstance(value, str):
            self.fail(where, entry, f"field '{field}' must be text, got {type(value).__name__}")
            return ""
        value = value.strip()
        if "\n" in value:
            self.fail(where, entry, f"field '{field}' must be one paragraph (no line breaks)")
        if match := MARKUP_RE.search(TERM_RE.sub("", value)):
            self.fail(where, entry, f"markup in field '{field}': '{match.group(0)}' (text must be plain; "
                                    "write slots as 【名称】 and terms as {{ terms.name }})")
        for name in SLOT_RE.findall(value):
            if name not in self.slot_names:
                self.fail(where, entry, f"unknown slot 【{name}】{suggest_slot(name, self.slot_names)}")
        for name in TERM_RE.findall(value):
            if name not in self.terms:
                self.fail(where, entry, f"unknown term 'terms.{name}'{suggest(name, self.terms)}")
        return value

    def date(self, where: Where, entry: str, field: str, value: Any) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        if value is None:
            self.fail(where, entry, f"missing required field '{field}'")
        else:
            self.fail(where, entry, f"field '{field}' must be a date like 2026-11-29, got {value!r}")
        return datetime.date.min

    def str_list(self, where: Where, entry: str, field: str, value: Any, *, required: bool) -> tuple[str, ...]:
        if value is None:
            if required:
                self.fail(where, entry, f"missing required field '{field}'")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(where, entry, f"field '{field}' must be a list of text")
            return ()
        if required and not value:
            self.fail(where, entry, f"field '{field}' must not be empty")
        return tuple(value)

    def unknown_fields(self, where: Where, entry: str, mapping: dict, allowed: set[str]) -> None:
        for key in mapping:
            if key not in allowed:
                self.fail(where, entry, f"unknown field '{key}'{suggest(str(key), allowed)}")


def suggest_slot(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
    return f" (did you mean 【{close[0]}】?)" if close else ""


# --------------------------------------------------------------------------- loaders per file kind


def _load_slots(check: _Checker, path: Path) -> dict[str, Slot]:
    data = check.read(path)
    file = check.rel(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        check.fail(Where(file, 1), "", "the slot registry must be a mapping of slot name to fields")
        return {}
    slots: dict[str, Slot] = {}
    for name, fields in data.items():
        where = Where(file, _line_of(fields, data.line))
        if not isinstance(fields, dict):
            check.fail(where, str(name), "a slot needs the fields kind, group, hint and example")
            continue
        check.unknown_fields(where, name, fields, {"kind", "group", "hint", "example"})
        kind = fields.get("kind")
        if kind not in SLOT_KINDS:
            check.fail(where, name, f"kind must be one of {', '.join(SLOT_KINDS)}, got {kind!r}")
        if SLOT_RE.fullmatch(f"【{name}】") is None:
            check.fail(where, name, "a slot name cannot contain spaces or 【】")
        example = fields.get("example")
        slots[name] = Slot(
            name=name,
            kind=kind,
            group=check.text(where, name, "group", fields.get("group")),
            hint=check.text(where, name, "hint", fields.get("hint")),
            example=check.text(where, name, "example", None if example is None else str(example)),
            where=where,
        )
    return slots


def _load_topics(check: _Checker, path: Path) -> dict[str, str]:
    data = check.read(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        check.fail(Where(check.rel(path), 1), "", "topics must be a mapping of topic to summary")
        return {}
    return {str(k): check.text(Where(check.rel(path), data.line), str(k), "summary", v) for k, v in data.items()}


PHRASE_FIELDS = {"id", "title", "function", "topics", "text", "note", "avoid", "pairs", "added", "reviewed"}


def _load_phrases(check: _Checker, path: Path, topics: dict[str, str],
                  phrases: dict[str, Phrase]) -> None:
    data = check.read(path)
    file = check.rel(path)
    if data is None:
        return
    if not isinstance(data, list):
        check.fail(Where(file, 1), "", "a phrase file must be a YAML list of blocks")
        return
    for raw in data:
        where = Where(file, _line_of(raw, data.line))
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
        function = raw.get("function")
        if function is None:
            check.fail(where, pid, "missing required field 'function'")
        elif function not in FUNCTIONS:
            check.fail(where, pid, f"function must be one of {'、'.join(FUNCTIONS)}, got {function!r}")
        block_topics = check.str_list(where, pid, "topics", raw.get("topics"), required=True)
        for topic in block_topics:
            if topic not in topics:
                check.fail(where, pid, f"unknown topic '{topic}'{suggest(topic, topics)}")
        avoid = None
        if (raw_avoid := raw.get("avoid")) is not None:
            if isinstance(raw_avoid, dict):
                check.unknown_fields(where, pid, raw_avoid, {"wrong", "why"})
                avoid = Avoid(
                    wrong=check.text(where, pid, "avoid.wrong", raw_avoid.get("wrong")),
                    why=check.text(where, pid, "avoid.why", raw_avoid.get("why")),
                )
            else:
                check.fail(where, pid, "field 'avoid' needs 'wrong' and 'why'")
        phrases[pid] = Phrase(
            id=pid,
            title=check.text(where, pid, "title", raw.get("title")),
            function=function,
            topics=block_topics,
            text=check.text(where, pid, "text", raw.get("text")),
            note=check.text(where, pid, "note", raw.get("note"), required=False),
            avoid=avoid,
            pairs=check.str_list(where, pid, "pairs", raw.get("pairs"), required=function == "问题"),
            added=check.date(where, pid, "added", raw.get("added")),
            reviewed=check.date(where, pid, "reviewed", raw.get("reviewed")),
            where=where,
        )


def _check_pairs(check: _Checker, phrases: dict[str, Phrase]) -> None:
    for phrase in phrases.values():
        if phrase.pairs and phrase.function != "问题":
            check.fail(phrase.where, phrase.id, "only 问题 blocks carry 'pairs'")
        for other in phrase.pairs:
            if other not in phrases:
                check.fail(phrase.where, phrase.id, f"pairs: unknown phrase id '{other}'{suggest(other, phrases)}")
        if phrase.function == "问题":
            paired = {phrases[p].function for p in phrase.pairs if p in phrases}
            for needed in ("原因", "措施"):
                if needed not in paired:
                    check.fail(phrase.where, phrase.id, f"pairs must name at least one {needed} block")


SECTION_FIELDS = {"id", "title", "heading", "purpose", "agrees_with", "pitfalls", "body"}
FAMILY_FIELDS = {"id", "title", "short_title", "report_title", "occasion", "speaker", "audience", "length",
                 "sections"}


def _load_body(check: _Checker, where: Where, entry: str, raw: Any, phrases: dict[str, Phrase],
               depth: int) -> tuple[Paragraph | Heading, ...]:
    if not isinstance(raw, list) or not raw:
        check.fail(where, entry, "body must be a non-empty list of paragraphs and headings")
        return ()
    nodes: list[Paragraph | Heading] = []
    for item in raw:
        at = Where(where.file, _line_of(item, where.line))
        if isinstance(item, list):  # shorthand: a plain list of phrase ids is one paragraph
            item = {"phrases": item}
        if not isinstance(item, dict):
            check.fail(at, entry, "a body item is a list of phrase ids, {phrases: …} or {heading: …, body: …}")
            continue
        if "heading" in item:
            check.unknown_fields(at, entry, item, {"heading", "body"})
            if depth >= 4:
                check.fail(at, entry, "headings nest at most four levels: 一、 （一） 1. （1）")
            text = check.text(at, entry, "heading", item.get("heading"))
            nodes.append(Heading(text, _load_body(check, at, entry, item.get("body"), phrases, depth + 1)))
            continue
        check.unknown_fields(at, entry, item, {"lead", "phrases", "enumerate", "numbered"})
        lead = item.get("lead")
        items = check.str_list(at, entry, "phrases", item.get("phrases"), required=True)
        enum = item.get("enumerate")
        if enum is not None and enum not in ENUMERATIONS:
            check.fail(at, entry, f"enumerate must be one of {', '.join(ENUMERATIONS)}, got {enum!r}")
        for pid in ((lead,) if lead else ()) + items:
            if pid not in phrases:
                check.fail(at, entry, f"unknown phrase id '{pid}'{suggest(pid, phrases)}")
        numbered = item.get("numbered", False)
        if not isinstance(numbered, bool):
            check.fail(at, entry, f"numbered must be true or false, got {numbered!r}")
        nodes.append(Paragraph(lead=lead, items=items, enumerate=enum, numbered=numbered is True))
    return tuple(nodes)


def _load_family(check: _Checker, path: Path, phrases: dict[str, Phrase]) -> Family | None:
    data = check.read(path)
    file = check.rel(path)
    if data is None:
        return None
    if not isinstance(data, dict):
        check.fail(Where(file, 1), "", "a family file must be a mapping")
        return None
    where = Where(file, data.line)
    fid = data.get("id")
    if fid != path.stem:
        check.fail(where, str(fid), f"family id must equal the file name '{path.stem}'")
    fid = path.stem
    check.unknown_fields(where, fid, data, FAMILY_FIELDS)
    meta = {key: check.text(where, fid, key, data.get(key))
            for key in ("title", "short_title", "report_title", "occasion", "speaker", "audience", "length")}
    sections: list[Section] = []
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        check.fail(where, fid, "missing required field 'sections'")
        raw_sections = []
    for raw in raw_sections:
        at = Where(file, _line_of(raw, where.line))
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
            pw = Where(file, _line_of(pit, at.line))
            if not isinstance(pit, dict):
                check.fail(pw, entry, "a pitfall needs 'wrong', 'right' and 'why'")
                continue
            check.unknown_fields(pw, entry, pit, {"wrong", "right", "why"})
            pitfalls.append(Pitfall(*(check.text(pw, entry, f"pitfalls.{k}", pit.get(k))
                                      for k in ("wrong", "right", "why"))))
        heading = raw.get("heading")
        sections.append(Section(
            id=raw["id"],
            title=check.text(at, entry, "title", raw.get("title")),
            heading=check.text(at, entry, "heading", heading) if heading is not None else None,
            purpose=check.text(at, entry, "purpose", raw.get("purpose")),
            agrees_with=check.str_list(at, entry, "agrees_with", raw.get("agrees_with"), required=False),
            pitfalls=tuple(pitfalls),
            body=_load_body(check, at, entry, raw.get("body"), phrases, depth=1 if heading is not None else 0),
            where=at,
        ))
    family = Family(id=fid, sections=tuple(sections), where=where, **meta)
    _check_family(check, family, phrases)
    return family


def _check_family(check: _Checker, family: Family, phrases: dict[str, Phrase]) -> None:
    ids = {s.id for s in family.sections}
    seen: dict[str, str] = {}
    for section in family.sections:
        entry = f"{family.id}/{section.id}"
        for other in section.agrees_with:
            if other not in ids or other == section.id:
                check.fail(section.where, entry, f"agrees_with: unknown section '{other}'{suggest(other, ids)}")
        for pid in section.phrase_ids:
            if pid in seen:
                check.fail(section.where, entry, f"phrase '{pid}' is already used in section '{seen[pid]}'")
            seen[pid] = section.id
    # Each problem in the model text must be answered by a cause and a measure in the same report.
    for pid, section_id in seen.items():
        phrase = phrases.get(pid)
        if phrase is None or phrase.function != "问题":
            continue
        for needed in ("原因", "措施"):
            if not any(p in seen and phrases[p].function == needed for p in phrase.pairs if p in phrases):
                check.fail(phrases[pid].where, pid, f"used in {family.id}/{section_id}, but none of its "
                                                    f"paired {needed} blocks is in that report")


# --------------------------------------------------------------------------- entry point


def load_library(data_dir: Path, terms: dict[str, str], root: Path | None = None) -> Library:
    """Load `data_dir` (slots.yml, topics.yml, phrases/*.yml, families/*.yml) and validate it all.

    `terms` are the time-bound names from mkdocs.yml `extra.terms`; `root` is the folder that
    file names in messages are relative to (the project folder).
    """
    data_dir = Path(data_dir)
    check = _Checker(Path(root or data_dir.parent.parent).resolve(), dict(terms))
    data_dir = data_dir.resolve()
    for required in ("slots.yml", "topics.yml"):
        if not (data_dir / required).is_file():
            check.fail(Where(check.rel(data_dir / required), 0), "", "file is missing")
    slots = _load_slots(check, data_dir / "slots.yml") if (data_dir / "slots.yml").is_file() else {}
    check.slot_names = set(slots)
    topics = _load_topics(check, data_dir / "topics.yml") if (data_dir / "topics.yml").is_file() else {}
    phrases: dict[str, Phrase] = {}
    for path in sorted((data_dir / "phrases").glob("*.yml")):
        _load_phrases(check, path, topics, phrases)
    _check_pairs(check, phrases)
    families: dict[str, Family] = {}
    for path in sorted((data_dir / "families").glob("*.yml")):
        if (family := _load_family(check, path, phrases)) is not None:
            families[family.id] = family
    if check.problems:
        raise LibraryError(check.problems)
    return Library(slots=slots, topics=topics, phrases=phrases, families=families, terms=dict(terms))


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in Path(data_dir).rglob("*.yml") if p.is_file())


_cache: dict[tuple, Library] = {}


def load_cached(data_dir: Path, terms: dict[str, str], root: Path | None = None) -> Library:
    """`load_library`, reused while no data file and no term has changed (for `mkdocs serve`)."""
    files = data_files(data_dir)
    key = (str(Path(data_dir).resolve()), tuple(sorted(terms.items())),
           tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_library(data_dir, terms, root)
    return _cache[key]


def replace_terms(text: str, terms: dict[str, str]) -> str:
    """Put the current value of each {{ terms.name }} into phrase text."""
    return TERM_RE.sub(lambda m: terms[m.group(1)], text)

