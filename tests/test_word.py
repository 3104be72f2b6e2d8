"""The Word export (macros.word), read back with python-docx: GB/T 9704-2012 layout, slots, one source."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from macros.compose import compose, plain_text
from macros.library import SLOT_RE
from macros.word import build_docx, docx_filename, write_family_docx

FAMILY = "party-secretary-review"
SLOT_RUN_RE = re.compile(r"^【[^【】]+】$")
SCRIPTS = ("ascii", "hAnsi", "eastAsia")


@pytest.fixture(scope="module")
def family(library):
    return library.family(FAMILY)


@pytest.fixture(scope="module")
def lines(family, library):
    return compose(family, library)


@pytest.fixture(scope="module")
def doc(family, library):
    return Document(io.BytesIO(build_docx(family, library)))


@pytest.fixture(scope="module")
def pairs(doc, lines):
    """(composed line, Word paragraph) in order; the counts must agree."""
    assert len(doc.paragraphs) == len(lines)
    return list(zip(lines, doc.paragraphs, strict=True))


def fonts(run) -> dict[str, str | None]:
    rfonts = run._element.rPr.rFonts
    return {script: rfonts.get(qn(f"w:{script}")) for script in SCRIPTS}


def assert_run(run, font: str, size) -> None:
    assert fonts(run) == dict.fromkeys(SCRIPTS, font), run.text
    assert run.font.size == size, run.text


def near(length, mm: float, tolerance: float = 0.5) -> bool:
    return abs(length.mm - mm) <= tolerance


# ---------------------------------------------------------------- page (GB/T 9704-2012 §5.1, §5.2.1)


def test_page_is_a4_with_gongwen_margins(doc):
    section = doc.sections[0]
    assert near(section.page_width, 210) and near(section.page_height, 297)
    assert near(section.top_margin, 37) and near(section.left_margin, 28)
    assert near(section.right_margin, 26) and near(section.bottom_margin, 35)
    assert (section.gutter or 0) == 0


def test_text_block_is_156_by_225_mm(doc):
    s = doc.sections[0]
    assert near(Emu(s.page_width - s.left_margin - s.right_margin), 156)
    assert near(Emu(s.page_height - s.top_margin - s.bottom_margin), 225)


def char_spacing(run) -> float:
    """The run's character spacing (w:spacing, twentieths of a point) in points."""
    return int(run._element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20


def test_22_lines_of_28_characters_fill_the_text_block(doc, pairs):
    text_width, text_height = Mm(156).pt, Mm(225).pt
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    line_pitch = int(grid.get(qn("w:linePitch"))) / 20
    assert 22 * line_pitch <= text_height < 23 * line_pitch
    assert grid.get(qn("w:charSpace")) is None  # no character grid: LibreOffice would double each cell
    runs = [run for line, p in pairs if line.kind != "title" for run in p.runs]
    for run in runs:
        pitch = run.font.size.pt + char_spacing(run)
        assert 28 * pitch <= text_width < 29 * pitch, run.text
    normal = doc.styles["Normal"].element.rPr
    assert int(normal.find(qn("w:spacing")).get(qn("w:val"))) / 20 == char_spacing(runs[0])


# ---------------------------------------------------------------- text (§5.2.2, §5.2.3, §7.3.1, §7.3.3)


def test_body_paragraphs_are_fangsong_16pt_exact_pitch_indented(pairs):
    body = [(line, p) for line, p in pairs if line.kind == "paragraph"]
    assert len(body) >= 10
    for line, paragraph in body:
        fmt = paragraph.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY, line.text
        assert abs(fmt.line_spacing.pt - 28.95) < 0.06 and 22 * fmt.line_spacing.pt <= Mm(225).pt
        assert fmt.first_line_indent == Pt(32)
        assert paragraph._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert paragraph.runs
        for run in paragraph.runs:
            assert_run(run, "仿宋_GB2312", Pt(16))


def test_numbered_paragraphs_start_with_their_number(pairs):
    numbered = [(line, p) for line, p in pairs if line.kind == "paragraph" and line.number]
    assert numbered, "the family has run-in numbered paragraphs such as （一）……"
    for line, paragraph in numbered:
        assert paragraph.runs[0].text.startswith(line.number)


def test_title_is_xiaobiaosong_22pt_centred(pairs):
    line, paragraph = pairs[0]
    assert line.kind == "title"
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not paragraph.paragraph_format.first_line_indent
    for run in paragraph.runs:
        assert_run(run, "方正小标宋简体", Pt(22))


@pytest.mark.parametrize("level, font", [(1, "黑体"), (2, "楷体_GB2312")])
def test_headings_use_the_font_of_their_level(pairs, level, font):
    headings = [(line, p) for line, p in pairs if line.kind == "heading" and line.level == level]
    assert len(headings) >= 2
    for line, paragraph in headings:
        assert paragraph.text.startswith(line.number)
        assert paragraph.paragraph_format.first_line_indent == Pt(32)
        for run in paragraph.runs:
            assert_run(run, font, Pt(16))


def test_text_is_the_composition(doc, lines):
    """One source: the Word file says exactly what compose() says, no guidance text."""
    assert "\n".join(p.text for p in doc.paragraphs) == plain_text(lines)


def test_core_properties(doc, family):
    props = doc.core_properties
    assert props.title == family.title
    assert props.author == props.last_modified_by == "工作报告范本库"
    assert "python-docx" not in props.comments


def test_missing_fonts_name_an_alternative(doc):
    parts = {str(p.partname): p for p in doc.part.package.iter_parts()}
    text = parts["/word/fontTable.xml"].blob.decode("utf-8")
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', text)
    assert re.search(r'w:name="楷体_GB2312"><w:altName w:val="楷体"/>', text)


# ---------------------------------------------------------------- page numbers (§7.5)


def page_number_footers(doc):
    section = doc.sections[0]
    return {"odd": section.footer, "even": section.even_page_footer}


def test_settings_separate_odd_and_even_footers(doc):
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    assert doc.settings.odd_and_even_pages_header_footer


@pytest.mark.parametrize("page, align", [("odd", WD_ALIGN_PARAGRAPH.RIGHT), ("even", WD_ALIGN_PARAGRAPH.LEFT)])
def test_page_number_is_a_page_field_between_dashes(doc, page, align):
    footer = page_number_footers(doc)[page]
    assert not footer.is_linked_to_previous
    [paragraph] = footer.paragraphs
    assert paragraph.alignment == align
    indent = paragraph.paragraph_format.right_indent if page == "odd" else paragraph.paragraph_format.left_indent
    assert indent == Pt(14)  # 单页码居右空一字，双页码居左空一字
    p = paragraph._p
    fields = [f for f in p.iter(qn("w:fldSimple")) if f.get(qn("w:instr")).split()[0] == "PAGE"]
    assert len(fields) == 1
    field = fields[0]
    before = "".join(t.text for r in field.itersiblings(preceding=True) for t in r.iter(qn("w:t")))
    after = "".join(t.text for r in field.itersiblings() for t in r.iter(qn("w:t")))
    assert before.strip() == "—" and after.strip() == "—"
    runs = list(p.iter(qn("w:r")))
    assert len(runs) == 3
    for r in runs:
        rfonts = r.rPr.rFonts
        assert [rfonts.get(qn(f"w:{s}")) for s in SCRIPTS] == ["宋体"] * 3
        assert r.rPr.sz_val == Pt(14)


def test_page_number_sits_below_the_text_block(doc):
    section = doc.sections[0]
    assert section.footer_distance < section.bottom_margin - Mm(7)
    assert section.footer_distance > section.bottom_margin - Mm(7) - Pt(14)


# ---------------------------------------------------------------- slots


def all_runs(doc):
    return [run for paragraph in doc.paragraphs for run in paragraph.runs]


def test_every_slot_is_one_yellow_run(doc, lines):
    runs = all_runs(doc)
    slots = [run for run in runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    for run in runs:
        if "【" in run.text or "】" in run.text:
            assert SLOT_RUN_RE.match(run.text) and run in slots, run.text
    for run in slots:
        assert SLOT_RUN_RE.match(run.text), f"yellow run that is not a slot: {run.text!r}"
    composed = SLOT_RE.findall(plain_text(lines))
    assert sorted(run.text[1:-1] for run in slots) == sorted(composed)
    assert len(set(composed)) >= 10


def test_slot_runs_are_exact_w_t_elements(family, library):
    """The browser fills a copy by replacing <w:t>【名称】</w:t>; each slot must appear so in the XML."""
    with zipfile.ZipFile(io.BytesIO(build_docx(family, library))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    names = set(SLOT_RE.findall(plain_text(compose(family, library))))
    for name in names:
        assert f"<w:t>【{name}】</w:t>" in xml
    assert len(re.findall(r"<w:t>【[^【】<]+】</w:t>", xml)) == len(SLOT_RE.findall(xml))


# ---------------------------------------------------------------- robustness


def with_text(library, family, text):
    """The library with the first phrase of the family's model text replaced by `text`."""
    phrase_id = next(part.phrase for line in compose(family, library) for part in line.parts if part.phrase)
    phrases = {**library.phrases, phrase_id: dataclasses.replace(library.phrases[phrase_id], text=text)}
    return dataclasses.replace(library, phrases=phrases)


def test_special_characters_round_trip(family, library):
    text = "A&B <c> \"引号\" 'x' 😀👨‍👩‍👧 &amp; 【年度】" + "长" * 5000 + "【党员人数】末"
    changed = with_text(library, family, text)
    doc = Document(io.BytesIO(build_docx(family, changed)))
    joined = "\n".join(p.text for p in doc.paragraphs)
    assert joined == plain_text(compose(family, changed))
    assert text in joined
    slots = [r.text for r in all_runs(doc) if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert "【年度】" in slots and "【党员人数】" in slots


def test_characters_xml_cannot_hold_are_dropped(family, library):
    changed = with_text(library, family, "甲\x00乙\x0b丙\ud800丁【年度】")
    doc = Document(io.BytesIO(build_docx(family, changed)))
    assert "甲乙丙丁【年度】" in "\n".join(p.text for p in doc.paragraphs)


def test_write_family_docx_creates_folders(tmp_path, family, library):
    assert docx_filename(family) == "party-secretary-review.docx"
    path = write_family_docx(family, library, tmp_path / "a" / "b" / docx_filename(family))
    assert path.is_file() and path.read_bytes()[:2] == b"PK"
    assert Document(str(path)).core_properties.title == family.title


WRITE_MANY = """
import dataclasses, json, sys
from pathlib import Path
sys.path.insert(0, "tests")
from macros import word
from macros.library import load_library
library = load_library(Path("docs/data"))
family = next(iter(library.families.values()))
many = {f"copy-{n}": dataclasses.replace(family, id=f"copy-{n}") for n in range(word.FORK_FROM + 1)}
paths = word.write_families(dataclasses.replace(library, families=many), sys.argv[1])
print(json.dumps([str(p) for p in paths]))
"""


def test_many_families_are_written_by_two_processes(tmp_path):
    """In a process of its own, as `mkdocs build` runs it (no other thread): a forked child writes half."""
    result = subprocess.run([sys.executable, "-c", WRITE_MANY, str(tmp_path)], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    paths = [Path(p) for p in json.loads(result.stdout)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    assert len(paths) == 9 and [p.name for p in paths][:2] == ["copy-0.docx", "copy-1.docx"]
    for path in paths:  # the child's files (every second one) are as whole as the parent's
        text = "\n".join(paragraph.text for paragraph in Document(str(path)).paragraphs)
        assert text == "\n".join(paragraph.text for paragraph in Document(str(paths[0])).paragraphs)


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.full
def test_libreoffice_converts_to_pdf(tmp_path, family, library):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    source = write_family_docx(family, library, tmp_path / docx_filename(family))
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(home)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = tmp_path / "party-secretary-review.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 1000, result.stdout + result.stderr
    if shutil.which("pdftotext"):
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                               capture_output=True, text=True, timeout=60)
        assert first.returncode == 0, first.stderr
        assert "抓基层党建工作述职报告" in re.sub(r"\s+", "", first.stdout)
