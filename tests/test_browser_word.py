"""The filled-in Word copy, made in the browser from the built .docx and the fill-in panel's values."""

import re
import unicodedata
import warnings
import zipfile

from conftest import docx_text, fill, missing_in_pdf, needs_libreoffice
from docx import Document

from macros.library import SLOT_RE
from macros.word import signature_indents

FAMILY = "families/party-secretary-review/"
SIGNED = "families/party-building-summary/"
AWKWARD = "A&B <c> \"引号\" 😀 " + "很长的单位名称" * 400


def download_filled(page, tmp_path, values: dict[str, str], family: str = FAMILY):
    page.goto(family)
    for name, value in values.items():
        fill(page, name, value)
    with page.expect_download() as info:
        page.locator(".word-filled").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def parts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if not name.endswith("/")}


def run_style(run) -> str:
    return run._r.xpath("string(w:rPr/w:rStyle/@w:val)")


def paragraph_styles(document) -> list[str]:
    return [p._p.xpath("string(w:pPr/w:pStyle/@w:val)") for p in document.paragraphs]


def test_blank_template_is_downloadable(page, site):
    href = site.article(FAMILY).select_one(".word-downloads a[download]")["href"]
    assert (site.root / "families/party-secretary-review" / href).resolve() == \
        (site.root / "downloads/party-secretary-review.docx").resolve()
    page.goto(FAMILY)
    with page.expect_download() as info:
        page.locator(".word-downloads a[download]").click()
    assert info.value.suggested_filename == "party-secretary-review.docx"


def test_filled_copy_has_the_values_and_no_filled_slot_left(page, tmp_path, site):
    path = download_filled(page, tmp_path, {"党员人数": "48", "年度": "2025", "上级党委": AWKWARD})
    assert path.name == "党组织书记抓基层党建工作述职报告（已填写）.docx"
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "【党员人数】" not in text and "【年度】" not in text and "【上级党委】" not in text
    assert "2025年度" in text and AWKWARD in text
    assert page.locator(".word-status").inner_text().startswith("已生成")
    assert not page.outside_requests and not page.errors


def test_filled_copy_keeps_the_styles_and_drops_slot_style_only_where_filled(page, tmp_path, site):
    blank_path = site.root / "downloads" / "party-secretary-review.docx"
    path = download_filled(page, tmp_path, {"党员人数": "48", "年度": "2025"})
    blank, filled = parts(blank_path), parts(path)
    assert set(filled) == set(blank)
    for name in blank:  # every part but the text is as built: the styles, settings, fonts, footers
        if name != "word/document.xml":
            assert filled[name] == blank[name], name
    before, after = Document(str(blank_path)), Document(str(path))
    assert paragraph_styles(after) == paragraph_styles(before)
    runs = [r for p in after.paragraphs for r in p.runs]
    assert {r.text for r in runs if r.text in ("48", "2025")} == {"48", "2025"}
    assert all(run_style(r) == "" and r._r.rPr is None for r in runs if r.text in ("48", "2025"))
    left = {r.text for r in runs if run_style(r) == "Slot"}
    assert left and all(SLOT_RE.fullmatch(t) for t in left)
    assert "【本年度中心工作】" in left and "【党员人数】" not in left and "【年度】" not in left
    assert {r.text for r in runs if run_style(r) == "Heading2Char"} == \
        {r.text for p in before.paragraphs for r in p.runs if run_style(r) == "Heading2Char"}


def test_filled_copy_places_the_signature_for_the_values(page, tmp_path):
    values = {"党组织名称": "中共XX县XX局机关委员会", "成文日期": "2027年1月8日"}
    document = Document(str(download_filled(page, tmp_path, values, SIGNED)))
    *_, name, date = document.paragraphs
    assert (name.text, date.text) == (values["党组织名称"], values["成文日期"])
    indents = [int(p._p.xpath("string(w:pPr/w:ind/@w:right)")) for p in (name, date)]
    assert indents == [i.twips for i in signature_indents(name.text, date.text)]
    assert indents != [i.twips for i in signature_indents("【党组织名称】", "【成文日期】")]  # moved for the values


def test_filled_copy_opens_in_libreoffice_with_all_its_text(page, tmp_path):
    needs_libreoffice()
    path = download_filled(page, tmp_path, {"上级党委": AWKWARD, "党员人数": "48", "年度": "2025"})
    assert AWKWARD.replace(" ", "") in docx_text(path)
    [lost] = missing_in_pdf([path], tmp_path / "pdf").values()
    assert all(unicodedata.category(ch).startswith("P") for ch in lost), f"LibreOffice lost {lost}"
    if lost:
        warnings.warn(f"LibreOffice dropped punctuation in the filled copy's PDF: {lost}", stacklevel=1)


def test_old_browser_without_what_jszip_needs_is_told_so(page):
    page.add_init_script("window.Blob = undefined;")  # as in a browser too old for JSZip
    page.goto(FAMILY)
    button = page.locator(".word-filled")
    assert button.is_visible() and button.is_disabled()
    assert button.inner_text() == "此浏览器不能生成已填写的 Word"
    assert "下载 Word 模板" in page.locator(".word-status").inner_text()


def test_jszip_that_cannot_run_says_so_on_the_button(page):
    page.add_init_script("window.JSZip = {support: {blob: false, uint8array: false}};")  # JSZip's own verdict
    page.goto(FAMILY)
    page.locator(".word-filled").click()
    page.wait_for_function("() => document.querySelector('.word-filled').disabled")
    assert page.locator(".word-filled").inner_text() == "此浏览器不能生成已填写的 Word"


def test_blocked_jszip_script_says_so_on_the_button(page):
    page.route(re.compile(r".*/jszip\.min\.js$"), lambda route: route.abort())
    page.goto(FAMILY)
    page.locator(".word-filled").click()
    page.wait_for_function("() => document.querySelector('.word-filled').disabled")
    assert page.locator(".word-filled").inner_text() == "未能载入 JSZip，不能生成已填写的 Word"
    assert "下载 Word 模板" in page.locator(".word-status").inner_text()
    assert page.locator(".word-downloads a[download]").is_visible()  # the blank template is still there
