"""The draft checker's rules: docs/data/checks.yml and docs/data/superseded.yml, loaded and validated.

Pure module: no MkDocs import. The checker page (tools/check/) runs the rules in the reader's browser
from one JSON file, `checker_data()`, which also carries the terms history (stale names by report year)
and each family's usual length. A rule is written once, in the data; the code knows only its kind.

Patterns are regular expressions that Python and JavaScript read alike: the build compiles each one,
refuses the forms the two engines read differently (`portability_problem`), and runs each rule's
example (which it must find) and near miss (which it must not) through Python's engine.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from pathlib import Path

from pymdownx.slugs import slugify

from .terms import Terms
from .yamldata import SLUG_RE, Checker, Where, line_of

# kind → (what the summary counts it as, placeholders its message may use)
PATTERN_KINDS = {
    "blank": ("未填内容", {"found"}),
    "pitfall": ("用语", {"found"}),
    "year": ("年度", {"found", "year"}),
}
SUPERSEDED = ("过时提法", {"found", "retired"})
BUILTIN_KINDS = {  # each written exactly once in checks.yml; what they look for is code (check.js)
    "stale-term": ("过时提法", {"found", "current", "label", "year"}),
    "numbering-order": ("序号", {"found", "missing"}),
    "numbering-sequence": ("序号", {"found", "expected"}),
    "numbering-style": ("序号", {"found", "expected"}),
    "enumeration": ("序号", {"found", "expected"}),
    "length": ("篇幅", {"count", "low", "high", "family"}),
    "section-share": ("篇幅", {"section", "share", "low", "high"}),
    "repetition": ("重复", {"previous"}),
}
NEEDS_EXAMPLES = set(PATTERN_KINDS) | {"superseded"}
RULE_FIELDS = {"id", "kind", "pattern", "words", "message", "suggestion", "guide", "example", "near_miss", "min_chars"}
SUPERSEDED_FIELDS = (RULE_FIELDS - {"kind", "min_chars"}) | {"retired", "checked", "source"}
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
HEADING_RE = re.compile(r"^#{1,6}[ \t]+(.+?)(?:[ \t]+\{#([\w-]+)\})?[ \t#]*$", re.MULTILINE)
SLUGIFY = slugify(case="lower")  # as mkdocs.yml's toc writes a heading's anchor
YEARS_BACK = 3  # the checker offers report years from report_year - 3 to report_year + 1 (a plan's year)
MAX_PATTERN = 500


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    pattern: str  # a regular expression both engines read alike ("" for a built-in kind)
    message: str
    suggestion: str
    guide: str  # docs path with an optional #anchor: guide/register.md#请予评议怎么说
    example: str
    near_miss: str
    where: Where
    retired: int | None = None  # superseded wording: the first report year it is out of date
    min_chars: int | None = None  # repetition
    checked: datetime.date | None = None
    source: str = ""

    @property
    def group(self) -> str:
        return (SUPERSEDED if self.kind == "superseded" else {**PATTERN_KINDS, **BUILTIN_KINDS}[self.kind])[0]

    def found(self, text: str, year: int) -> list[str]:
        """What this pattern rule reports in one paragraph of a report on `year` (check.js does the same)."""
        if not self.pattern or (self.retired and year < self.retired):
            return []
        matches = re.finditer(self.pattern, text)
        if self.kind == "year":
            return [m.group(1) for m in matches if int(m.group(1)) != year]
        return [m.group(0) for m in matches]

    def finds(self, text: str, year: int) -> bool:
        return any(self.found(line, year) for line in text.splitlines())


# --------------------------------------------------------------------------- patterns

_ESCAPES = {
    **dict.fromkeys("dDwWsSbB", "Python reads \\{c} over all of Unicode, JavaScript only over ASCII: "
                                "write the characters out, like [0-9] or [A-Za-z]"),
    **dict.fromkeys("AZzG", "\\{c} is an anchor JavaScript does not have: write ^ or $"),
    **dict.fromkeys("pPNkKhHvVRX", "\\{c} means different things in Python and JavaScript (or nothing in one of them)"),
}
_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")


def portability_problem(pattern: str) -> str | None:
    """Why `pattern` would behave differently in JavaScript (flag g, no u) than in Python, or None."""
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if ord(c) > 0xFFFF:
            return f"'{c}' is outside the Basic Multilingual Plane: JavaScript counts it as two characters"
        if c == "\\":
            n = pattern[i + 1:i + 2]
            if n in _ESCAPES:
                return _ESCAPES[n].format(c=n)
            if n == "0" or (n.isdigit() and pattern[i + 2:i + 3].isdigit()):
                return f"\\{n}… is an octal escape or a backreference past 9, read differently in the two engines"
            i += 2
            continue
        if in_class:
            if c == "[":
                return "a [ inside a character class: write \\[ (Python reads [[ as the start of a nested set)"
            if c == "]":
                in_class = False
        elif c == "[":
            start = i + 2 if pattern[i + 1:i + 2] == "^" else i + 1
            if pattern[start:start + 1] == "]":
                return "a class that starts with ]: Python reads a literal ], JavaScript an empty class; write \\]"
            in_class, i = True, start
            continue
        elif c == "(" and pattern[i + 1:i + 2] == "?" and not pattern.startswith(_GROUPS, i):
            return (f"'{pattern[i:i + 4]}…' is Python-only (named groups, inline flags, comments, atomic groups): "
                    "use (?:…), (?=…), (?!…), (?<=…) or (?<!…)")
        elif c in "*+?}" and pattern[i + 1:i + 2] == "+" and pattern[i - 1:i] != "\\":
            return f"'{c}+' is a possessive quantifier: Python 3.11 has it, JavaScript does not"
        elif c == "{" and pattern[i + 1:i + 2] == ",":
            return "'{,n}' is a quantifier in Python and plain text in JavaScript: write {0,n}"
        i += 1
    return None


def anchors_of(page: Path) -> frozenset[str]:
    """The anchors of a page's headings (```-fenced code left out), read again when the page changes."""
    return _anchors(page, page.stat().st_mtime_ns)


@functools.cache
def _anchors(page: Path, _mtime: int) -> frozenset[str]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    return frozenset(m.group(2) or SLUGIFY(m.group(1), "-") for m in HEADING_RE.finditer(text))


def words_pattern(words: tuple[str, ...]) -> str:
    """One pattern for a list of words, each found as written (the longest first)."""
    return "|".join(re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\1", w) for w in sorted(words, key=len, reverse=True))


# --------------------------------------------------------------------------- loading


def _template(check: Checker, where: Where, entry: str, field: str, value, allowed: set[str], required: bool) -> str:
    text = check.text(where, entry, field, value, required=required, terms=False, slots=False)
    for name in PLACEHOLDER_RE.findall(text):
        if name not in allowed:
            check.fail(where, entry, f"{field}: unknown placeholder {{{name}}} (this kind has "
                                     f"{', '.join('{' + a + '}' for a in sorted(allowed))})")
    if PLACEHOLDER_RE.sub("", text).count("{") or PLACEHOLDER_RE.sub("", text).count("}"):
        check.fail(where, entry, f"{field}: a lone brace; placeholders are written {{name}}")
    return text


def _example(check: Checker, where: Where, entry: str, field: str, value, required: bool) -> str:
    """An example draft: plain text, several lines allowed (a line is a paragraph)."""
    if value is None:
        if required:
            check.fail(where, entry, f"missing required field '{field}' (the build runs it through the rule)")
        return ""
    lines = [check.text(where, entry, field, line, slots=False, terms=False) for line in str(value).split("\n")]
    return "\n".join(lines)


def _pattern(check: Checker, where: Where, entry: str, kind: str, raw: dict) -> str:
    pattern, words = raw.get("pattern"), raw.get("words")
    if kind in BUILTIN_KINDS:
        if pattern is not None or words is not None:
            check.fail(where, entry, f"a {kind} rule is built in: it takes no pattern or words")
        return ""
    if (pattern is None) == (words is None):
        check.fail(where, entry, "give either 'pattern' (a regular expression) or 'words' (a list of words)")
        return ""
    if words is not None:
        found = check.str_list(where, entry, "words", words, required=True)
        return words_pattern(tuple(check.text(where, entry, "words", w, terms=False, slots=False) for w in found))
    if not isinstance(pattern, str) or not pattern.strip():
        check.fail(where, entry, "pattern must be a regular expression written as text")
        return ""
    if len(pattern) > MAX_PATTERN:
        check.fail(where, entry, f"pattern has {len(pattern)} characters, more than {MAX_PATTERN}")
        return ""
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        check.fail(where, entry, f"pattern does not compile: {error}")
        return ""
    if problem := portability_problem(pattern):
        check.fail(where, entry, f"pattern would behave differently in the browser: {problem}")
        return ""
    if compiled.search(""):
        check.fail(where, entry, "pattern matches empty text: it would report every place in the draft")
        return ""
    if kind == "year" and compiled.groups != 1:
        check.fail(where, entry, f"a year rule's pattern has exactly one group, (…), round the year; it has {compiled.groups}")
        return ""
    return pattern


def _rule(check: Checker, where: Where, raw, seen: dict[str, Rule], docs_dir: Path, superseded: bool) -> Rule | None:
    if not isinstance(raw, dict):
        check.fail(where, "", "each rule is a mapping with id, kind, message, guide …")
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not SLUG_RE.match(rid):
        check.fail(where, str(rid or ""), "a rule's id is English kebab-case, like blank-bracket")
        return None
    if rid in seen:
        check.fail(where, rid, f"duplicate rule id (first defined at {seen[rid].where})")
        return None
    check.unknown_fields(where, rid, raw, SUPERSEDED_FIELDS if superseded else RULE_FIELDS)
    if superseded:
        kind, (_, placeholders) = "superseded", SUPERSEDED
    else:
        kinds = {**PATTERN_KINDS, **BUILTIN_KINDS}
        kind = raw.get("kind")
        if kind == "superseded":
            check.fail(where, rid, "superseded wording goes in docs/data/superseded.yml, with the year it went out of use")
            return None
        if kind not in kinds:
            check.fail(where, rid, f"unknown kind {kind!r} (one of {', '.join(kinds)})")
            return None
        placeholders = kinds[kind][1]
    guide = raw.get("guide")
    if not isinstance(guide, str) or not guide.strip():
        check.fail(where, rid, "missing required field 'guide' (the guide page that explains the rule)")
        guide = ""
    elif not (docs_dir / guide.split("#")[0]).is_file() or not guide.split("#")[0].endswith(".md"):
        check.fail(where, rid, f"guide: no page docs/{guide.split('#')[0]} (write a page path like guide/register.md#小节)")
    elif (anchor := guide.partition("#")[2]) and anchor not in anchors_of(docs_dir / guide.partition("#")[0]):
        check.fail(where, rid, f"guide {guide}: the page has no heading with that anchor")
    rule = Rule(
        id=rid, kind=kind,
        pattern=_pattern(check, where, rid, kind, raw),
        message=_template(check, where, rid, "message", raw.get("message"), placeholders, True),
        suggestion=_template(check, where, rid, "suggestion", raw.get("suggestion"), placeholders, False),
        guide=guide,
        example=_example(check, where, rid, "example", raw.get("example"), kind in NEEDS_EXAMPLES),
        near_miss=_example(check, where, rid, "near_miss", raw.get("near_miss"), kind in NEEDS_EXAMPLES),
        where=where,
    )
    if kind == "repetition":
        n = raw.get("min_chars")
        if not isinstance(n, int) or isinstance(n, bool) or not 5 <= n <= 200:
            check.fail(where, rid, f"min_chars must be a number of characters from 5 to 200, got {n!r}")
            n = 15
        rule = dataclasses.replace(rule, min_chars=n)
    elif "min_chars" in raw:
        check.fail(where, rid, "min_chars is only for the repetition rule")
    if superseded:
        retired = raw.get("retired")
        if not isinstance(retired, int) or isinstance(retired, bool) or not 1949 <= retired <= check.today.year + 1:
            check.fail(where, rid, f"retired must be the first report year the wording is out of date, like 2021, got {retired!r}")
            retired = None
        rule = dataclasses.replace(rule, retired=retired, checked=check.date(where, rid, "checked", raw.get("checked")),
                        source=check.text(where, rid, "source", raw.get("source"), terms=False, slots=False))
    return rule


def _check_examples(check: Checker, rule: Rule, year: int) -> None:
    """The build runs each pattern rule on its own example (it must report it) and near miss (it must not)."""
    if not rule.pattern:
        return
    at = year if rule.retired is None else max(year, rule.retired)
    if rule.example and not rule.finds(rule.example, at):
        check.fail(rule.where, rule.id, f"the rule does not find anything in its own example {rule.example!r}")
    if rule.near_miss and rule.finds(rule.near_miss, at):
        check.fail(rule.where, rule.id, f"the rule reports its near miss {rule.near_miss!r}, which it must not")


def load_checks(check: Checker, data_dir: Path, terms: Terms) -> tuple[Rule, ...]:
    """checks.yml, then superseded.yml; every problem goes to `check`."""
    docs_dir = data_dir.parent
    rules: dict[str, Rule] = {}
    for name, superseded in (("checks.yml", False), ("superseded.yml", True)):
        path = data_dir / name
        file = check.rel(path)
        if not path.is_file():
            check.fail(Where(file, 0), "", "file is missing (the draft checker's rules)")
            continue
        data = check.read(path, f"checks:{name}")
        if data is None:
            continue
        if not isinstance(data, list) or not data:
            check.fail(Where(file, 1), "", "the rules file must be a YAML list of rules")
            continue
        for raw in data:
            if (rule := _rule(check, Where(file, line_of(raw, data.line)), raw, rules, docs_dir, superseded)) is not None:
                rules[rule.id] = rule
                _check_examples(check, rule, terms.report_year)
        if not superseded and "checks:checks.yml" not in check.broken:
            for kind in BUILTIN_KINDS:
                count = sum(r.kind == kind for r in rules.values())
                if count != 1:
                    check.fail(Where(file, 1), "", f"the built-in rule kind '{kind}' must appear exactly once, "
                                                   f"found {count} (its message and guide link live here)")
    return tuple(rules.values())


# --------------------------------------------------------------------------- the checker's JSON


def checker_years(terms: Terms) -> list[int]:
    """The report years the checker offers, newest last: a few past years and the year a plan is for."""
    return list(range(terms.report_year - YEARS_BACK, terms.report_year + 2))


def checker_data(rules, terms: Terms, families, link) -> dict:
    """Everything the checker page needs, as one JSON-ready dict; `link(guide)` gives a guide's URL from that page."""
    groups = {kind: group for kind, (group, _) in {**PATTERN_KINDS, **BUILTIN_KINDS, "superseded": SUPERSEDED}.items()}
    stale = {}
    for year in checker_years(terms):
        stale[str(year)] = [{"values": [old.value, *old.aliases], "current": now.value, "label": term.label}
                            for term, old, now in terms.superseded(year)]
    return {
        "report_year": terms.report_year,
        "groups": groups,
        "rules": [{"id": r.id, "kind": r.kind, "pattern": r.pattern, "message": r.message, "suggestion": r.suggestion,
                   "guide": link(r.guide), "retired": r.retired, "min_chars": r.min_chars} for r in rules],
        "stale": stale,
        "families": [{"id": f.id, "title": f.title, "short_title": f.short_title, "tense": f.tense,
                      "chars": list(f.usual_chars) if f.usual_chars else None,
                      "sections": [{"title": s.title, "heading": s.heading, "share": list(s.share) if s.share else None}
                                   for s in f.sections if s.heading]}
                     for f in families],
    }
