"""Unit tests of macros.compose, macros.render and macros.pages: numbering, one source, escaping, page marks."""

import re

import pytest

from macros import pages
from macros.compose import chinese_number, compose, heading_number, plain_text, section_lines
from macros.library import SLOT_RE
from macros.render import slot_html, text_html


@pytest.mark.parametrize("n, expected", [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")])
def test_chinese_numbers(n, expected):
    assert chinese_number(n) == expected


def test_heading_levels_follow_the_gongwen_sequence():
    assert [heading_number(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]


def test_report_numbering(library):
    family = library.families["party-secretary-review"]
    lines = compose(family, library)
    assert lines[0].kind == "title"
    level_one = [line.text for line in lines if line.kind == "heading" and line.level == 1]
    assert level_one == ["一、主要工作", "二、存在的主要问题及原因", "三、下步工作思路和主要措施"]
    work = [line.number for line in section_lines(family, "work", library) if line.level == 2]
    assert work == [f"（{chinese_number(i)}）" for i in range(1, len(work) + 1)] and len(work) >= 5
    problems = [line.number for line in section_lines(family, "problems", library) if line.number]
    assert problems[1:] == [f"（{chinese_number(i)}）" for i in range(1, len(problems))]
    causes = plain_text(section_lines(family, "causes", library))
    count = len(family.section("causes").body[0].items)
    assert all(f"{chinese_number(i)}是" in causes for i in range(1, count + 1))
    assert f"{chinese_number(count + 1)}是" not in causes


def test_terms_are_filled_and_slots_kept(library):
    text = plain_text(compose(library.families["party-secretary-review"], library))
    assert "{{" not in text and library.terms["congress"] in text
    assert set(SLOT_RE.findall(text)) <= set(library.slots)


def test_text_html_escapes_and_highlights(library):
    html = text_html("甲<script>alert(1)</script>&【党员人数】", library)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert re.search(r'<span class="slot" data-slot="党员人数" title="[^"<>]+">【党员人数】</span>', html)


def test_unknown_section_is_a_key_error(library):
    with pytest.raises(KeyError):
        section_lines(library.families["party-secretary-review"], "summary", library)



PAGE = """# 标题

全单位现有党员【党员人数】名，`【党员人数】` 是写法。

{{ box("甲", "乙") }}

```text
【未登记】{{ box("代码") }}在代码块里原样保留
```

~~~
`【未登记】`
~~~

- 列表里也是填空项：【年度】年，{{ terms.congress }}，{{box()}}
"""


def around_jinja(page, library, **macros):
    """The page as pages.py leaves it for Jinja, and after it (Jinja itself left out)."""
    def call(name, *args):
        if name == "slot":
            if args[0] not in library.slots:
                raise KeyError(f"unknown slot 【{args[0]}】")
            return slot_html(args[0], library)
        return macros[name](*args)

    hidden = pages.hide(page, lambda name: name in macros)
    return hidden, pages.show(hidden, call)


def test_a_page_gets_its_slots_and_plain_calls_outside_code(library):
    hidden, out = around_jinja(PAGE, library, box=lambda *args: f"<b>{'|'.join(args)}【年度】</b>")
    assert "【党员人数】名" not in hidden and '{{ box("甲", "乙") }}' not in hidden  # Jinja does not see them
    assert hidden.count("\x02") == 4  # two slots and a call in the text, one slot in the list
    assert out.count('data-slot="党员人数"') == 1 and out.count('data-slot="年度"') == 1
    assert "<b>甲|乙【年度】</b>" in out and "<b>【年度】</b>" in out  # what a macro returns is not read again
    assert "`【党员人数】`" in out and '【未登记】{{ box("代码") }}在代码块里原样保留' in out and "`【未登记】`" in out
    assert "{{ terms.congress }}" in out  # not a call: Jinja's
    assert '{{ box("甲", "乙") }}' in around_jinja(PAGE, library, other=str)[1]  # not a known macro: Jinja's
    assert pages.hide("没有填空项的页面", None) == pages.show("没有填空项的页面", None) == "没有填空项的页面"


def test_calls_are_left_to_jinja_where_the_page_has_statements(library):
    hidden, out = around_jinja(PAGE + "{% if true %}{{ box() }}{% endif %}\n", library, box=lambda *args: "BOX")
    assert "BOX" not in out and 'data-slot="年度"' in out


def test_a_page_error_gives_its_line(library):
    with pytest.raises(KeyError) as error:
        around_jinja(PAGE + "\n第二段【党员数】。\n", library, box=lambda *args: "")
    assert error.value.args == ("unknown slot 【党员数】", 17)  # the 17th line of the text

    def lookup(phrase_id, *rest):
        raise KeyError(f"unknown phrase id '{phrase_id}'")

    with pytest.raises(KeyError) as error:
        around_jinja(PAGE, library, box=lookup)
    assert error.value.args == ("box('甲', '乙'): unknown phrase id '甲'", 5)
    with pytest.raises(KeyError) as error:
        around_jinja(PAGE, library, box=lambda one: one)
    assert error.value.args[1] == 5 and "box('甲', '乙'): " in error.value.args[0]


# ---------------------------------------------------------------- one escaping path

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>[x](javascript:alert(4))"\'&'


def hostile_library():
    """A library whose every string field holds markup and a javascript: link, built without the loader
    (which would refuse it): what reaches a page must still be text."""
    import datetime

    from macros.checks import Rule
    from macros.library import (
        Avoid,
        Family,
        Heading,
        Library,
        Paragraph,
        Phrase,
        Pitfall,
        ReportType,
        Section,
        Slot,
        Table,
        Where,
    )
    from macros.terms import Term, Terms, TermValue

    day = datetime.date(2026, 11, 29)
    where = Where("x.yml", 1)
    slot = "槽<script>alert(1)</script><img/src=x/onerror=alert(2)>[x](javascript:alert(4))"
    text = f"{EVIL}【{slot}】{{{{ terms.t }}}}"

    def phrase(pid, function, pairs=()):
        return Phrase(pid, EVIL, function, "通用", "通用", ("evil",), (EVIL,), (EVIL,), text, EVIL, Avoid(EVIL, EVIL),
                      pairs, (), day, day, where)

    phrases = {p.id: p for p in (phrase("problems.a", "问题", ("causes.a", "measures.a")), phrase("causes.a", "原因"),
                                 phrase("measures.a", "措施"), phrase("problems.b", "问题", ("causes.a", "measures.a")),
                                 phrase("problems.c", "问题", ("causes.a", "measures.a")))}
    body = (Paragraph(None, ("problems.a",), None, True), Heading(EVIL, (Paragraph("causes.a", ("measures.a",), "是"),)),
            Table((EVIL, EVIL), ((text, EVIL),)))
    sections = (Section("one", EVIL, EVIL, "回顾", EVIL, ("two",), (Pitfall(EVIL, EVIL, EVIL),), body, where),
                Section("two", EVIL, None, "回顾", EVIL, ("one",), (Pitfall(EVIL, EVIL, EVIL),),
                        (Paragraph(None, ("problems.b",), None),), where))
    family = Family("evil", EVIL, EVIL, "evil", "本人", "回顾", text, EVIL, EVIL, EVIL, EVIL, EVIL, sections, where)
    terms = Terms(2026, {"t": Term("t", EVIL, (TermValue(EVIL, day, EVIL, day, EVIL, True, where),))})
    return Library(slots={slot: Slot(slot, "text", EVIL, EVIL, EVIL, "", where)}, topics={EVIL: EVIL},
                   domains={EVIL: EVIL}, report_types={"evil": ReportType("evil", EVIL, EVIL)}, phrases=phrases,
                   families={"evil": family}, term_history=terms,
                   checks=(Rule("evil", "pitfall", EVIL, EVIL, EVIL, "guide/x.md#" + EVIL, EVIL, EVIL, where),))


def test_every_string_from_the_data_reaches_the_page_as_text():
    import markdown
    from bs4 import BeautifulSoup

    from macros import render

    library = hostile_library()
    family = library.families["evil"]
    one, two = family.sections

    def href(src, anchor=None):
        return src + (f"#{anchor}" if anchor else "")

    outputs = [
        render.model_text(library, family, one), render.full_report(library, family), render.family_facts(family, href),
        render.family_outline(library, family, href), render.section_purpose(one, library),
        render.alternatives(library, family, two, href), render.pitfalls(library, family, one),
        render.agreement(library, family, one, href), render.phrase_block(library.phrases["problems.b"], library, href,
                                                                         anchor=True, link_library=True),
        render.library_function(library, "问题", href), render.library_by_topic(library, href),
        render.library_stats(library, href), render.catalogue(library, href), render.slot_table(library),
        render.slot_table(library, family), render.reader_tools(library, family).replace("<!--deferred-html", ""),
        render.word_downloads(family, "a.docx", "z.js"), render.terms_table(library.term_history),
        render.draft_checker(library, "rules.json").replace("<!--deferred-html", ""), render.check_rules(library, href),
    ]
    for out in outputs:
        html = markdown.markdown(out, extensions=["attr_list", "tables", "md_in_html"])
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find_all(["script", "img", "svg"]), out[:300]
        for tag in soup.find_all(True):
            assert not [k for k in tag.attrs if k.startswith("on")], tag
            assert not any("javascript:" in str(v) for k, v in tag.attrs.items() if k in ("href", "src")), tag
        shown = soup.get_text() + " ".join(str(v) for tag in soup.find_all(True) for v in tag.attrs.values())
        assert "<script>alert(1)</script>" in shown, out[:300]  # the data came through, as text
