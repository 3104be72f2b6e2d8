"""The filled-in Word copy, made in the browser from the built .docx and the fill-in panel's values."""

import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from macros.library import SLOT_RE

FAMILY = "families/party-secretary-review/"
AWKWARD = "A&B <c> \"引号\" 😀 " + "很长的单位名称" * 400


def download_filled(page, tmp_path, values: dict[str, str]):
    page.goto(FAMILY)
    page.locator("details.fill-panel > summary").click()
    for name, value in values.items():
        page.fill(f"input[data-slot='{name}']", value)
    with page.expect_download() as info:
        page.locator(".word-filled").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


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
    runs = [r for p in document.paragraphs for r in p.runs]
    assert not [r.text for r in runs if r.text in ("48", "2025") and r.font.highlight_color is not None]
    left = {r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW}
    assert left and all(SLOT_RE.fullmatch(t) for t in left)
    assert "【本年度中心工作】" in left  # unfilled slots stay marked
    assert page.locator(".word-status").inner_text().startswith("已生成")
    assert not page.outside_requests and not page.errors


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_filled_copy_opens_in_libreoffice(page, tmp_path):
    path = download_filled(page, tmp_path, {"上级党委": AWKWARD, "党员人数": "48"})
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                            capture_output=True, text=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = path.with_suffix(".pdf")
    assert result.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 10_000, result.stderr
