"""Write a family's model report as a Word (.docx) file laid out as a 公文 (GB/T 9704-2012).

Pure module: no MkDocs import. The text comes only from `compose(family, library)`, so the
Word file says exactly what the site says. Every slot 【名称】 is a run of its own whose text
is exactly 【名称】, highlighted yellow, so that a browser script can replace
`<w:t>【名称】</w:t>` with the reader's value.

Fonts: a run names one font per script (w:rFonts ascii/hAnsi/eastAsia/cs); there is no
fallback list. The GB2312 names are those the 公文 templates use; where a font is missing,
Word and WPS substitute (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体), and the font table below
also names that alternative in w:altName.
"""

from __future__ import annotations

import copy
import datetime
import io
import math
import os
import re
import threading
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, Twips
from lxml import etree

from .compose import Line, compose
from .library import SLOT_RE, Family, Library

# --------------------------------------------------------------------------- layout (GB/T 9704-2012)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)  # per GB/T 9704-2012 §5.1: A4, 210 mm × 297 mm
MARGIN_TOP = Mm(37)  # per GB/T 9704-2012 §5.2.1: 天头（上白边）37 mm ± 1 mm
MARGIN_LEFT = Mm(28)  # per GB/T 9704-2012 §5.2.1: 订口（左白边）28 mm ± 1 mm
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)  # per GB/T 9704-2012 §5.2.1: 版心 156 mm × 225 mm
MARGIN_RIGHT = Emu(PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH)  # 210 − 28 − 156 = 26 mm
MARGIN_BOTTOM = Emu(PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT)  # 297 − 37 − 225 = 35 mm

LINES_PER_PAGE, CHARS_PER_LINE = 22, 28  # per GB/T 9704-2012 §5.2.3: 每面排22行，每行排28个字
# Fixed ("exact") line pitch = 版心高 / 22 = 225 mm / 22 = 12756 twips / 22, rounded DOWN to
# whole twips so that 22 lines really fit: 579 twips = 28.95 pt (580 would need 12760 twips).
LINE_PITCH = Twips(TEXT_HEIGHT.twips // LINES_PER_PAGE)
BODY_SIZE = Pt(16)  # 三号 = 16 pt: per GB/T 9704-2012 §5.2.2 各要素一般用3号仿宋体字
# 28 characters of 16 pt need 448 pt, but the text block is 156 mm = 442.2 pt wide. Every 16 pt
# run is therefore condensed (w:spacing, in twentieths of a point) by
#   floor((442.2 pt / 28 − 16 pt) × 20) = floor(−4.14) = −5 → −0.25 pt, a pitch of 15.75 pt:
# 28 × 15.75 = 441 pt fits, 29 do not. (A w:docGrid charSpace would do this in Word only;
# LibreOffice snaps each character to two grid cells and sets 14 characters a line.)
BODY_CHAR_SPACING = Twips(math.floor((TEXT_WIDTH.pt / CHARS_PER_LINE - BODY_SIZE.pt) * 20))

BODY_FONT = "仿宋_GB2312"  # per GB/T 9704-2012 §5.2.2 and §7.3.3: 正文用3号仿宋体字
TITLE_FONT = "方正小标宋简体"  # per GB/T 9704-2012 §7.3.1: 标题用2号小标宋体字 (方正's font of that face)
TITLE_SIZE = Pt(22)  # 二号 = 22 pt, per GB/T 9704-2012 §7.3.1
# One blank line between the title and the text (common 公文 practice; the standard places
# the title relative to the 版头, which a report does not have).
TITLE_SPACE_AFTER = LINE_PITCH
# Per GB/T 9704-2012 §7.3.3: 第一层用黑体字、第二层用楷体字、第三层和第四层用仿宋体字, all 3号.
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
# Per GB/T 9704-2012 §7.3.3: 每个自然段左空二字，回行顶格. Headings keep the same indent.
FIRST_LINE_CHARS = 2
FIRST_LINE_INDENT = Emu(BODY_SIZE * FIRST_LINE_CHARS)  # 32 pt, for readers that ignore firstLineChars
# Where a named font is missing, Word/WPS substitute; the font table names the usual alternative.
ALT_FONTS = {BODY_FONT: "仿宋", "楷体_GB2312": "楷体", TITLE_FONT: "宋体"}

PAGE_NUMBER_FONT = "宋体"  # per GB/T 9704-2012 §7.5: 一般用4号半角宋体阿拉伯数字
PAGE_NUMBER_SIZE = Pt(14)  # 四号 = 14 pt
PAGE_NUMBER_DASH = "—"  # per GB/T 9704-2012 §7.5: 数字左右各放一条一字线 → "— 1 —"
PAGE_NUMBER_INDENT = PAGE_NUMBER_SIZE  # per GB/T 9704-2012 §7.5: 单页码居右空一字，双页码居左空一字
PAGE_NUMBER_GAP = Mm(7)  # per GB/T 9704-2012 §7.5: 一字线上距版心下边缘7 mm
# Word measures the footer from the page's bottom edge to the bottom of the footer line. The
# footer line is exactly one character high and the 一字线 sits at about its middle, so:
# footer distance = 35 mm − 7 mm − 7 pt ≈ 25.5 mm.
FOOTER_DISTANCE = Emu(MARGIN_BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE // 2)

AUTHOR = "工作报告范本库"  # core property author: the site, never a person
# Elements that come after w:spacing inside a w:rPr (ECMA-376 order).
SPACING_SUCCESSORS = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
                      "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                      "w:eastAsianLayout", "w:specVanish", "w:oMath")
# Characters XML 1.0 cannot hold (lxml refuses them); dropped from the text.
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# --------------------------------------------------------------------------- public API


def docx_filename(family: Family) -> str:
    """The file name of a family's Word file, e.g. party-secretary-review.docx."""
    return f"{family.id}.docx"


def build_docx(family: Family, library: Library) -> bytes:
    """The family's whole model report (title and every composed line) as .docx bytes."""
    document = Document()
    _set_up_styles(document)
    _set_up_page(document)
    prototypes: dict[tuple[str, int], tuple] = {}
    for line in compose(family, library):
        if line.kind == "table":
            _add_table(document, line)
        else:
            _add_line(document, line, prototypes)
    _set_properties(document, family)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_family_docx(family: Family, library: Library, path: Path | str) -> Path:
    """Write `build_docx` to `path`, creating its folders; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_docx(family, library))
    return path


FORK_FROM = 8  # families: below this, one process writes them all (a fork costs about one family)


def write_families(library: Library, folder: Path | str) -> list[Path]:
    """Every family's file into `folder`. With many families, a spare core and no other thread in
    this process (forking is then safe: `mkdocs build`, not `mkdocs serve`), a forked child writes
    every second family meanwhile; if the child fails, this process writes its share too."""
    jobs = [(family, Path(folder) / docx_filename(family)) for family in library.families.values()]
    mine, theirs = jobs, []
    child = 0
    if len(jobs) >= FORK_FROM and (os.cpu_count() or 1) > 1 and threading.active_count() == 1 and hasattr(os, "fork"):
        mine, theirs = jobs[::2], jobs[1::2]
        child = os.fork()
        if child == 0:  # the child: its share, then out without running the parent's exit handlers
            code = 1
            try:
                for family, path in theirs:
                    write_family_docx(family, library, path)
                code = 0
            finally:
                os._exit(code)
    for family, path in mine:
        write_family_docx(family, library, path)
    if child and os.waitpid(child, 0)[1] != 0:
        for family, path in theirs:
            write_family_docx(family, library, path)
    return [path for _, path in jobs]


def split_slots(text: str) -> list[tuple[str, bool]]:
    """Text cut into (piece, is_slot) pieces: each slot 【名称】 a piece of its own."""
    pieces, start = [], 0
    for match in SLOT_RE.finditer(text):
        if match.start() > start:
            pieces.append((text[start:match.start()], False))
        pieces.append((match.group(0), True))
        start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces


# --------------------------------------------------------------------------- building blocks


def _fonts(rpr, font: str, size, spacing=Twips(0)) -> None:
    """Name `font` for every script of a w:rPr (no theme fonts); set its size and character spacing."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{script}"), font)
    rpr.sz_val = size
    if (szcs := rpr.find(qn("w:szCs"))) is not None:  # complex-script size, if the template sets one
        szcs.set(qn("w:val"), str(round(size.pt * 2)))
    if rpr.find(qn("w:spacing")) is None:
        rpr.insert_element_before(OxmlElement("w:spacing"), *SPACING_SUCCESSORS)
    rpr.find(qn("w:spacing")).set(qn("w:val"), str(spacing.twips))


def _add_run(paragraph, text: str, font: str, size, spacing=Twips(0), *, slot: bool = False):
    run = paragraph.add_run(text)
    _fonts(run._element.get_or_add_rPr(), font, size, spacing)
    if slot:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def _paragraph_format(paragraph, *, indent: bool, align, space_after=Pt(0)) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(0), space_after
    fmt.line_spacing = LINE_PITCH
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.widow_control = True
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
        paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(FIRST_LINE_CHARS * 100))


def _prototype(document, line: Line) -> tuple:
    """(w:pPr, w:rPr of text, w:rPr of a slot) for a kind of line, made once with python-docx.

    python-docx takes milliseconds per run; copying finished elements takes microseconds.
    """
    paragraph = document.add_paragraph()
    if line.kind == "title":
        font, size, spacing = TITLE_FONT, TITLE_SIZE, Twips(0)
        _paragraph_format(paragraph, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=TITLE_SPACE_AFTER)
    else:
        font = HEADING_FONTS[line.level] if line.kind == "heading" else BODY_FONT
        size, spacing = BODY_SIZE, BODY_CHAR_SPACING
        _paragraph_format(paragraph, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if line.kind == "heading":
        paragraph.paragraph_format.keep_with_next = True
        outline = parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{line.level - 1}"/>')
        paragraph._p.get_or_add_pPr().insert_element_before(outline, "w:rPr", "w:sectPr", "w:pPrChange")
    text = _add_run(paragraph, "x", font, size, spacing)
    slot = _add_run(paragraph, "x", font, size, spacing, slot=True)
    prototype = tuple(copy.deepcopy(e) for e in (paragraph._p.pPr, text._element.rPr, slot._element.rPr))
    paragraph._p.getparent().remove(paragraph._p)
    return prototype


def _add_line(document, line: Line, prototypes: dict) -> None:
    """One paragraph; line.text is the number (heading or run-in paragraph number) followed by the parts."""
    key = (line.kind, line.level)
    if key not in prototypes:
        prototypes[key] = _prototype(document, line)
    ppr, text_rpr, slot_rpr = prototypes[key]
    p = document.add_paragraph()._p
    p.insert(0, copy.deepcopy(ppr))
    for piece, slot in split_slots(XML_ILLEGAL_RE.sub("", line.text)):
        run = OxmlElement("w:r")
        run.append(copy.deepcopy(slot_rpr if slot else text_rpr))
        t = OxmlElement("w:t")
        t.text = piece
        if piece != piece.strip():
            t.set(qn("xml:space"), "preserve")
        run.append(t)
        p.append(run)


TABLE_SIZE = Pt(14)  # 四号: a table of four columns in 三号 would wrap every cell
TABLE_HEAD_FONT = "黑体"


def _add_table(document, line: Line) -> None:
    """A table of the model text (a work plan's 工作安排) as a real Word table, with ruled cells, the
    header row in 黑体 repeated on each page, and slots highlighted as in the paragraphs."""
    head, *rows = line.rows
    table = document.add_table(rows=len(rows) + 1, cols=len(head))
    table.style = document.styles["Table Grid"]
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # the header row repeats on each page
    for r, cells in enumerate(line.rows):
        for c, text in enumerate(cells):
            paragraph = table.cell(r, c).paragraphs[0]
            _paragraph_format(paragraph, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT)
            for piece, slot in split_slots(XML_ILLEGAL_RE.sub("", text)):
                _add_run(paragraph, piece, TABLE_HEAD_FONT if r == 0 else BODY_FONT, TABLE_SIZE, slot=slot)
    document.add_paragraph()  # Word needs a paragraph between a table and what follows


def _set_up_styles(document) -> None:
    """Body defaults: 仿宋_GB2312 16 pt, Chinese language, exact line pitch, no paragraph spacing."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY_FONT, BODY_SIZE)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), BODY_FONT, BODY_SIZE, BODY_CHAR_SPACING)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = LINE_PITCH
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _name_alternative_fonts(document)


def _name_alternative_fonts(document) -> None:
    """Add w:font entries with w:altName (仿宋_GB2312 → 仿宋 …) to word/fontTable.xml."""
    part = next((p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"), None)
    if part is None:
        return
    fonts = etree.fromstring(part.blob)
    for name, alt in ALT_FONTS.items():
        fonts.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                               f'<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                               f'</w:font>'))
    # python-docx keeps this part as plain bytes (no XML API), so its blob is replaced whole.
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.gutter = Emu(0)
    section.footer_distance = FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    # Odd pages: number on the right, one character in; even pages: on the left (§7.5).
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, align) -> None:
    """"— N —" with a real PAGE field, 宋体 14 pt, exactly one character high."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing, fmt.line_spacing_rule = PAGE_NUMBER_SIZE, WD_LINE_SPACING.EXACTLY
    fmt.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_INDENT
    else:
        fmt.left_indent = PAGE_NUMBER_INDENT
    _add_run(paragraph, f"{PAGE_NUMBER_DASH} ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    paragraph._p.append(field)
    _fonts(field.find(qn("w:r")).get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _add_run(paragraph, f" {PAGE_NUMBER_DASH}", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _set_properties(document, family: Family) -> None:
    props = document.core_properties
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    props.title = family.title
    props.author = props.last_modified_by = AUTHOR
    props.comments = props.keywords = props.subject = ""
    props.language = "zh-CN"
    props.created = props.modified = now
    props.revision = 1
