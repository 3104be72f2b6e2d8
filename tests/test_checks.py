"""Unit tests of the draft checker's rules (macros/checks.py, docs/data/checks.yml and superseded.yml),
without MkDocs or a browser. The same rules run in the browser (tests/test_browser_check.py)."""

import re

import pytest
from conftest import FIXTURES, problems_of

from macros import library as lib_mod
from macros.checks import BUILTIN_KINDS, checker_data, portability_problem, words_pattern
from macros.library import replace_terms


@pytest.fixture(scope="module")
def rules(library):
    return {r.id: r for r in library.checks}


def test_every_kind_is_written_and_each_builtin_once(rules):
    kinds = [r.kind for r in rules.values()]
    assert all(kinds.count(k) == 1 for k in BUILTIN_KINDS)
    assert {"blank", "pitfall", "year", "superseded"} <= set(kinds)


@pytest.mark.parametrize("rule_id", ["blank-bracket", "blank-x", "blank-someone", "blank-fill-note", "blank-underline",
                                     "pitfall-colloquial-apology", "pitfall-review-request", "pitfall-modesty",
                                     "pitfall-self-praise", "pitfall-worn-formula", "pitfall-spoken", "pitfall-halfwidth-punctuation",
                                     "year-opening", "year-title", "year-this-year", "superseded-poverty-battle",
                                     "superseded-xiaokang", "superseded-epidemic", "superseded-centenary"])
def test_pattern_rule_finds_its_example_and_not_its_near_miss(rules, library, rule_id):
    rule = rules[rule_id]
    year = max(library.term_history.report_year, rule.retired or 0)
    assert rule.example and rule.near_miss
    assert rule.finds(rule.example, year), rule.example
    assert not rule.finds(rule.near_miss, year), rule.near_miss


def test_every_pattern_rule_has_a_test(rules):
    tested = test_pattern_rule_finds_its_example_and_not_its_near_miss.pytestmark[0].args[1]
    assert sorted(tested) == sorted(r.id for r in rules.values() if r.pattern)


def test_blanks_are_each_reported(rules):
    assert rules["blank-x"].found("全年召开X次，覆盖率XX%，×××同志", 2026) == ["X", "XX", "×××"]
    assert rules["blank-bracket"].found("【党员人数】人，【】", 2026) == ["【党员人数】", "【】"]


def test_superseded_wording_counts_only_from_its_year(rules):
    rule = rules["superseded-epidemic"]
    assert rule.finds(rule.example, 2023) and not rule.finds(rule.example, 2022)


def test_year_rule_reports_only_another_year(rules):
    rule = rules["year-opening"]
    assert rule.found("现将2025年度工作报告如下", 2026) == ["2025"]
    assert rule.found("现将2026年度工作报告如下", 2026) == []


# ---------------------------------------------------------------- patterns the two engines read alike


@pytest.mark.parametrize("pattern, reason", [
    (r"\d+年", "[0-9]"), (r"党\w+", "[0-9]"), (r"\s", "ASCII"), (r"\b党", "ASCII"), (r"党\Z", "anchor"),
    (r"(?P<year>20[0-9]{2})", "Python-only"), (r"(?i)word", "Python-only"), (r"(?>党)", "Python-only"),
    (r"党{,3}", "{0,n}"), (r"X++", "possessive"), (r"[]X]", "empty class"), (r"[[X]", "nested set"),
    ("\U00020000", "two characters"), (r"\0", "octal"),
])
def test_patterns_that_differ_in_javascript_are_refused(pattern, reason):
    assert reason in (portability_problem(pattern) or ""), pattern


@pytest.mark.parametrize("pattern", [r"【[^【】]{0,30}】", r"(?<![A-Za-z])X{1,4}(?![A-Za-z])", r"现将([0-9]{4})年",
                                     r"^([0-9]{4})年度?$", r"\(此处\)", r"[\]X]", r"(?:甲|乙)(?=丙)"])
def test_portable_patterns_pass(pattern):
    assert portability_problem(pattern) is None
    re.compile(pattern)


def test_words_are_found_as_written():
    pattern = words_pattern(("再上新台阶", "a+b", "(注)"))
    assert re.findall(pattern, "再上新台阶，a+b，(注)，aab") == ["再上新台阶", "a+b", "(注)"]
    assert portability_problem(pattern) is None


# ---------------------------------------------------------------- bad rules stop the load


RULE = """\
- id: {id}
  kind: {kind}
  {match}
  message: {message}
  guide: {guide}
  example: 甲乙丙
  near_miss: 丁戊己
"""


@pytest.fixture
def base_checks():
    return (FIXTURES / "base" / "docs" / "data" / "checks.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("fields, message", [
    ({"match": "pattern: 甲(乙"}, "docs/data/checks.yml:50: bad-rule: pattern does not compile: missing ), unterminated subpattern"),
    ({"match": r"pattern: '\d乙'"}, "docs/data/checks.yml:50: bad-rule: pattern would behave differently in the browser: "
                                   "Python reads \\d over all of Unicode"),
    ({"kind": "typo"}, "docs/data/checks.yml:50: bad-rule: unknown kind 'typo'"),
    ({"guide": "guide/nowhere.md#小节"}, "docs/data/checks.yml:50: bad-rule: guide: no page docs/guide/nowhere.md"),
    ({"message": "“{foundd}”"}, "docs/data/checks.yml:50: bad-rule: message: unknown placeholder {foundd}"),
    ({"match": "pattern: 庚"}, "docs/data/checks.yml:50: bad-rule: the rule does not find anything in its own example"),
    ({"match": "pattern: 甲|丁"}, "docs/data/checks.yml:50: bad-rule: the rule reports its near miss"),
    ({"match": "pattern: 甲?"}, "docs/data/checks.yml:50: bad-rule: pattern matches empty text"),
    ({"match": "words: [甲]\n  pattern: 乙"}, "give either 'pattern' (a regular expression) or 'words'"),
    ({"kind": "year", "match": "pattern: 甲"}, "a year rule's pattern has exactly one group"),
    ({"id": "blank-bracket"}, "docs/data/checks.yml:50: blank-bracket: duplicate rule id (first defined at docs/data/checks.yml:2)"),
    ({"kind": "length", "match": "pattern: 甲"}, "a length rule is built in: it takes no pattern or words"),
])
def test_bad_rule_is_reported_with_file_line_and_id(tmp_path, base_checks, fields, message):
    values = {"id": "bad-rule", "kind": "pitfall", "match": "pattern: 甲", "message": "“{found}”", "guide": "index.md"}
    values.update(fields)
    assert message in problems_of(tmp_path, checks_yml=base_checks + "\n" + RULE.format(**values))


def test_a_builtin_rule_cannot_go_missing(tmp_path, base_checks):
    text = base_checks[:base_checks.index("- id: repetition")]
    assert "the built-in rule kind 'repetition' must appear exactly once, found 0" in problems_of(tmp_path, checks_yml=text)


def test_superseded_wording_needs_its_year(tmp_path):
    text = """\
- id: superseded-demo
  words: [示例旧提法]
  message: 旧提法
  guide: index.md
  checked: 2026-12-02
  source: 测试用
  example: 示例旧提法
  near_miss: 示例新提法
"""
    assert "docs/data/superseded.yml:1: superseded-demo: retired must be the first report year" in problems_of(
        tmp_path, superseded_yml=text)


# ---------------------------------------------------------------- the checker's JSON


def test_checker_data_carries_rules_terms_and_lengths(library):
    data = checker_data(library.checks, library.term_history, library.families.values(), lambda g: "../../" + g)
    assert {r["id"] for r in data["rules"]} == {r.id for r in library.checks}
    stale_2026 = {v for s in data["stale"]["2026"] for v in s["values"]}
    assert "深入贯彻中央八项规定精神学习教育" in stale_2026 and "中央八项规定精神学习教育" in stale_2026
    assert "党的十九届五中全会" in stale_2026 and "树立和践行正确政绩观学习教育" not in stale_2026
    assert all(s["current"] == library.term_history.values[k] for k in library.term_history.terms
               for s in data["stale"]["2026"] if s["label"] == library.term_history.terms[k].label)
    review = next(f for f in data["families"] if f["id"] == "party-secretary-review")
    assert review["chars"] == [2000, 4000] and {"title": "主要工作", "heading": "主要工作", "share": [0.45, 0.65]} in review["sections"]
    assert next(f for f in data["families"] if f["id"] == "annual-appraisal")["chars"] == [800, 1500]


def test_the_same_history_gives_the_stale_names(library):
    """The checker's stale names are the terms history's, never a second list."""
    data = checker_data(library.checks, library.term_history, library.families.values(), str)
    assert {s["values"][0]: s["current"] for s in data["stale"]["2026"]} == library.term_history.stale(2026)


# ---------------------------------------------------------------- the site's own text passes its own checks


def test_model_text_and_right_examples_trip_no_rule(library):
    """Model text, notes, headings and 正 examples use none of the wording the checker reports
    (a 误 example and its reason may quote it)."""
    year = library.term_history.report_year
    rules = [r for r in library.checks if r.pattern and r.kind != "blank"]
    found = []

    def scan(where, entry, text):
        text = replace_terms(text, library.terms)
        found.extend(f"{where}: {entry}: {r.id}: {f}" for r in rules for f in r.found(text, year))

    for phrase in library.phrases.values():
        scan(phrase.where, phrase.id, phrase.text)
        scan(phrase.where, phrase.id, phrase.note)
    for family in library.families.values():
        for section in family.sections:
            texts = [section.heading or "", section.purpose] + [p.right for p in section.pitfalls]
            texts += [node.text for node in lib_mod.walk(section.body) if isinstance(node, lib_mod.Heading)]
            for text in texts:
                scan(section.where, f"{family.id}/{section.id}", text)
    assert not found, "\n".join(found)


def test_most_wrong_examples_are_caught(library):
    """The 误 examples of the family pages are the faults the checker is for: report how many it finds."""
    year = library.term_history.report_year
    wrong = [replace_terms(p.wrong, library.terms) for f in library.families.values() for s in f.sections for p in s.pitfalls]
    caught = [w for w in wrong if any(r.finds(w, year) for r in library.checks if r.pattern)]
    assert len(caught) >= 5, caught
