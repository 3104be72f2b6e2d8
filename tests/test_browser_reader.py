"""Reader tools in real Chromium: copy, fill-in panel, hide guidance, print, no JavaScript."""

import re

import pytest
from conftest import fill, search_for
from playwright.sync_api import expect

from macros.compose import compose, plain_text, section_lines

FAMILY = "families/party-secretary-review/"
OPENING = FAMILY + "opening/"
XSS = "<img src=x onerror=alert(1)>"


def slot_texts(page, name: str) -> list[str]:
    return page.locator(f".md-content .slot[data-slot='{name}']").all_text_contents()


# ---------------------------------------------------------------- copy


def test_copy_puts_plain_text_and_gongwen_html_on_the_clipboard(page, clipboard, library):
    page.goto(OPENING)
    button = page.locator(".report .copy-button")
    button.click()
    expect(button).to_have_text("已复制")
    content = clipboard(page)
    family = library.families["party-secretary-review"]
    assert content["text/plain"] == plain_text(section_lines(family, "opening", library))
    html = content["text/html"]
    assert "仿宋_GB2312" in html and "font-size:16pt" in html and "text-indent:2em" in html
    assert "background:#ffff00" in html  # unfilled slots stand out in Word as in the .docx
    assert not page.outside_requests and not page.errors


def test_copy_whole_report_and_one_phrase(page, clipboard, library):
    page.goto(FAMILY)
    page.locator(".report .copy-button").click()
    expect(page.locator(".report .copy-button")).to_have_text("已复制")
    text = clipboard(page)["text/plain"]
    family = library.families["party-secretary-review"]
    assert text == plain_text(compose(family, library))
    assert "三、下步工作思路和主要措施" in text and len(text.splitlines()) > 20
    html = clipboard(page)["text/html"]
    assert "方正小标宋简体" in html and "22pt" in html and "黑体" in html and "楷体_GB2312" in html

    page.goto(FAMILY + "work/")
    block = page.locator(".phrase-block").first
    block.locator(".copy-button").click()
    expect(block.locator(".copy-button")).to_have_text("已复制")
    assert clipboard(page)["text/plain"] == block.locator(".phrase-text").inner_text()


def test_copy_works_without_a_secure_context(page, insecure, clipboard, served):
    """Over plain HTTP navigator.clipboard is missing; the copy-event fallback still fills both flavours."""
    page.goto(insecure + OPENING)
    assert page.evaluate("window.isSecureContext") is False
    assert page.evaluate("typeof navigator.clipboard") == "undefined"
    page.evaluate("""() => { window.copied = null;
        window.addEventListener('copy', e => { window.copied = {
            text: e.clipboardData.getData('text/plain'), html: e.clipboardData.getData('text/html') }; }); }""")
    page.locator(".report .copy-button").click()
    expect(page.locator(".report .copy-button")).to_have_text("已复制")
    copied = page.evaluate("window.copied")
    assert copied["text"].startswith("根据【上级党委】") and "仿宋_GB2312" in copied["html"]
    # and it reached the real clipboard: read it back from a secure page in the same browser
    reader = page.context.new_page()
    reader.goto(served)
    assert clipboard(reader)["text/plain"] == copied["text"]
    assert not page.outside_requests and not page.errors


def test_keyboard_only_copy(page, clipboard):
    page.goto(OPENING)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('copy-button')"):
            break
    else:
        pytest.fail("no copy button reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")  # a visible focus ring
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_text("已复制")
    assert clipboard(page)["text/plain"]


def test_copy_with_empty_slots_warns_and_still_copies(page, clipboard):
    page.goto(OPENING)
    fill(page, "年度", "2025")
    page.locator(".report .copy-button").click()
    expect(page.locator(".report .copy-status")).not_to_be_empty()
    status = page.locator(".report .copy-status").inner_text()
    assert "尚未填写" in status and "【上级党委】" in status and "【年度】" not in status
    text = clipboard(page)["text/plain"]
    assert "2025年度" in text and "【上级党委】" in text


# ---------------------------------------------------------------- fill in the blanks


def test_typing_fills_every_occurrence(page):
    page.goto(FAMILY)
    assert page.locator(".reader-tools").is_visible()
    before = len(slot_texts(page, "党员人数"))
    fill(page, "党员人数", "48")
    fill(page, "本年度中心工作", "示例防汛任务")
    assert slot_texts(page, "党员人数") == ["48"] * before and before >= 2
    assert set(slot_texts(page, "本年度中心工作")) == {"示例防汛任务"} and len(slot_texts(page, "本年度中心工作")) >= 3
    count = page.locator(".fill-count").inner_text()
    total, empty = map(int, re.findall(r"\d+", count))
    assert empty == total - 2


def test_values_survive_reload_and_navigation_then_clear(page):
    page.goto(FAMILY)
    fill(page, "上级党委", "示例区委")
    page.reload()
    assert page.input_value("input[data-slot='上级党委']") == "示例区委"
    assert set(slot_texts(page, "上级党委")) == {"示例区委"}
    # instant navigation: the page changes without a reload and the values follow
    page.evaluate("window.marker = 1")
    page.locator(".md-nav__link[href$='opening/']").first.click()
    page.wait_for_url(re.compile(r"opening/$"))
    expect(page.locator("article h1")).to_have_id("开头")  # the new page's content is in place
    page.locator(".report .copy-button").wait_for()
    assert page.evaluate("window.marker") == 1
    assert set(slot_texts(page, "上级党委")) == {"示例区委"}
    page.locator("details.fill-panel > summary").click()
    page.locator(".fill-clear").click()
    assert set(slot_texts(page, "上级党委")) == {"【上级党委】"}
    assert page.evaluate("localStorage.getItem('baogao:fill:party-secretary-review')") is None
    page.reload()
    assert page.input_value("input[data-slot='上级党委']") == ""


def test_reader_input_is_text_never_markup(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(FAMILY)
    fill(page, "本年度中心工作", XSS)
    assert set(slot_texts(page, "本年度中心工作")) == {XSS}
    assert page.locator(".md-content img").count() == 0
    page.reload()
    assert set(slot_texts(page, "本年度中心工作")) == {XSS}
    assert page.input_value("input[data-slot='本年度中心工作']") == XSS
    assert not dialogs and not [r for r in page.requests if r.endswith("/x")]


# ---------------------------------------------------------------- guidance, print, no JavaScript


def test_hide_guidance_is_remembered(page):
    page.goto(FAMILY + "problems/")
    page.locator(".guidance-toggle").click()
    assert not page.locator("h2#写作要点").is_visible()
    assert page.locator(".report").is_visible() and page.locator("h1").is_visible()
    page.reload()
    assert page.locator(".guidance-toggle").get_attribute("aria-pressed") == "true"
    assert not page.locator("h2#写作要点").is_visible()
    page.locator(".guidance-toggle").click()
    assert page.locator("h2#写作要点").is_visible()


def test_print_view_is_clean(page):
    page.goto(FAMILY)
    fill(page, "年度", "2025")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search", ".reader-tools", ".copy-button"):
        assert not page.locator(hidden).first.is_visible(), hidden
    filled = page.locator(".report .slot.filled").first
    blank = page.locator(".report .slot:not(.filled)").first
    assert filled.is_visible() and blank.is_visible()
    assert filled.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    style = blank.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).textDecorationLine]")
    assert style == ["rgba(0, 0, 0, 0)", "underline"]
    assert "仿宋" in page.locator(".report").evaluate("e => getComputedStyle(e).fontFamily")


def test_without_javascript_text_and_slots_remain(browser, served):
    context = browser.new_context(base_url=served, java_script_enabled=False)
    page = context.new_page()
    page.goto(FAMILY)
    assert page.locator(".report").is_visible()
    slot = page.locator(".report .slot").first
    assert re.fullmatch(r"【.+】", slot.inner_text()) and slot.is_visible()
    assert slot.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert not page.locator(".reader-tools").is_visible()
    context.close()


def test_only_same_origin_requests(page, served):
    page.goto(FAMILY)
    fill(page, "党员人数", "48")
    page.locator(".report .copy-button").click()
    search_for(page, "三会一课")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.requests and all(url.startswith(served) for url in page.requests)
    assert not page.outside_requests
