"""Unit tests of macros.compose and macros.render: numbering, one source, escaping."""

import re

import pytest

from macros.compose import chinese_number, compose, heading_number, plain_text, section_lines
from macros.library import SLOT_RE
from macros.render import prose_slots, slot_html, text_html


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

```text
【未登记】在代码块里原样保留
```

~~~
`【未登记】`
~~~

- 列表里也是填空项：【年度】年
"""


def test_slots_written_in_a_page_become_slots_outside_code(library):
    out = prose_slots(PAGE, lambda name: slot_html(name, library))
    assert out.count('data-slot="党员人数"') == 1 and out.count('data-slot="年度"') == 1
    assert "`【党员人数】`" in out and "【未登记】在代码块里原样保留" in out and "`【未登记】`" in out
    assert prose_slots("没有填空项的页面", None) == "没有填空项的页面"


def test_an_unknown_slot_in_a_page_gives_its_line(library):
    def slot(name):
        if name not in library.slots:
            raise KeyError(f"unknown slot 【{name}】")
        return slot_html(name, library)

    with pytest.raises(KeyError) as error:
        prose_slots(PAGE + "\n第二段【党员数】。\n", slot)
    assert error.value.args == ("unknown slot 【党员数】", 15)  # the 15th line of the text
