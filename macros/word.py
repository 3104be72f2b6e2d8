"""Write a family's model report as a Word (.docx) file laid out as a 公文 (GB/T 9704-2012).

Pure module: no MkDocs import. The text comes only from `compose(family, library)`, so the
Word file says exactly what the site says.

The file is made to be worked on in Word and WPS: every paragraph takes one of a few styles with the
built-in ids (Normal, Title, Heading 1–4, Signature, Date, footer), so that 标题 1–4, the 导航窗格
and the 目录 work, and restyling the body is changing Normal. Runs carry no direct formatting: their
fonts come from the paragraph style or from a character style (listed in DIRECT_FORMATTING where not).
Every slot 【名称】 is a run of its own in the character style 填空项 (yellow), whose text is exactly
【名称】, so that a browser script can replace `<w:t>【名称】</w:t>` with the reader's value and drop
the style from that run only.

The package is python-docx's default template stripped to what the document uses (no thumbnail,
customXml bibliography, numbering, web settings or unused styles), in compatibility mode 15, with
zip entries and dates fixed so that the same input gives the same bytes.

Fonts: a style names one font per script (w:rFonts ascii/hAnsi for digits and Latin letters, which are
Times New Roman; eastAsia for Chinese); there is no fallback list. The GB2312 names are those the 公文
templates use; where a font is missing, Word and WPS substitute (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体),
and the font table names that alternative in w:altName.
"""

from __future__ import annotations

import datetime
import io
import math
import os
import re
import threading
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, Twips

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
LATIN_FONT = "Times New Roman"  # digits and Latin letters in every style (w:ascii, w:hAnsi)
TABLE_SIZE = Pt(14)  # 四号: a table of four columns in 三号 would wrap every cell
TABLE_HEAD_FONT = "黑体"
CHAR_PITCH = Twips(BODY_SIZE.twips + BODY_CHAR_SPACING.twips)  # one character of the body: 15.75 pt
HALF_PITCH = Twips(BODY_SIZE.twips // 2 + BODY_CHAR_SPACING.twips)  # a digit in Times New Roman: 7.75 pt
# Per GB/T 9704-2012 §7.3.5.2: 在正文下空一行右空二字编排发文机关署名，在署名下一行编排成文日期，
# 首字比署名首字右移二字；如成文日期长于署名，应当使署名依据成文日期右移二字，成文日期右空二字编排.
SIGNATURE_INDENT_CHARS = 2

AUTHOR = "工作报告范本库"  # core property author and app.xml's application: the site, never a person
# Characters XML 1.0 cannot hold (lxml refuses them); dropped from the text.
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# --------------------------------------------------------------------------- styles

# Style ids: Word's own ids for its built-in styles (Word and WPS show them as 正文, 标题, 标题 1 …).
NORMAL, TITLE, SIGNATURE, DATE, FOOTER = "Normal", "Title", "Signature", "Date", "Footer"
HEADINGS = {level: f"Heading{level}" for level in HEADING_FONTS}
SLOT = "Slot"  # 填空项
# A run-in number at the start of a paragraph, with its first sentence: the character style linked to the
# heading of its level, where that heading's font is not the body's (（一） in 楷体 as in 标题 2).
RUN_IN = {level: f"Heading{level}Char" for level, font in HEADING_FONTS.items() if font != BODY_FONT}
TABLE_TEXT, TABLE_HEAD, TABLE_GRID = "TableText", "TableHeading", "TableGrid"
# Always kept: the defaults Word falls back on (w:default="1").
DEFAULT_STYLES = (NORMAL, "DefaultParagraphFont", "TableNormal")
# Runs that carry direct formatting, and why (tests hold the file to this list): a slot inside a run-in
# heading keeps the heading's font, since a run takes one character style and it takes 填空项.
DIRECT_FORMATTING = {"slot in a run-in heading": "w:rFonts w:eastAsia"}


def _rfonts(east_asia: str | None = None, latin: str | None = None) -> str:
    fonts = {"ascii": latin, "hAnsi": latin, "eastAsia": east_asia, "cs": latin}
    return "<w:rFonts " + " ".join(f'w:{k}="{v}"' for k, v in fonts.items() if v) + "/>"


def _size(size) -> str:
    half_points = round(size.pt * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _spacing(before=Twips(0), after=Twips(0), line=LINE_PITCH) -> str:
    return f'<w:spacing w:before="{before.twips}" w:after="{after.twips}" ' \
           f'w:line="{line.twips}" w:lineRule="exact"/>'


NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
RIGHT_ALIGNED = f'{NO_INDENT}<w:jc w:val="right"/>'


def _style(kind: str, style_id: str, name: str, *, based_on: str | None = None, ppr: str = "", rpr: str = "",
           extra: str = "", default: bool = False, custom: bool = False) -> str:
    """One w:style, its properties in ECMA-376 order; `extra` is what goes between w:basedOn and w:pPr."""
    attrs = f'w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "") \
        + (' w:customStyle="1"' if custom else "")
    return (f'<w:style {attrs}><w:name w:val="{name}"/>' + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + extra + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "</w:style>")


def _styles_xml() -> str:
    """Every style the export may use (build_docx drops those a document does not)."""
    quick = '<w:uiPriority w:val="9"/><w:qFormat/>'
    styles = [
        _style("paragraph", NORMAL, "Normal", default=True, extra='<w:qFormat/>',
               # 正文: 仿宋_GB2312 三号 on the 22-line grid, first line indented two characters, justified;
               # no automatic space between Chinese and digits or Latin letters (the 28 characters stay aligned).
               ppr=f'<w:widowControl/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>{_spacing()}'
                   f'<w:ind w:firstLineChars="{FIRST_LINE_CHARS * 100}" w:firstLine="{FIRST_LINE_INDENT.twips}"/>'
                   '<w:jc w:val="both"/>',
               rpr=f'{_rfonts(BODY_FONT, LATIN_FONT)}<w:color w:val="000000"/>'
                   f'<w:spacing w:val="{BODY_CHAR_SPACING.twips}"/>{_size(BODY_SIZE)}'
                   '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True,
               extra='<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'),
        _style("table", "TableNormal", "Normal Table", default=True,
               extra='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
                     'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                     '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
        # 标题: 方正小标宋简体 二号, centred, off the grid (else LibreOffice gives each line two grid rows),
        # one blank line under it.
        _style("paragraph", TITLE, "Title", based_on=NORMAL, extra=f'<w:next w:val="{NORMAL}"/>{quick}',
               ppr=f'<w:keepNext/><w:snapToGrid w:val="0"/>{_spacing(after=TITLE_SPACE_AFTER)}{NO_INDENT}'
                   '<w:jc w:val="center"/>',
               rpr=f'{_rfonts(TITLE_FONT)}<w:spacing w:val="0"/>{_size(TITLE_SIZE)}'),
        # 署名 and 成文日期: right-aligned; each paragraph's right indent is set from the widths (build_docx).
        _style("paragraph", SIGNATURE, "Signature", based_on=NORMAL, extra=f'<w:next w:val="{DATE}"/>',
               ppr=f'<w:keepNext/>{_spacing(before=LINE_PITCH)}{RIGHT_ALIGNED}'),
        _style("paragraph", DATE, "Date", based_on=NORMAL, extra=f'<w:next w:val="{NORMAL}"/>', ppr=RIGHT_ALIGNED),
        _style("character", SLOT, "填空项", based_on="DefaultParagraphFont", custom=True,
               extra='<w:uiPriority w:val="1"/><w:qFormat/>', rpr='<w:highlight w:val="yellow"/>'),
        _style("paragraph", TABLE_TEXT, "表格文字", based_on=NORMAL, custom=True, extra='<w:qFormat/>',
               ppr=f'{NO_INDENT}<w:jc w:val="left"/>', rpr=f'<w:spacing w:val="0"/>{_size(TABLE_SIZE)}'),
        _style("paragraph", TABLE_HEAD, "表头", based_on=TABLE_TEXT, custom=True, extra='<w:qFormat/>',
               ppr='<w:keepNext/><w:jc w:val="center"/>', rpr=_rfonts(TABLE_HEAD_FONT)),
        _style("table", TABLE_GRID, "Table Grid", based_on="TableNormal", extra='<w:uiPriority w:val="59"/>'
               '<w:tblPr><w:tblBorders>' + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                                                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
               + "</w:tblBorders></w:tblPr>"),
        # 页码: 四号半角宋体阿拉伯数字, one character high (GB/T 9704-2012 §7.5).
        _style("paragraph", FOOTER, "footer", based_on=NORMAL, extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
               ppr=f'<w:snapToGrid w:val="0"/>{_spacing(line=Twips(PAGE_NUMBER_SIZE.twips))}{NO_INDENT}',
               rpr=f'{_rfonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)}<w:spacing w:val="0"/>{_size(PAGE_NUMBER_SIZE)}'),
    ]
    for level, style_id in HEADINGS.items():
        # 标题 1–4: 黑体 / 楷体_GB2312 / 仿宋_GB2312 / 仿宋_GB2312, 三号, black, not bold, no extra spacing.
        # Levels 3 and 4 take the body's font from Normal: a writer who changes it (仿宋_GB2312 → 仿宋)
        # changes them too, and 黑体 and 楷体 stay.
        font = _rfonts(HEADING_FONTS[level]) if HEADING_FONTS[level] != BODY_FONT else ""
        link = f'<w:link w:val="{RUN_IN[level]}"/>' if level in RUN_IN else ""
        styles.append(_style("paragraph", style_id, f"heading {level}", based_on=NORMAL,
                             extra=f'<w:next w:val="{NORMAL}"/>{link}{quick}',
                             ppr=f'<w:keepNext/>{_spacing()}<w:outlineLvl w:val="{level - 1}"/>',
                             rpr=f'{font}<w:b w:val="0"/><w:bCs w:val="0"/>'))
    for level, style_id in RUN_IN.items():
        styles.append(_style("character", style_id, f"标题 {level} 字符", based_on="DefaultParagraphFont",
                             custom=True, extra=f'<w:link w:val="{HEADINGS[level]}"/><w:uiPriority w:val="9"/>',
                             rpr=_rfonts(HEADING_FONTS[level])))
    return (f'<w:styles {nsdecls("w")}><w:docDefaults><w:rPrDefault><w:rPr>{_rfonts(BODY_FONT, LATIN_FONT)}'
            f'{_size(BODY_SIZE)}<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f'<w:pPrDefault><w:pPr>{_spacing()}</w:pPr></w:pPrDefault></w:docDefaults>{"".join(styles)}</w:styles>')


# --------------------------------------------------------------------------- public API


def docx_filename(family: Family) -> str:
    """The file name of a family's Word file, e.g. party-secretary-review.docx."""
    return f"{family.id}.docx"


def build_docx(family: Family, library: Library) -> bytes:
    """The family's whole model report (title, every composed line, 署名 and 日期) as .docx bytes."""
    document = _base_document()
    _set_up_page(document)
    body = document.element.body
    for line in compose(family, library):
        if line.kind == "table":
            _add_table(document, line)
        else:
            body.sectPr.addprevious(_paragraph(line))
    _place_signature(body)
    _drop_unused_styles(document)
    modified = _last_reviewed(family, library)
    _set_properties(document, family, modified)
    out = io.BytesIO()
    document.save(out)
    return _reproducible(out.getvalue(), modified)


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


def signature_indents(name: str, date: str) -> tuple[Twips, Twips]:
    """Right indents of the 署名 and of the 成文日期 (GB/T 9704-2012 §7.3.5.2): the longer of the two is
    右空二字, and the 日期's first character stands two characters right of the 署名's first character,
    or the 署名's two right of the 日期's where the 日期 is longer. reader.js does the same with the
    reader's values."""
    two = CHAR_PITCH.twips * SIGNATURE_INDENT_CHARS
    name_width, date_width = (_body_width(t) for t in (name, date))
    if date_width <= name_width:
        return Twips(two), Twips(name_width - date_width)
    return Twips(date_width - name_width), Twips(two)


def _body_width(text: str) -> int:
    """The width of `text` in the body's size, in twips: a Chinese character or full-width mark (U+2E80 and
    above, as compose.width counts) one CHAR_PITCH, anything else half a character, as a digit is."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return wide * CHAR_PITCH.twips + (len(text) - wide) * HALF_PITCH.twips


# --------------------------------------------------------------------------- building blocks


def _element(tag: str, parent=None, **attrs: str):
    """An element w:tag with w: attributes, appended to `parent` when given."""
    element = OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})
    if parent is not None:
        parent.append(element)
    return element


def _run(paragraph, text: str, style: str | None = None, direct: str = ""):
    """A w:r with its text, in character style `style`; `direct` (one of DIRECT_FORMATTING) is a font."""
    run = _element("w:r", paragraph)
    if style or direct:
        rpr = _element("w:rPr", run)
        if style:
            _element("w:rStyle", rpr, val=style)
        if direct:
            _element("w:rFonts", rpr, eastAsia=direct)
    t = _element("w:t", run)
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")
    return run


def _runs(paragraph, text: str, style: str | None = None, direct: str = "") -> None:
    """`text` as runs: each slot a run in 填空项, the text between in `style`."""
    for piece, slot in split_slots(XML_ILLEGAL_RE.sub("", text)):
        _run(paragraph, piece, SLOT if slot else style, direct if slot else "")


def _paragraph(line: Line):
    """One paragraph in the style of its kind of line; a title's lines are separated by line breaks."""
    style = {"title": TITLE, "heading": HEADINGS.get(line.level), "signature": SIGNATURE, "date": DATE}.get(line.kind)
    p = _element("w:p")
    if style:
        _element("w:pStyle", _element("w:pPr", p), val=style)
    if line.kind == "title":
        for n, part in enumerate(line.parts):
            if n:
                _element("w:br", _element("w:r", p))
            _runs(p, part.text)
        return p
    text = line.text
    if line.kind == "paragraph" and line.number and line.level in RUN_IN:  # （一）……。 in 楷体, then the body
        cut = text.find("。") + 1 or len(text)
        _runs(p, text[:cut], RUN_IN[line.level], HEADING_FONTS[line.level])
        text = text[cut:]
    _runs(p, text)
    return p


def _place_signature(body) -> None:
    """The right indents of the 署名 and 成文日期 paragraphs, from their text."""
    found = {style: p for p in body.iterchildren(qn("w:p"))
             if (style := p.xpath("string(w:pPr/w:pStyle/@w:val)")) in (SIGNATURE, DATE)}
    if len(found) < 2:
        return
    texts = ["".join(found[s].xpath(".//w:t/text()")) for s in (SIGNATURE, DATE)]
    for style, indent in zip((SIGNATURE, DATE), signature_indents(*texts), strict=True):
        found[style].find(qn("w:pPr")).append(OxmlElement("w:ind", {qn("w:right"): str(indent.twips)}))


def _add_table(document, line: Line) -> None:
    """A table of the model text (a work plan's 工作安排) as a real Word table, with ruled cells, the
    header row in 表头 repeated on each page, and slots in 填空项 as in the paragraphs."""
    head, *rows = line.rows
    table = document.add_table(rows=len(rows) + 1, cols=len(head))
    table.style = document.styles.get_by_id(TABLE_GRID, WD_STYLE_TYPE.TABLE)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # the header row repeats on each page
    for r, cells in enumerate(line.rows):
        for c, text in enumerate(cells):
            p = table.cell(r, c).paragraphs[0]._p
            _element("w:pStyle", p.get_or_add_pPr(), val=TABLE_HEAD if r == 0 else TABLE_TEXT)
            _runs(p, text)
    document.add_paragraph()  # Word needs a paragraph between a table and what follows


# --------------------------------------------------------------------------- the package


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"  # Word 2010's copy


def _base_document():
    """python-docx's default template, stripped: the export's own styles, settings, fonts and app.xml,
    and none of the template's thumbnail, customXml (an APA bibliography), numbering, styles with
    effects or web settings."""
    document = Document()
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, RT.NUMBERING, STYLES_WITH_EFFECTS, RT.WEB_SETTINGS):
            document.part.rels.pop(rel_id)
    styles = document.styles.element
    styles[:] = list(parse_xml(_styles_xml()))
    _set_up_settings(document.settings.element)
    parts = {str(part.partname): part for part in package.iter_parts()}
    # python-docx keeps these parts as plain bytes (no XML API): their blobs are replaced whole.
    parts["/word/fontTable.xml"]._blob = _font_table().encode("utf-8")
    parts["/docProps/app.xml"]._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{AUTHOR}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>").encode()
    return document


def _set_up_settings(settings) -> None:
    """Compatibility mode 15 (Word 2013 and later: no 兼容模式), theme fonts for zh-CN, no preview picture or rsids."""
    for tag in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    settings.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")


def _font_table() -> str:
    """The fonts the styles name, each Chinese one with the usual alternative (仿宋_GB2312 → 仿宋 …)."""
    chinese = dict.fromkeys((BODY_FONT, *HEADING_FONTS.values(), TITLE_FONT, TABLE_HEAD_FONT, PAGE_NUMBER_FONT))
    fonts = [f'<w:font w:name="{LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/>'
             '<w:pitch w:val="variable"/></w:font>']
    for name in chinese:
        alt = f'<w:altName w:val="{ALT_FONTS[name]}"/>' if name in ALT_FONTS else ""
        fonts.append(f'<w:font w:name="{name}">{alt}<w:charset w:val="86"/><w:family w:val="modern"/>'
                     '<w:pitch w:val="fixed"/></w:font>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {nsdecls("w")}>{"".join(fonts)}</w:fonts>'


def _drop_unused_styles(document) -> None:
    """Keep the styles the document's paragraphs, runs and tables name, what they are based on, and
    the defaults; drop links and next-styles that would point at a dropped style."""
    parts = [document.element, *(s.footer._element for s in document.sections),
             *(s.even_page_footer._element for s in document.sections)]
    used = {value for part in parts for value in part.xpath(".//w:pStyle/@w:val | .//w:rStyle/@w:val | .//w:tblStyle/@w:val")}
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iterchildren(qn("w:style"))}
    keep, todo = set(DEFAULT_STYLES), list(used)
    while todo:
        style_id = todo.pop()
        if style_id not in keep and style_id in styles:
            keep.add(style_id)
            todo.extend(styles[style_id].xpath("w:basedOn/@w:val"))
    keep |= set(DEFAULT_STYLES)
    for style_id, style in styles.items():
        if style_id not in keep:
            style.getparent().remove(style)
            continue
        for ref in style.xpath("w:link | w:next"):
            if ref.get(qn("w:val")) not in keep:
                style.remove(ref)


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.gutter = Emu(0)
    section.footer_distance = FOOTER_DISTANCE
    for name in [a for a in section._sectPr.attrib if "rsid" in a]:  # the template's revision ids
        del section._sectPr.attrib[name]
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    # Odd pages: number on the right, one character in; even pages: on the left (§7.5).
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, align) -> None:
    """"— N —" with a real PAGE field, in the footer style (宋体 14 pt, one character high)."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_INDENT
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_INDENT
    p = paragraph._p
    _run(p, f"{PAGE_NUMBER_DASH} ")
    p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    _run(p, f" {PAGE_NUMBER_DASH}")


def _last_reviewed(family: Family, library: Library) -> datetime.datetime:
    """The file's date: the latest day a phrase of the report was reviewed (the same for the same data)."""
    days = [library.phrases[pid].reviewed for section in family.sections for pid in section.phrase_ids]
    return datetime.datetime.combine(max(days, default=datetime.date(2026, 1, 1)), datetime.time())


def _set_properties(document, family: Family, modified: datetime.datetime) -> None:
    props = document.core_properties
    props.title = family.title
    props.author = props.last_modified_by = AUTHOR
    props.comments = props.keywords = props.subject = ""
    props.language = "zh-CN"
    props.created = props.modified = modified
    props.revision = 1


def _reproducible(data: bytes, when: datetime.datetime) -> bytes:
    """The zip rewritten with every entry dated `when`, in the same order, with the same attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            target.writestr(info, source.read(name))
    return out.getvalue()
