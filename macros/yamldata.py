"""Reading the data files: line-aware, bounded YAML and the checks every kind of entry shares.

Pure module: no MkDocs import. `Checker` collects every problem as one line of the form

    docs/data/phrases/problems.yml:42: problems.foo: unknown slot 【党员数】 (did you mean 【党员人数】?)

and each kind of data (terms.py, library.py) reads its files through `Checker.read` and checks its
fields with `Checker.text`, `Checker.date`, `Checker.name` …
"""

from __future__ import annotations

import collections
import datetime
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SLOT_RE = re.compile(r"【([^【】\s]+)】")
TERM_RE = re.compile(r"\{\{\s*terms\.(\w+)\s*\}\}")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names that become headings, anchors, ids or URL parameters (topics, domains, slots): Chinese or
# ASCII letters and digits, and the few marks real names use. Nothing a browser reads as markup.
NAME_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z“”·、（）〈〉《》—-]{1,24}$")
# Data text is plain text. Tags, entities, Markdown (emphasis, headings, code, links, images),
# URLs and Jinja are rejected at load.
MARKUP_RE = re.compile(r"<\s*[A-Za-z/!?]|&#?\w+;|[`*#]|\]\s*\(|!\[|\b(?:javascript|vbscript|data|https?|ftp|file)\s*:"
                       r"|www\.|\{%|%\}|\{\{|\}\}", re.IGNORECASE)
MAX_FILE_BYTES = 1 << 20  # a data file: the largest real one is under 100 KB
MAX_TEXT = 1000  # characters in one text field: the longest real block is about 300
MAX_DEPTH = 20  # YAML nesting: a family file with four heading levels needs 14


class DataError(Exception):
    """Every problem found while loading the data, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Where:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def _closest(name: str, known, n: int) -> list[str]:
    """The known names most like `name`: at most n, none much further off than the best."""
    scored = sorted(((difflib.SequenceMatcher(None, name, k).ratio(), k) for k in known), reverse=True)
    best = scored[0][0] if scored else 0
    return [k for ratio, k in scored[:n] if ratio >= 0.5 and ratio >= best - 0.15]


def suggest(name: str, known) -> str:
    close = _closest(name, known, 3)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def suggest_slot(name: str, known) -> str:
    close = _closest(name, sorted(known), 1)
    return f" (did you mean 【{close[0]}】?)" if close else ""


# --------------------------------------------------------------------------- YAML with line numbers


_STR = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG


class Map(dict):
    """A YAML mapping that remembers the line it starts on."""

    line = 0


class List(list):
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


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Map:
    result = Map()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        result[key] = _construct(loader, value_node)
    return result


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> List:
    result = List(_construct(loader, child) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as error:  # 2026-11-31
        raise yaml.constructor.ConstructorError(None, None, f"'{node.value}' is not a real date ({error})",
                                                node.start_mark) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _check_graph(root: yaml.Node) -> None:
    """Reject aliases (a node reached twice: the shape of an alias bomb) and deep nesting, before anything is built."""
    seen: set[int] = set()
    queue = collections.deque([(root, 1)])  # breadth first: an alias is met before the depth it builds
    while queue:
        node, depth = queue.popleft()
        if id(node) in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "the value on this line is used again through an alias (*name); aliases are not allowed "
                            "in data files: write the value out", node.start_mark)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"nested deeper than {MAX_DEPTH} levels", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            queue.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            queue.extend((child, depth + 1) for child in node.value)


def load_yaml(text: str) -> Any:
    """Parse one YAML document with line numbers; raises yaml.YAMLError (with a mark) on any fault."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_graph(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def line_of(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


# --------------------------------------------------------------------------- checking


class Checker:
    """Collects problems; each check returns a cleaned value (or an empty one after reporting)."""

    def __init__(self, root: Path, today: datetime.date | None = None):
        self.root = root
        self.today = today or datetime.date.today()
        self.problems: list[str] = []
        self.slot_names: set[str] = set()
        self.term_names: set[str] = set()
        # What did not load (a file that does not parse): references into it are not reported again.
        self.broken: set[str] = set()

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def fail(self, where: Where, entry: str, message: str) -> None:
        self.problems.append(f"{where}: {entry}: {message}" if entry else f"{where}: {message}")

    def read(self, path: Path, kind: str) -> Any:
        """The file's data, or None after reporting why not (`kind` is then marked broken)."""
        file = self.rel(path)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.fail(Where(file, 0), "", f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} a data file may have "
                                          "(split it, or check that nothing was pasted in by mistake)")
        else:
            try:
                return load_yaml(path.read_text(encoding="utf-8"))
            except yaml.MarkedYAMLError as error:
                mark = error.problem_mark or error.context_mark
                line = mark.line + 1 if mark else 0
                what = " ".join(str(p) for p in (error.context, error.problem) if p)
                if error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
                    what += f" (the {error.context.split()[-1] if error.context else 'block'} opens on line " \
                            f"{error.context_mark.line + 1})"
                self.fail(Where(file, line), "", f"malformed YAML: {what}")
            except (yaml.YAMLError, UnicodeDecodeError) as error:
                self.fail(Where(file, 0), "", f"malformed YAML: {error}")
        self.broken.add(kind)
        return None

    def text(self, where: Where, entry: str, field: str, value: Any, *, required: bool = True,
             terms: bool = True, slots: bool = True) -> str:
        """A plain-text field: one paragraph, not blank, no markup, known slots (unless `slots` is off:
        a draft checker's example may hold a 【】 the library does not have) and terms."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            self.fail(where, entry, f"field '{field}' must be text, got {type(value).__name__}")
            return ""
        raw = value or ""
        value = raw.strip()  # str.strip() also takes full-width spaces (U+3000)
        if not value:
            if required:
                self.fail(where, entry, f"field '{field}' is blank (only spaces)" if raw
                          else f"missing required field '{field}'")
            return ""
        if len(value) > MAX_TEXT:
            self.fail(where, entry, f"field '{field}' has {len(value):,} characters, more than {MAX_TEXT:,} "
                                    "(one paragraph of a report is rarely over 400)")
            return ""
        if "\n" in value:
            self.fail(where, entry, f"field '{field}' must be one paragraph (no line breaks)")
        plain = TERM_RE.sub("", value) if terms else value
        if match := MARKUP_RE.search(plain):
            self.fail(where, entry, f"markup in field '{field}': '{match.group(0)}' (text must be plain; "
                                    "write slots as 【名称】 and terms as {{ terms.name }})")
        if slots and "slots" not in self.broken:
            for name in SLOT_RE.findall(value):
                if name not in self.slot_names:
                    self.fail(where, entry, f"unknown slot 【{name}】{suggest_slot(name, self.slot_names)}")
        if terms and "terms" not in self.broken:
            for name in TERM_RE.findall(value):
                if name not in self.term_names:
                    self.fail(where, entry, f"unknown term 'terms.{name}'{suggest(name, self.term_names)}")
        return value

    def name(self, where: Where, entry: str, what: str, value: Any) -> str:
        """A name that becomes a heading, an anchor or a URL parameter."""
        value = value if isinstance(value, str) else str(value)
        if not NAME_RE.match(value):
            self.fail(where, entry, f"{what} '{value}' may only hold Chinese or ASCII letters, digits and “”·、（）— "
                                    f"(1 to 24 of them): it becomes a heading and an anchor")
        return value

    def date(self, where: Where, entry: str, field: str, value: Any) -> datetime.date:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            if value > self.today:
                self.fail(where, entry, f"field '{field}' is {value}, a date in the future (today is {self.today})")
            return value
        if value is None:
            self.fail(where, entry, f"missing required field '{field}'")
        else:
            self.fail(where, entry, f"field '{field}' must be a date like 2026-11-29, got {value!r}")
        return datetime.date.min

    def choice(self, where: Where, entry: str, field: str, value: Any, allowed) -> str:
        if value is None:
            self.fail(where, entry, f"missing required field '{field}'")
        elif value not in allowed:
            self.fail(where, entry, f"{field} must be one of {'、'.join(allowed)}, got {value!r}")
        return value if value in allowed else ""

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
        if len(set(value)) != len(value):
            self.fail(where, entry, f"field '{field}' names the same item twice")
        return tuple(value)

    def unknown_fields(self, where: Where, entry: str, mapping: dict, allowed: set[str]) -> None:
        for key in mapping:
            if key not in allowed:
                self.fail(where, entry, f"unknown field '{key}'{suggest(str(key), allowed)}")

    def mapping(self, path: Path, kind: str, what: str) -> Map | None:
        """A file that must hold a mapping (a registry)."""
        data = self.read(path, kind)
        if data is None:
            return None
        if not isinstance(data, dict):
            self.fail(Where(self.rel(path), 1), "", f"{what} must be a mapping")
            self.broken.add(kind)
            return None
        return data
