"""Unit tests of macros.library: loading, validation messages and the cache, without MkDocs."""

import datetime
import json
import os

from conftest import make_data, problems_of

from macros import library as lib_mod
from macros.library import FUNCTIONS, load_cached

PHRASE = """\
- id: opening.greeting
  title: 开头示例
  function: 开头
  voice: 本人
  tense: 回顾
  types: [demo-report]
  topics: [通用]
  text: {text}
  added: 2026-11-29
  reviewed: 2026-11-29
"""


# ---------------------------------------------------------------- the real library


def test_real_library_serves_the_first_family(library):
    family = library.families["party-secretary-review"]
    assert [s.id for s in family.sections] == ["opening", "work", "problems", "causes", "measures", "closing"]
    functions_used = {library.phrases[p].function for s in family.sections for p in s.phrase_ids}
    serving = [p for p in library.phrases.values() if p.function in functions_used]
    assert len(serving) >= 80
    assert {p.function for p in library.phrases.values()} <= set(FUNCTIONS)


def test_real_library_every_problem_pairs_with_cause_and_measure(library):
    for phrase in library.phrases.values():
        if phrase.function == "问题":
            paired = {library.phrases[p].function for p in phrase.pairs}
            assert {"原因", "措施"} <= paired, phrase.id


# ---------------------------------------------------------------- messages name file, entry and line


def test_duplicate_yaml_key_names_the_line(tmp_path):
    text = PHRASE.format(text="现将【年度】年度工作报告如下。") + "  title: 又一个标题\n"
    message = problems_of(tmp_path, phrases__opening_yml=text)
    assert "docs/data/phrases/opening.yml:11: malformed YAML" in message and "duplicate key 'title'" in message


def test_unknown_topic_and_field_suggest_the_nearest(tmp_path):
    text = PHRASE.format(text="现将报告如下。").replace("[通用]", "[通 用]") + "  notes: 多了一个s\n"
    message = problems_of(tmp_path, phrases__opening_yml=text)
    assert "opening.greeting: unknown topic '通 用' (did you mean '通用'?)" in message
    assert "opening.greeting: unknown field 'notes' (did you mean 'note'?)" in message


def test_unknown_term_is_reported(tmp_path):
    message = problems_of(tmp_path, phrases__opening_yml=PHRASE.format(text="学习{{ terms.congres }}精神。"))
    assert "docs/data/phrases/opening.yml:1: opening.greeting: unknown term 'terms.congres'" in message


def test_entities_markdown_and_jinja_are_markup(tmp_path):
    for i, text in enumerate(("甲&amp;乙。", "**加粗**。", "{% if x %}甲{% endif %}", "{{ page.title }}")):
        message = problems_of(tmp_path / str(i), phrases__opening_yml=PHRASE.format(text=json.dumps(text)))
        assert "markup in field 'text'" in message, text


def test_problem_needs_pairs_to_cause_and_measure(tmp_path):
    problem = """\
    - id: problems.thin
      title: 问题示例
      function: 问题
      voice: 通用
      tense: 回顾
      types: [demo-report]
      topics: [通用]
      text: 工作还不够扎实。
      pairs: [opening.greeting, problems.nope]
      added: 2026-11-29
      reviewed: 2026-11-29
    """
    message = problems_of(tmp_path, phrases__problems_yml=problem)
    assert "problems.thin: pairs: unknown phrase id 'problems.nope'" in message
    assert "problems.thin: pairs must name at least one 原因 block" in message
    assert "problems.thin: pairs must name at least one 措施 block" in message


def test_id_must_match_file_and_date_must_be_a_date(tmp_path):
    text = PHRASE.format(text="现将报告如下。").replace("opening.greeting", "closing.Greeting").replace(
        "added: 2026-11-29", "added: 昨天")
    message = problems_of(tmp_path, phrases__opening_yml=text)
    assert "closing.Greeting: id must look like 'opening.kebab-case-name'" in message
    assert "field 'added' must be a date like 2026-11-29, got '昨天'" in message


FAMILY = """\
id: demo
title: 示例报告
short_title: 示例
report_type: demo-report
voice: 本人
tense: 回顾
report_title: 【年度】年度示例报告
occasion: 场合
speaker: 述职人
audience: 听取对象
length: 篇幅
due: 年底
sections:
  - id: opening
    title: 开头
    purpose: 交代依据。
    agrees_with: [closing]
    body:
      - [opening.greting]
signature: false
"""


def test_family_reports_unknown_phrase_and_section(tmp_path):
    message = problems_of(tmp_path, families__demo_yml=FAMILY)
    assert "docs/data/families/demo.yml:19: demo/opening: unknown phrase id 'opening.greting' " \
           "(did you mean 'opening.greeting'?)" in message
    assert "demo/opening: agrees_with: unknown section 'closing'" in message


def test_family_id_must_match_file_name(tmp_path):
    text = FAMILY.replace("id: demo", "id: other").replace("opening.greting", "opening.greeting").replace(
        "agrees_with: [closing]", "agrees_with: []")
    assert "family id must equal the file name 'demo'" in problems_of(tmp_path, families__demo_yml=text)


def test_all_problems_are_reported_at_once(tmp_path):
    text = PHRASE.format(text="【党员数】<b>粗</b>").replace("  title: 开头示例\n", "")
    message = problems_of(tmp_path, phrases__opening_yml=text)
    assert len(message.splitlines()) == 3


# ---------------------------------------------------------------- cache


def test_cache_reloads_only_when_a_file_changes(tmp_path):
    data = make_data(tmp_path)
    first = load_cached(data, root=tmp_path)
    assert load_cached(data, root=tmp_path) is first
    phrases = data / "phrases" / "opening.yml"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace("开头示例", "开头示例甲"), encoding="utf-8")
    os.utime(phrases, ns=(1, 1))
    second = load_cached(data, root=tmp_path)
    assert second is not first and second.phrases["opening.greeting"].title == "开头示例甲"
    lib_mod._cache.clear()


def test_library_paths_are_relative_to_the_project(library):
    assert str(library.phrases["opening.standard-arrangement"].where).startswith("docs/data/phrases/opening.yml:")


# ---------------------------------------------------------------- one mistake, one error


def test_a_file_that_does_not_parse_is_its_only_error(tmp_path):
    """The base family uses opening.greeting: it is not reported as unknown when opening.yml is broken."""
    message = problems_of(tmp_path, phrases__opening_yml="- id: opening.greeting\n  topics: [通用\n")
    assert len(message.splitlines()) == 1 and "malformed YAML" in message


def test_a_broken_slot_registry_does_not_make_every_slot_unknown(tmp_path):
    message = problems_of(tmp_path, slots_yml="党员人数: [\n")
    assert len(message.splitlines()) == 1 and "slots.yml" in message


def test_names_are_checked_as_names(tmp_path):
    message = problems_of(tmp_path, slots_yml="'<b>党员</b>':\n  kind: count\n  group: 基本信息\n  hint: 甲\n  example: '1'\n")
    assert "slot name '<b>党员</b>' may only hold" in message


def test_a_voice_other_than_the_families_fails_at_its_line(tmp_path):
    text = PHRASE.format(text="现将报告如下。").replace("voice: 本人", "voice: 我们")
    assert "opening.greeting: voice must be one of 本人、本单位、通用, got '我们'" in problems_of(
        tmp_path, phrases__opening_yml=text)


# ---------------------------------------------------------------- the terms history


def test_term_values_follow_the_report_year(library):
    campaign = library.term_history.terms["campaign"]
    assert campaign.at(2025).value == "深入贯彻中央八项规定精神学习教育"
    assert campaign.at(2026).value == "树立和践行正确政绩观学习教育"
    assert campaign.at(2020).value == "“不忘初心、牢记使命”主题教育" and campaign.at(2018) is None
    stale = library.term_history.stale(2026)
    assert stale["党纪学习教育"] == "树立和践行正确政绩观学习教育" and "党的二十大" not in stale
    assert all(v.checked <= datetime.date.today() and v.source for t in library.term_history.terms.values()
               for v in t.history)


def test_report_year_without_a_value_in_force(tmp_path):
    terms = "report_year: 2026\nterms:\n  congress:\n    label: 甲\n    history:\n" \
            "      - {value: 示例大会, from: 2027, checked: 2026-11-29, source: 测试}\n"
    message = problems_of(tmp_path, terms_yml=terms)
    assert "congress: no value in force for report_year 2026" in message


# ---------------------------------------------------------------- the nav follows the report types


def test_nav_must_list_families_by_report_type(library):
    from macros.render import expected_nav, nav_problem

    good = [{"首页": "index.md"}, {"范本": expected_nav(library)}]
    assert nav_problem(library, good) is None
    flat = [{"首页": "index.md"}, {"范本": ["families/index.md"] + [e for group in expected_nav(library)[1:]
                                                                   for e in next(iter(group.values()))]}]
    problem = nav_problem(library, flat)
    assert problem.startswith("mkdocs.yml: nav: the families must be listed by report type")
    assert "families/party-secretary-review/opening.md" in problem  # the entry to paste


# ---------------------------------------------------------------- search words (docs/data/search.yml)


def test_real_search_words_load(library):
    groups = {word: group for group in library.search.synonyms for word in group}
    assert {"下步措施", "下一步打算", "下步打算", "今后努力方向", "下一步工作思路"} <= set(groups["下步措施"])
    assert groups["表态"] == groups["决心"] and groups["序号"] == groups["层次序数"] == groups["标题层级"]
    assert {"怎么", "如何", "写", "的", "吗"} <= set(library.search.ignore)
    assert "三会一课" not in groups  # a whole term of the dictionary, found as it is written


def test_search_words_are_checked(tmp_path):
    message = problems_of(tmp_path, search_yml="""\
        synonyms:
          - [表态, 决心]
          - [结尾]
          - 结束语
          - [word, Word]
          - [开头, 开 篇]
        ignore: [怎么, 决心]
        synonym: []
        """)
    assert "docs/data/search.yml:1: unknown field 'synonym' (did you mean 'synonyms'?)" in message
    assert "search.yml:3: synonyms[2]: the group holds only '结尾': a synonym group needs two words or more" in message
    assert "search.yml:2: synonyms[3]: a group must be a list of words, e.g. [表态, 决心]" in message
    assert "search.yml:5: synonyms[4]: 'Word' is in the group twice" in message  # Latin words in any case
    assert "search.yml:6: synonyms[5]: '开 篇' is not a search word: Chinese or ASCII letters and digits only" in message
    assert "search.yml:7: ignore: '决心' is in synonyms[1] (line 2): a word to ignore cannot also be a synonym" in message
