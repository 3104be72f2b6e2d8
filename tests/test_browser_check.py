"""稿件体检 (tools/check/) in real Chromium: drafts pasted and dropped, findings by rule and paragraph,
clicking a finding, hostile drafts and bad files, and that nothing is sent anywhere."""

import base64
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from macros.compose import compose

DRAFTS = Path(__file__).parent / "drafts"
CHECK = "tools/check/"


def ready(page, url: str = CHECK):
    page.goto(url)
    page.wait_for_function("() => window.baogaoCheck && window.baogaoCheck.check")
    expect(page.locator("form.draft-check")).to_be_visible()


def findings(page) -> list[tuple[str, int]]:
    return page.eval_on_selector_all(
        ".check-finding", "els => els.map(e => [e.getAttribute('data-rule'), Number(e.getAttribute('data-line'))])")


def paste(page, text: str) -> list[tuple[str, int]]:
    page.fill("#check-draft", text)
    page.wait_for_function("() => document.querySelector('.check-summary').textContent !== ''")
    page.wait_for_timeout(250)  # the check runs 150 ms after the last keystroke
    return [tuple(f) for f in findings(page)]


def drop(page, data: bytes, name: str):
    """Drop a file on the text box, as a reader drags one from the desktop."""
    handle = page.evaluate_handle("""([b64, name]) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name));
        return dt;
    }""", [base64.b64encode(data).decode(), name])
    page.dispatch_event("#check-draft", "drop", {"dataTransfer": handle})


def docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- one draft per kind of rule


DRAFT_FINDINGS = {
    "blank.txt": [("blank-x", 2), ("blank-bracket", 2), ("blank-someone", 3), ("blank-x", 3), ("blank-fill-note", 4),
                  ("blank-underline", 4)],
    "stale.txt": [("stale-term", 1), ("stale-term", 1), ("stale-term", 2)],
    "superseded.txt": [("superseded-poverty-battle", 1), ("superseded-epidemic", 2)],
    "numbering.txt": [("numbering-order", 2), ("numbering-sequence", 4), ("numbering-style", 5), ("enumeration", 7),
                      ("numbering-sequence", 8)],
    "pitfall.txt": [("pitfall-self-praise", 1), ("pitfall-worn-formula", 1), ("pitfall-spoken", 2), ("pitfall-spoken", 2),
                    ("pitfall-review-request", 3), ("pitfall-modesty", 3), ("pitfall-colloquial-apology", 3),
                    ("pitfall-colloquial-apology", 3), ("pitfall-halfwidth-punctuation", 4)],
    "year.txt": [("year-title", 1), ("year-opening", 2), ("year-this-year", 3)],
    "repetition.txt": [("repetition", 3)],
    "clean.txt": [],
}


@pytest.mark.parametrize("draft", sorted(DRAFT_FINDINGS))
def test_pasted_draft_gets_its_findings(page, draft):
    ready(page)
    assert sorted(paste(page, (DRAFTS / draft).read_text(encoding="utf-8"))) == sorted(DRAFT_FINDINGS[draft])
    if draft == "clean.txt":
        expect(page.locator(".check-summary")).to_contain_text("没有发现问题")
    assert not page.errors and not page.outside_requests


def test_stale_names_are_named_with_the_current_one(page, library):
    ready(page)
    paste(page, (DRAFTS / "stale.txt").read_text(encoding="utf-8"))
    first = page.locator(".check-finding[data-rule='stale-term']").first
    expect(first).to_contain_text(library.terms["plenary"])
    expect(page.locator(".check-finding[data-rule='stale-term']").nth(2)).to_contain_text(library.terms["campaign"])


def test_length_and_share_with_a_family(page):
    ready(page)
    page.select_option("select[name=family]", "party-secretary-review")
    found = paste(page, (DRAFTS / "length.txt").read_text(encoding="utf-8"))
    assert ("length", 0) in found and ("section-share", 2) in found
    expect(page.locator(".check-finding[data-rule='section-share']")).to_contain_text("主要工作")
    page.select_option("select[name=family]", "")
    page.wait_for_timeout(100)
    assert not {r for r, _ in findings(page)} & {"length", "section-share"}  # no family, no length check


def test_an_old_report_gets_a_finding_for_each_fault(page, library):
    """A 2020-era 述职报告 checked for 2026: the title and opening year, the plenary session, the campaign, the
    plan, the wording of the epidemic and 小康 years, the X placeholders, the numbering and the closing."""
    ready(page)
    found = paste(page, (DRAFTS / "old-report-2020.txt").read_text(encoding="utf-8"))
    rules = {r for r, _ in found}
    assert {"year-title", "year-opening", "stale-term", "blank-x", "enumeration", "numbering-sequence", "numbering-style",
            "superseded-epidemic", "superseded-xiaokang", "pitfall-worn-formula", "pitfall-review-request",
            "pitfall-colloquial-apology"} <= rules
    stale = page.locator(".check-finding[data-rule='stale-term']")
    assert stale.count() == 3  # 十九届五中全会, “不忘初心、牢记使命”主题教育, “十三五”规划
    summary = page.locator(".check-summary").text_content()
    assert summary.startswith(f"共发现 {len(found)} 处") and "过时提法" in summary and "未填内容" in summary


def test_clicking_a_finding_selects_its_place(page):
    ready(page)
    paste(page, (DRAFTS / "old-report-2020.txt").read_text(encoding="utf-8"))
    item = page.locator(".check-finding[data-rule='stale-term']").first
    item.locator(".check-goto").click()
    expect(item).to_have_class("check-finding current")
    selected = page.evaluate("() => { const t = document.activeElement; return t.value.slice(t.selectionStart, t.selectionEnd); }")
    assert selected == "十九届五中全会"
    assert page.evaluate("document.activeElement.id") == "check-draft"


def test_a_plan_is_checked_against_the_year_it_is_for(page, library):
    year = library.term_history.report_year
    ready(page, f"{CHECK}?family=branch-work-plan")
    assert page.input_value("select[name=year]") == str(year + 1)
    assert paste(page, f"{year + 1}年度党支部工作计划") == []
    assert paste(page, f"{year}年度党支部工作计划") == [("year-title", 1)]


# ---------------------------------------------------------------- the rules' own examples, in the browser's engine


def test_every_rule_finds_its_example_and_not_its_near_miss(page, library):
    ready(page)
    results = page.evaluate("""(rules) => rules.map(([id, example, nearMiss, year]) => [id,
        window.baogaoCheck.check(example, {year}).some(f => f.rule === id),
        window.baogaoCheck.check(nearMiss, {year}).some(f => f.rule === id)])""",
        [[r.id, r.example, r.near_miss, max(library.term_history.report_year, r.retired or 0)]
         for r in library.checks if r.example])
    assert len(results) >= 20
    assert [r for r in results if not (r[1] and not r[2])] == []


def test_the_terms_history_gives_every_stale_name(page, library):
    ready(page)
    year = library.term_history.report_year
    for old, new in library.term_history.stale(year).items():
        found = page.evaluate("([text, year]) => window.baogaoCheck.check(text, {year})", [f"学习贯彻{old}。", year])
        assert [f["rule"] for f in found] == ["stale-term"] and new in found[0]["suggestion"], old


def test_the_site_s_own_model_text_trips_only_its_blanks(page, library):
    ready(page)
    for family in library.families.values():
        text = "\n".join(line.text for line in compose(family, library))
        found = page.evaluate("(text) => window.baogaoCheck.check(text, {})", text)
        assert {f["rule"] for f in found} == {"blank-bracket"}, (family.id, [f for f in found if f["rule"] != "blank-bracket"])


# ---------------------------------------------------------------- files


def test_a_dropped_docx_is_read_with_its_table(page):
    ready(page)
    data = docx(["2026年度党支部工作计划", "一、重点任务", "（一）开展树立和践行正确政绩观学习教育。"],
                table=[["时间", "工作内容"], ["3月", "召开支部委员会X次"]])
    drop(page, data, "计划.docx")
    expect(page.locator(".check-file-status")).to_contain_text("已读取“计划.docx”，共 5 段")
    assert page.input_value("#check-draft").splitlines()[-1] == "3月\t召开支部委员会X次"
    assert [tuple(f) for f in findings(page)] == [("blank-x", 5)]


def test_a_chosen_docx_is_read(page):
    ready(page)
    page.set_input_files("input[type=file]", files=[{
        "name": "述职.docx", "mimeType": "application/octet-stream",
        "buffer": docx((DRAFTS / "old-report-2020.txt").read_text(encoding="utf-8").splitlines())}])
    expect(page.locator(".check-file-status")).to_contain_text("已读取")
    assert ("year-title", 1) in [tuple(f) for f in findings(page)]


BAD_FILES = [
    ("旧稿.doc", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512), "旧版的 Word 或 WPS 格式"),
    ("旧稿.wps", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512), "旧版的 Word 或 WPS 格式"),
    ("改名的.docx", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512), "旧版的 Word 或 WPS 格式"),
    ("坏了.docx", b"PK\x03\x04" + bytes(range(256)) * 4, "文件已损坏"),
    ("空白.docx", None, "没有读到文字"),
    ("文本.docx", "一、主要工作\n全年召开会议6次。".encode(), "不是 .docx，而是纯文本"),
    ("图片.docx", bytes.fromhex("89504e470d0a1a0a") + bytes(64), "不是 .docx"),
]


@pytest.mark.parametrize("name, data, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_gets_a_clear_message_and_the_page_keeps_working(page, name, data, message):
    ready(page)
    drop(page, docx([]) if data is None else data, name)
    expect(page.locator(".check-file-status.check-error")).to_contain_text(message)
    assert paste(page, "全年召开支部委员会X次。") == [("blank-x", 1)]
    assert not page.errors


def test_a_file_over_20_mb_is_refused_unread(page):
    ready(page)
    page.evaluate("""() => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(21 * 1024 * 1024)], "大文件.docx"));
        document.querySelector("#check-draft").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true}));
    }""")
    expect(page.locator(".check-file-status.check-error")).to_contain_text("超过 20 MB")


def test_a_text_file_is_read_as_text(page):
    ready(page)
    drop(page, (DRAFTS / "year.txt").read_text(encoding="utf-8").encode("gb18030"), "旧稿.txt")
    expect(page.locator(".check-file-status")).to_contain_text("已读取")
    assert ("year-opening", 2) in [tuple(f) for f in findings(page)]


# ---------------------------------------------------------------- nothing leaves the browser


def test_a_hostile_draft_is_shown_as_text(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ready(page)
    hostile = "<img src=x onerror=alert(1)>全年召开会议XX次<script>alert(2)</script>"
    assert ("blank-x", 1) in paste(page, hostile)
    assert page.locator(".draft-check img, .draft-check script").count() == 0
    shown = " ".join(page.locator(".check-excerpt").all_text_contents())
    assert "<img src=x onerror=" in shown and "XX次<script>" in shown  # the draft's own characters, as text
    assert not dialogs and not page.errors


def test_checking_makes_no_request_and_keeps_nothing(page):
    ready(page)
    page.wait_for_load_state("networkidle")
    before = len(page.requests)
    paste(page, (DRAFTS / "old-report-2020.txt").read_text(encoding="utf-8"))
    drop(page, docx(["一、主要工作", "全年召开会议X次。"]), "稿.docx")
    expect(page.locator(".check-file-status")).to_contain_text("已读取")
    page.locator(".check-goto").first.click()
    assert page.requests[before:] == []
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('check'))") == []


def test_the_draft_is_kept_only_when_asked(page):
    ready(page)
    paste(page, "全年召开会议X次。")
    page.check("input[name=keep]")
    page.reload()
    page.wait_for_function("() => window.baogaoCheck && window.baogaoCheck.check")
    assert page.input_value("#check-draft") == "全年召开会议X次。"
    expect(page.locator(".check-finding")).to_have_count(1)
    page.uncheck("input[name=keep]")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('check'))") == []


def test_instant_navigation_opens_a_working_checker(page):
    page.goto("")
    page.locator(".md-nav__link", has_text="稿件体检").first.click()
    page.wait_for_function("() => window.baogaoCheck && window.baogaoCheck.check")
    assert paste(page, "全年召开会议X次。") == [("blank-x", 1)]
    assert not page.errors
