"""The phrase library's filter, the work plan's table and the 考核总结's length meter in real Chromium."""

import re
from urllib.parse import quote

from conftest import fill
from playwright.sync_api import expect

from macros.compose import compose, plain_text, section_lines

PLAN, SCHEDULE = "branch-work-plan", "schedule"
APPRAISAL = "annual-appraisal"


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(".phrase-list > .phrase-block:not([hidden])", "els => els.map(e => e.id)")


def test_filter_narrows_the_list_and_the_address_keeps_it(page, library):
    problems = [p for p in library.phrases.values() if p.function == "问题"]
    topic = max(library.topics, key=lambda t: sum(t in p.topics for p in problems))
    page.goto(f"library/problems/?topic={quote(topic)}")
    expect(page.locator("form.library-filter")).to_be_visible()
    wanted = [p.id for p in problems if topic in p.topics]
    assert visible_ids(page) == wanted and 0 < len(wanted) < len(problems)
    expect(page.locator(".filter-count")).to_have_text(f"显示 {len(wanted)} / {len(problems)} 条")
    # then by report type as well: the address follows, so the narrowed list can be linked to
    kind = "self-examination"
    page.select_option("select[name=type]", kind)
    both = [p.id for p in problems if topic in p.topics and kind in p.types]
    assert visible_ids(page) == both
    assert f"type={kind}" in page.url and "topic=" in page.url
    page.select_option("select[name=topic]", "")
    assert visible_ids(page) == [p.id for p in problems if kind in p.types]
    assert not page.outside_requests and not page.errors


def test_a_link_to_one_block_shows_it_whatever_the_filter(page, library):
    block = next(p for p in library.phrases.values() if p.function == "措施" and "work-plan" not in p.types)
    page.goto(f"library/measures/?type=work-plan#{block.id}")
    expect(page.locator(f"[id='{block.id}']")).to_be_visible()


def test_without_javascript_every_block_shows(browser, served, library):
    context = browser.new_context(base_url=served, java_script_enabled=False)
    page = context.new_page()
    page.goto("library/causes/?topic=nothing")
    assert page.locator(".phrase-list > .phrase-block:visible").count() == sum(
        p.function == "原因" for p in library.phrases.values())
    assert not page.locator("form.library-filter").is_visible()
    context.close()


def test_plan_table_fills_and_copies_as_a_table(page, clipboard, library):
    family = library.families[PLAN]
    page.goto(f"families/{PLAN}/{SCHEDULE}/")
    table = page.locator(".report table.report-table")
    expect(table).to_be_visible()
    rows = table.locator("tr")
    assert rows.count() >= 9  # a header and a row a month or quarter
    slot = table.locator(".slot").first
    name = slot.get_attribute("data-slot")
    fill(page, name, "张某某")
    expect(slot).to_have_text("张某某")
    page.locator(".report .copy-button").click()
    expect(page.locator(".report .copy-button")).to_have_text("已复制")  # the clipboard is written (as in the reader tests)
    content = clipboard(page)
    expected = plain_text(section_lines(family, SCHEDULE, library)).replace(f"【{name}】", "张某某")
    assert content["text/plain"] == expected
    assert "\t" in content["text/plain"]  # tab-separated cells: Word and WPS paste them as a table
    html = content["text/html"]
    assert "<table" in html and "<th" in html and "border:1px solid" in html and "张某某" in html
    assert not page.outside_requests and not page.errors


def test_appraisal_counts_the_length_as_the_reader_fills_in(page, library):
    family = library.families[APPRAISAL]
    low, high = family.target_chars
    page.goto(f"families/{APPRAISAL}/")
    page.locator("details.fill-panel > summary").click()
    meter = page.locator(".length-meter output")
    expect(meter).to_contain_text("全文")
    text = "".join(line.text for line in compose(family, library, title=False))
    before = int(meter.inner_text().split()[1])
    assert before == len(re.sub(r"\s", "", text))  # unfilled, each slot counts as its 【名称】
    name = page.locator(".fill-panel input[data-slot]").first.get_attribute("data-slot")
    fill(page, name, "甲" * 2000)
    after = int(meter.inner_text().split()[1])
    assert after - before == text.count(f"【{name}】") * (2000 - len(f"【{name}】"))
    expect(meter).to_contain_text("超出")
    assert before < high and low < high
