"""HTML and Markdown for the macros. Pure functions of the library; no MkDocs import.

Links are made by an `href(src_path, anchor=None)` callable that the caller provides, so these
functions do not need to know which page they are rendered on. Everything taken from the
library is HTML-escaped here; slots are then wrapped in <span class="slot">.
"""

from __future__ import annotations

import datetime
import functools
import html
import json
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlencode

from . import review
from .checks import checker_years
from .compose import Line, compose, section_lines
from .library import FUNCTIONS, SLOT_RE, Family, Library, Phrase, Section, Slot, replace_terms
from .terms import Terms, TermValue

Href = Callable[..., str]
Suggest = Callable[[Phrase], str]  # the forge's new-issue page for a block (macros/forge.py); None: no link

# One library page per function (its blocks, with a filter by topic, report type and 领域), and one by topic.
FUNCTION_PAGES = {"开头": "opening", "成绩": "achievements", "问题": "problems", "原因": "causes", "措施": "measures",
                  "结尾": "closing", "过渡": "transitions", "表态": "pledges"}
CATALOGUE_PAGE = "families/index.md"
CHECK_PAGE = "tools/check.md"  # the draft checker (docs/assets/javascripts/check.js)
ALTERNATIVES_PER_TOPIC = 4
# Material's indexer skips an element so marked (up to its first closing tag of the same name: the
# element must not hold another of its kind), then removes the mark from the page.
NOT_INDEXED = "found-elsewhere"
VOICE_LABELS = {"本人": "本人口吻", "本单位": "组织口吻", "通用": "口吻通用"}
KIND_LABELS = {"count": "数量", "percent": "比例", "money": "金额", "date": "日期", "year": "年份",
               "name": "名称", "text": "文字"}


def esc(text: str) -> str:
    """The one way data reaches a page: as text (HTML-escaped)."""
    return html.escape(text, quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def heading(level: int, text: str) -> str:
    """A Markdown heading (so that it gets its anchor and a place in the page's table of contents) whose
    text is data: escaped for HTML and for Markdown. Registered names (topics, 领域, report types) are
    checked at load to hold none of these characters; this keeps them text even if a check is missed."""
    return "#" * level + " " + esc(_MD_SPECIAL.sub(r"\\\1", text)) + "\n"


def table(cls: str, headers: tuple[str, ...], rows: Iterable[str]) -> str:
    """A table Material styles (it styles only tables without a class), wrapped in a div that names it."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    thead = f"<thead><tr>{head}</tr></thead>" if headers else ""
    return f'<div class="{cls}"><table>{thead}<tbody>{"".join(rows)}</tbody></table></div>'


def family_page(family: Family, section: Section | None = None) -> str:
    """Source path of a family's overview page or of one section's page."""
    return f"families/{family.id}/{section.id if section else 'index'}.md"


def function_page(function: str) -> str:
    """Source path of the library page that lists a function's blocks."""
    return f"library/{FUNCTION_PAGES[function]}.md"


def required_pages(library: Library) -> list[str]:
    """The page every family and every section of it must have."""
    return [family_page(f, s) for f in library.families.values() for s in (None, *f.sections)]


def expected_nav(library: Library) -> list:
    """The 范本 part of the nav: the catalogue, then each report type with its families and their sections."""
    return [CATALOGUE_PAGE] + [
        {library.report_types[type_id].name: [
            {f.title: [family_page(f)] + [{s.title: family_page(f, s)} for s in f.sections]} for f in families]}
        for type_id, families in library.families_by_type.items()]


def nav_problem(library: Library, nav: list) -> str | None:
    """Why mkdocs.yml's nav does not list the families as the data does (None if it does)."""
    import yaml

    expected = expected_nav(library)
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (name, value), = item.items()
            if value == expected:
                return None
            if isinstance(value, list) and CATALOGUE_PAGE in value:
                snippet = yaml.safe_dump([{name: expected}], allow_unicode=True, sort_keys=False, width=200)
                return ("mkdocs.yml: nav: the families must be listed by report type, in the order of "
                        "docs/data/report-types.yml, each with its sections in the order of its family file. "
                        f"Replace the '{name}' entry with:\n{snippet}")
    return f"mkdocs.yml: nav: no entry lists {CATALOGUE_PAGE} (the 范本 catalogue) followed by the families"


# --------------------------------------------------------------------------- text and slots


def slot_hint(slot: Slot) -> str:
    """The slot's hint with its example value, escaped: the tooltip of a slot and the note under its field."""
    return f"{esc(slot.hint)}（示例：{esc(slot.example)}）"


@functools.lru_cache(maxsize=1 << 10)
def slot_html(name: str, library: Library) -> str:
    return f'<span class="slot" data-slot="{esc(name)}" title="{slot_hint(library.slots[name])}">【{esc(name)}】</span>'


@functools.lru_cache(maxsize=1 << 16)  # the same phrases come back on many pages
def text_html(text: str, library: Library) -> str:
    """Plain library text → escaped HTML with terms filled in and slots highlighted."""
    escaped = esc(replace_terms(text, library.terms))
    return SLOT_RE.sub(lambda m: slot_html(html.unescape(m.group(1)), library), escaped)


# --------------------------------------------------------------------------- model text


def _line_html(line: Line, library: Library) -> str:
    if line.kind == "title":  # its lines as the Word file breaks them
        return f'<p class="report-title">{"<br>".join(text_html(part.text, library) for part in line.parts)}</p>'
    if line.kind in ("signature", "date"):
        return f'<p class="report-sign report-{line.kind}">{text_html(line.text, library)}</p>'
    if line.kind == "heading":
        return (f'<p class="report-h report-h{line.level}" data-level="{line.level}">'
                f"{esc(line.number)}{text_html(line.parts[0].text, library)}</p>")
    if line.kind == "table":
        head, *body = line.rows
        cells = "".join(f'<th scope="col">{text_html(c, library)}</th>' for c in head)
        rows = "".join("<tr>" + "".join(f"<td>{text_html(c, library)}</td>" for c in row) + "</tr>" for row in body)
        return f'<table class="report-table"><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>'
    spans = [f'<span class="report-num">{esc(line.number)}</span>'] if line.number else []
    for part in line.parts:
        inner = text_html(part.text, library)
        if part.phrase:  # its id is the anchor that links to this phrase on this page
            spans.append(f'<span class="phrase" id="{esc(part.phrase)}" data-phrase="{esc(part.phrase)}">{inner}</span>')
        else:
            spans.append(inner)
    return f'<p class="report-p">{"".join(spans)}</p>'


def lines_html(lines: Iterable[Line], library: Library, family: Family, *, label: str, indexed: bool = True) -> str:
    body = "\n".join(_line_html(line, library) for line in lines)
    skip = "" if indexed else f' data-search-exclude="{NOT_INDEXED}"'
    return (f'<div class="report" data-family="{esc(family.id)}" role="region" aria-label="{esc(label)}"{skip}>\n'
            f"{body}\n</div>")


def model_text(library: Library, family: Family, section: Section) -> str:
    return lines_html(section_lines(family, section.id, library), library, family,
                      label=f"{section.title}范文")


def full_report(library: Library, family: Family) -> str:
    """The whole report, not in the search index: each of its sentences is in a section page, which
    search finds (the overview keeps its title, headings and other text there)."""
    return lines_html(compose(family, library), library, family, label=f"{family.short_title}全文", indexed=False)


# --------------------------------------------------------------------------- family overview


def family_facts(family: Family, href: Href) -> str:
    rows = (("使用场合", family.occasion), ("谁来写", family.speaker), ("写给谁", family.audience),
            ("常见篇幅", family.length), ("什么时候交", family.due))
    check = f"{href(CHECK_PAGE)}?{urlencode({'family': family.id})}"
    return (table("family-facts", (), (f'<tr><th scope="row">{k}</th><td>{esc(v)}</td></tr>' for k, v in rows))
            + f'\n\n<p class="check-link">初稿写好后，可以用<a href="{esc(check)}">稿件体检</a>查一遍过时提法、'
              "未填的空、序号和篇幅；检查在本机浏览器中完成，稿件不上传。</p>")


def family_outline(library: Library, family: Family, href: Href) -> str:
    rows = []
    for section in family.sections:
        agrees = "、".join(family.section(s).title for s in section.agrees_with) or "—"
        rows.append(f'<tr><td><a href="{href(family_page(family, section))}">{esc(section.title)}</a></td>'
                    f"<td>{text_html(section.purpose, library)}</td><td>{esc(agrees)}</td></tr>")
    return table("family-outline", ("部分", "作用", "须与之对应"), rows)


def section_purpose(section: Section, library: Library) -> str:
    return f'<p class="section-purpose"><strong>这一部分写什么：</strong>{text_html(section.purpose, library)}</p>'


# --------------------------------------------------------------------------- phrase blocks


def _used_in(phrase: Phrase, library: Library, href: Href) -> str:
    uses = library.usage.get(phrase.id, [])
    if not uses:
        return '<p class="phrase-used">尚未用于范文，可作替换表述。</p>'
    links = "、".join(f'<a href="{href(family_page(f, s), phrase.id)}">{esc(f.short_title)}·{esc(s.title)}</a>'
                     for f, s in uses)
    return f'<p class="phrase-used">用于：{links}</p>'


def _phrase_foot(phrase: Phrase, suggest: Suggest | None) -> str:
    """When the block was last reviewed and, with the forge configured, a link to suggest a change.
    Not in the search index: the same words on every block."""
    link = f' · <a class="phrase-suggest" href="{esc(suggest(phrase))}">建议修改</a>' if suggest else ""
    return (f'<p class="phrase-foot" data-search-exclude="{NOT_INDEXED}">最近审核：'
            f'<time datetime="{esc(phrase.reviewed.isoformat())}">{esc(phrase.reviewed.isoformat())}</time>{link}</p>')


def phrase_block(phrase: Phrase, library: Library, href: Href, *, anchor: bool, link_library: bool = False,
                 suggest: Suggest | None = None) -> str:
    """One phrase block: title, id, function and topics, text, note, 误 example, where it is used, when it
    was last reviewed."""
    ident = f' id="{esc(phrase.id)}"' if anchor else ""
    code = (f'<a href="{href(function_page(phrase.function), phrase.id)}"><code>{esc(phrase.id)}</code></a>'
            if link_library else f"<code>{esc(phrase.id)}</code>")
    types = "、".join(library.report_types[t].name for t in phrase.types)
    domains = f" · 领域：{esc('、'.join(phrase.domains))}" if phrase.domains else ""
    parts = [
        f'<div class="phrase-block"{ident} data-phrase="{esc(phrase.id)}" data-topics="{esc(" ".join(phrase.topics))}" '
        f'data-types="{esc(" ".join(phrase.types))}" data-domains="{esc(" ".join(phrase.domains))}">',
        f'<p class="phrase-head"><strong>{esc(phrase.title)}</strong> {code} '
        f'<span class="phrase-meta">{esc(phrase.function)} · {esc("、".join(phrase.topics))}{domains} · '
        f'{esc(VOICE_LABELS[phrase.voice])} · 适用：{esc(types)}</span></p>',
        f'<p class="phrase-text">{text_html(phrase.text, library)}</p>',
    ]
    if phrase.note:
        parts.append(f'<p class="phrase-note"><strong>提示：</strong>{text_html(phrase.note, library)}</p>')
    if phrase.avoid:
        parts.append(f'<p class="phrase-avoid"><span class="label-wrong">误</span>'
                     f"{text_html(phrase.avoid.wrong, library)}<br><em>{text_html(phrase.avoid.why, library)}</em></p>")
    parts.append(_used_in(phrase, library, href))
    parts.append(_phrase_foot(phrase, suggest))
    parts.append("</div>")
    return "\n".join(parts)


def alternatives(library: Library, family: Family, section: Section, href: Href, suggest: Suggest | None = None) -> str:
    """Library blocks of the same function as the section's own phrases that fit the family (its report type
    and voice, the section's tense), on the section's own topics where there are such, and not in its
    model text, grouped by topic.

    Transitions (过渡) are left out unless the section has nothing else: they belong to a place in
    the report, not to a topic, and are browsed in the library instead.
    """
    functions = {library.phrases[pid].function for node in section.body for pid in _items(node)}
    functions = (functions - {"过渡"}) or functions
    used = family.phrase_sections
    candidates = [p for p in library.phrases.values()
                  if p.function in functions and p.id not in used and family.fits(p, section)]
    # Blocks on the section's own topics first: 德 and 绩 of an appraisal, or 基本情况 and 主要做法 of a
    # summary, draw on the same function but not on the same topics. Others only when none is left.
    own = {t for pid in section.phrase_ids for t in library.phrases[pid].topics}
    candidates = [p for p in candidates if own & set(p.topics)] or candidates
    if not candidates:
        return '<p class="empty">短语库中暂无可替换的表述。</p>'
    by_topic: dict[str, list[Phrase]] = {}
    for phrase in candidates:
        by_topic.setdefault(phrase.topics[0], []).append(phrase)
    listing = function_page(next(f for f in FUNCTIONS if f in functions))
    out = []
    for topic in library.topics:
        if topic not in by_topic:
            continue
        if len(by_topic) > 1:
            out.append(heading(3, topic))
        shown, rest = by_topic[topic][:ALTERNATIVES_PER_TOPIC], by_topic[topic][ALTERNATIVES_PER_TOPIC:]
        out.extend(phrase_block(p, library, href, anchor=False, link_library=True, suggest=suggest) + "\n"
                   for p in shown)
        if rest:  # the page stays the same size as the library grows
            query = urlencode({"topic": topic, "type": family.report_type})
            out.append(f'<p class="more">这一主题还有 {len(rest)} 条适用于本范本的表述，见'
                       f'<a href="{esc(href(listing))}?{esc(query)}">短语库·{esc(topic)}</a>。</p>\n')
    return "\n".join(out)


def _items(node) -> tuple[str, ...]:
    """Phrase ids a body node contributes as content (leads are glue, not content)."""
    if hasattr(node, "items"):
        return node.items
    return tuple(pid for child in getattr(node, "body", ()) for pid in _items(child))


def pitfalls(library: Library, family: Family, section: Section) -> str:
    """误/正 pairs: the section's own, then those of the phrase blocks in its model text."""
    pairs = [(p.wrong, p.right, p.why) for p in section.pitfalls]
    for pid in section.phrase_ids:
        phrase = library.phrases[pid]
        if phrase.avoid:
            pairs.append((phrase.avoid.wrong, phrase.text, phrase.avoid.why))
    if not pairs:
        return '<p class="empty">暂无。</p>'
    items = [
        f'<div class="pitfall"><p class="pitfall-wrong"><span class="label-wrong">误</span>{text_html(w, library)}</p>'
        f'<p class="pitfall-right"><span class="label-right">正</span>{text_html(r, library)}</p>'
        f'<p class="pitfall-why"><strong>为什么：</strong>{text_html(y, library)}</p></div>'
        for w, r, y in pairs
    ]
    return "\n".join(items)


def agreement(library: Library, family: Family, section: Section, href: Href) -> str:
    """Links to the sections this one must agree with, and the problem → cause → measure chain."""
    links = "".join(f'<li><a href="{href(family_page(family, family.section(s)))}">'
                    f"{esc(family.section(s).title)}</a>：{esc(family.section(s).purpose)}</li>"
                    for s in section.agrees_with)
    out = [f'<ul class="agrees-with">{links}</ul>'] if links else []
    where = family.phrase_sections
    functions = {library.phrases[pid].function for pid in section.phrase_ids}
    if functions & {"问题", "原因", "措施"}:
        rows = []
        for pid, owner in where.items():
            problem = library.phrases[pid]
            if problem.function != "问题":
                continue

            def cell(function: str, problem=problem) -> str:
                return "<br>".join(
                    f'<a href="{href(family_page(family, where[o]), o)}">{esc(library.phrases[o].title)}</a>'
                    for o in problem.pairs if o in where and library.phrases[o].function == function)

            rows.append(f'<tr><td><a href="{href(family_page(family, owner), pid)}">{esc(problem.title)}</a></td>'
                        f"<td>{cell('原因')}</td><td>{cell('措施')}</td></tr>")
        if rows:  # a plan has measures but no problems: no empty table
            out.append(table("agreement", ("问题", "对应原因", "对应措施"), rows))
    return "\n\n".join(out) if out else '<p class="empty">这一部分不与其他部分逐条对应。</p>'


# --------------------------------------------------------------------------- library pages


def _options(name: str, label: str, values: Iterable[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in values)
    return (f'<label>{esc(label)} <select name="{esc(name)}"><option value="">全部</option>{opts}</select></label>')


def library_function(library: Library, function: str, href: Href, suggest: Suggest | None = None) -> str:
    """Every block of one function, each with its anchor, and a filter by topic, report type and 领域
    (docs/assets/javascripts/library-filter.js; without it, every block shows)."""
    if function not in FUNCTIONS:
        raise KeyError(f"unknown function '{function}' (one of {'、'.join(FUNCTIONS)})")
    blocks = [p for p in library.phrases.values() if p.function == function]
    topics = [t for t in library.topics if any(t in p.topics for p in blocks)]
    types = [t for t in library.report_types if any(t in p.types for p in blocks)]
    domains = [d for d in library.domains if any(d in p.domains for p in blocks)]
    form = (f'<form class="library-filter" data-total="{len(blocks)}" hidden>'
            + _options("topic", "主题", ((t, t) for t in topics))
            + _options("type", "报告类型", ((t, library.report_types[t].name) for t in types))
            + (_options("domain", "领域", ((d, d) for d in domains)) if domains else "")
            + '<output class="filter-count" aria-live="polite"></output></form>')
    items = "\n".join(phrase_block(p, library, href, anchor=True, suggest=suggest) for p in blocks)
    return (f'<p class="library-count">{esc(function)}类表述共 {len(blocks)} 条。</p>\n{form}\n'
            f'<div class="phrase-list">\n{items}\n</div>')


def library_by_topic(library: Library, href: Href) -> str:
    """Each topic (then each 领域) with its summary, how many blocks of each function it has (linked to the
    function's page narrowed to it) and the titles of its blocks (linked to each block)."""
    def counts(param: str, value: str, has) -> str:
        links = []
        for function in FUNCTIONS:
            if n := sum(1 for p in library.phrases.values() if p.function == function and has(p)):
                url = f"{href(function_page(function))}?{urlencode({param: value})}"
                links.append(f'<a href="{esc(url)}">{esc(function)} {n} 条</a>')
        return f'<p class="topic-counts">{" · ".join(links)}</p>'

    def titles(has) -> str:
        items = "".join(f'<li data-phrase="{esc(p.id)}"><a href="{esc(href(function_page(p.function), p.id))}">'
                        f'{esc(p.title)}</a> <span class="phrase-meta">{esc(p.function)}</span>'
                        f'<div class="phrase-lead" data-search-exclude="{NOT_INDEXED}">'  # found on the function page
                        f'{text_html(first_sentence(p.text), library)}</div></li>'
                        for p in library.phrases.values() if has(p))
        return f'<ul class="topic-list">{items}</ul>'

    out = []
    for topic, summary in library.topics.items():
        has = functools.partial(lambda t, p: t in p.topics, topic)
        if any(has(p) for p in library.phrases.values()):
            out.append(f"{heading(2, topic)}\n<p>{esc(summary)}</p>\n\n{counts('topic', topic, has)}\n\n{titles(has)}\n")
    used_domains = [d for d in library.domains if any(d in p.domains for p in library.phrases.values())]
    if used_domains:
        out.append("## 按领域\n\n<p>只适用于某一领域的表述。其余表述各领域通用。</p>\n")
        for domain in used_domains:
            has = functools.partial(lambda d, p: d in p.domains, domain)
            out.append(f"{heading(3, domain)}\n<p>{esc(library.domains[domain])}</p>\n\n"
                       f"{counts('domain', domain, has)}\n\n{titles(has)}\n")
    return "\n".join(out)


def first_sentence(text: str) -> str:
    """The topic sentence of a block: up to its first 。 (what a writer scans a list for)."""
    end = text.find("。")
    return text if end < 0 else text[:end + 1]


def library_stats(library: Library, href: Href) -> str:
    """How many blocks the library holds: by function (linked to its page) and by report type."""
    phrases = library.phrases.values()
    rows = (f'<tr><td><a href="{esc(href(function_page(f)))}">{esc(f)}</a></td><td>{n}</td></tr>'
            for f in FUNCTIONS if (n := sum(p.function == f for p in phrases)))
    types = (f"<tr><td>{esc(t.name)}</td><td>{sum(t.id in p.types for p in phrases)}</td></tr>"
             for t in library.report_types.values())
    return (f'<p class="library-total">短语库现有 {len(library.phrases)} 条表述。</p>\n\n'
            + table("library-stats", ("按功能", "条数"), rows) + "\n\n"
            + table("library-stats-types", ("适用的报告类型", "条数"), types))


def catalogue(library: Library, href: Href) -> str:
    """Every family, grouped by report type: occasion, who speaks to whom, length, when it is due."""
    out = []
    for type_id, families in library.families_by_type.items():
        kind = library.report_types[type_id]
        rows = (f'<tr><td><a href="{esc(href(family_page(f)))}">{esc(f.title)}</a></td><td>{esc(f.occasion)}</td>'
                f"<td>{esc(f.speaker)}；{esc(f.audience)}</td><td>{esc(f.length)}</td><td>{esc(f.due)}</td></tr>"
                for f in families)
        out.append(f"{heading(2, kind.name)}\n<p>{esc(kind.summary)}</p>\n\n"
                   + table("catalogue", ("范本", "使用场合", "谁来写、写给谁", "常见篇幅", "什么时候交"), rows) + "\n")
    return "\n".join(out)


# --------------------------------------------------------------------------- registries


def slot_table(library: Library, family: Family | None = None) -> str:
    """The slot registry, grouped; limited to the slots a family uses when one is given."""
    wanted = set(used_slots(library, family)) if family else set(library.slots)
    rows = (f"<tr><td>{slot_html(n, library)}</td><td>{esc(slot.group)}</td><td>{KIND_LABELS[slot.kind]}</td>"
            f"<td>{esc(slot.hint)}</td><td>示例：{esc(slot.example)}</td></tr>"
            for n, slot in library.slots.items() if n in wanted)  # in registry order
    return table("slot-table", ("填空项", "分组", "类型", "填写提示", "示例值"), rows)


def deferred(html: str) -> str:
    """Markup that Markdown, MkDocs and the search indexer need not read, in a comment that
    overrides/hooks/deferred_html.py takes away from the finished page."""
    if "-->" in html:
        raise ValueError("deferred HTML cannot hold '-->'")
    return f"<!--deferred-html\n{html}\n-->"


@functools.lru_cache(maxsize=256)
def reader_tools(library: Library, family: Family) -> str:
    """Toolbar and fill-in panel of a family page. Hidden until docs/assets/javascripts/reader.js runs;
    not in the search index (nothing of the page's own: the family's slot names and hints)."""
    groups: dict[str, list[str]] = {}
    for name in used_slots(library, family):
        groups.setdefault(library.slots[name].group, []).append(name)
    fieldsets = []
    for group, names in groups.items():
        fields = "".join(
            f'<div class="fill-field"><label for="fill-{esc(n)}">{esc(n)}</label>'
            f'<input id="fill-{esc(n)}" type="text" data-slot="{esc(n)}" autocomplete="off" '
            f'placeholder="示例：{esc(library.slots[n].example)}" aria-describedby="fill-{esc(n)}-hint">'
            f'<small id="fill-{esc(n)}-hint">{slot_hint(library.slots[n])}</small>'
            f"</div>"
            for n in names)
        fieldsets.append(f"<fieldset><legend>{esc(group)}</legend>{fields}</fieldset>")
    return deferred(
        f'<div class="reader-tools" data-family="{esc(family.id)}" hidden>\n'
        '<div class="reader-toolbar">'
        '<button type="button" class="md-button guidance-toggle" aria-pressed="false">隐藏写作指导</button> '
        '<button type="button" class="md-button print-page">打印</button>'
        "</div>\n"
        '<details class="fill-panel"><summary>填写本单位信息 <span class="fill-count" aria-live="polite"></span></summary>'
        '<p class="fill-note">在这里填写一次，本范本各页面中同名的填空项都会随之更新。填写的内容只保存在本机浏览器中，'
        "不会上传；在公用电脑上用完请点“清除”。</p>"
        f'{"".join(fieldsets)}'
        f'{_length_meter(library, family)}'
        '<p><button type="button" class="md-button fill-clear">清除</button></p></details>\n'
        "</div>"
    )


def _length_meter(library: Library, family: Family) -> str:
    """For a family whose form limits the length: the text's length without slots (spaces not counted)
    and how often each slot occurs, from which reader.js counts the filled-in text as the reader types."""
    if not family.target_chars:
        return ""
    text = "".join(line.text for line in compose(family, library, title=False))
    text = re.sub(r"\s", "", text)
    slots: dict[str, int] = {}
    for name in SLOT_RE.findall(text):
        slots[name] = slots.get(name, 0) + 1
    base = len(SLOT_RE.sub("", text))
    low, high = family.target_chars
    return (f'<p class="length-meter" data-base="{base}" data-slots="{esc(json.dumps(slots, ensure_ascii=False))}" '
            f'data-min="{low}" data-max="{high}">篇幅（不含标题）：<output aria-live="polite"></output>'
            f"（常见 {low}—{high} 字）</p>")


def word_downloads(family: Family, docx_url: str, jszip_url: str) -> str:
    """Download buttons of a family; the filled-in one is shown and run by reader.js."""
    return (
        f'<div class="word-downloads" data-family="{esc(family.id)}">'
        f'<a class="md-button md-button--primary" href="{esc(docx_url)}" download>下载 Word 模板</a> '
        f'<button type="button" class="md-button word-filled" data-docx="{esc(docx_url)}" '
        f'data-jszip="{esc(jszip_url)}" data-filename="{esc(family.title)}（已填写）.docx" hidden>下载已填写的 Word</button> '
        '<span class="word-status" role="status"></span></div>'
    )


@functools.lru_cache(maxsize=256)
def used_slots(library: Library, family: Family) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in compose(family, library):
        for name in SLOT_RE.findall(line.text):
            seen.setdefault(name)
    return tuple(seen)


def terms_table(history: Terms) -> str:
    """The current value of each term for the site's report year, then each term's history."""
    current = history.current
    rows = (f"<tr><td>{esc(t.label)}</td><td>{esc(current[k].value)}{_example(current[k])}</td>"
            f"<td><code>{{{{ terms.{esc(k)} }}}}</code></td><td>{esc(current[k].checked.isoformat())}</td></tr>"
            for k, t in history.terms.items())
    past = (f"<tr><td>{esc(t.label)}</td><td>{esc(v.value)}{_example(v)}</td><td>{esc(v.start_text)}</td>"
            f"<td>{esc(v.checked.isoformat())}</td><td>{esc(v.source)}</td></tr>"
            for t in history.terms.values() for v in t.history)
    return (f'<p class="terms-year">报告年度：{history.report_year}年</p>\n\n'
            + table("terms-table", ("提法", "当前值", "在页面和短语中写作", "最近核对"), rows) + "\n\n"
            + table("terms-history", ("提法", "历次取值", "起用", "最近核对", "核对依据"), past))


def _example(value: TermValue) -> str:
    return ' <span class="term-example">（示例，按当年通知替换）</span>' if value.example else ""


# --------------------------------------------------------------------------- the draft checker


def draft_checker(library: Library, rules_url: str) -> str:
    """The checker's form: report year, family, the draft (pasted, or read from a .docx), the findings.
    Hidden until docs/assets/javascripts/check.js runs; the rules come from `rules_url` (checks.py)."""
    years = "".join(f'<option value="{y}"{" selected" if y == library.term_history.report_year else ""}>{y}年</option>'
                    for y in checker_years(library.term_history))
    families = "".join(f'<option value="{esc(f.id)}">{esc(f.title)}</option>' for f in library.families.values())
    return deferred(
        f'<form class="draft-check" data-rules="{esc(rules_url)}" hidden>\n'
        '<div class="check-options">'
        f'<label>报告年度 <select name="year">{years}</select></label> '
        f'<label>范本 <select name="family"><option value="">不选（不查篇幅）</option>{families}</select></label>'
        "</div>\n"
        '<label class="check-draft-label" for="check-draft">稿件（每段一行）</label>\n'
        '<textarea id="check-draft" name="draft" rows="14" spellcheck="false" '
        'placeholder="把稿件粘贴到这里，或者把 .docx 文件拖到这个框里"></textarea>\n'
        '<div class="check-file"><label>或者选择 Word 文件（.docx）：<input type="file" name="file" '
        'accept=".docx,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"></label> '
        '<span class="check-file-status" role="status"></span></div>\n'
        '<label class="check-keep"><input type="checkbox" name="keep"> 在本机浏览器中保存这份稿件（公用电脑上不要勾选）</label>\n'
        '<div class="check-results"><p class="check-summary" role="status"></p><ol class="check-findings"></ol></div>\n'
        "</form>"
    )


def check_rules(library: Library, href: Href) -> str:
    """What the checker looks for, rule by rule, from the same data it runs."""
    rows = []
    for rule in library.checks:
        page, _, anchor = rule.guide.partition("#")
        example = f"<br>例：{esc(' / '.join(rule.example.splitlines()))}" if rule.example else ""
        message = rule.message.replace("{retired}", str(rule.retired)) if rule.retired else rule.message
        rows.append(f"<tr><td>{esc(rule.group)}</td><td>{esc(_rule_summary(message))}{example}</td>"
                    f'<td><a href="{esc(href(page, _fragment(anchor) or None))}">说明</a></td><td><code>{esc(rule.id)}</code></td></tr>')
    return table("check-rules", ("类别", "查什么", "指南", "规则"), rows)


def _fragment(anchor: str) -> str:
    """An anchor from the data as a URL fragment: letters and digits as they are, anything else percent-encoded."""
    return re.sub(r"[^\w-]", lambda m: quote(m.group(0)), anchor)


def _rule_summary(message: str) -> str:
    """A rule's message with its placeholders shown as 〔…〕, for the rules table."""
    names = {"found": "文中的写法", "current": "当前提法", "label": "提法", "year": "报告年度", "retired": "停用年份",
             "missing": "上一层", "expected": "应有的写法", "count": "字数", "low": "下限", "high": "上限",
             "family": "范本", "section": "部分", "share": "比例", "previous": "前一处"}
    return re.sub(r"\{(\w+)\}", lambda m: f"〔{names.get(m.group(1), m.group(1))}〕", message)


# --------------------------------------------------------------------------- maintainers


def review_due(library: Library, today: datetime.date, href: Href) -> str:
    """The 待复核 page: blocks and terms due for review on `today` (the rules are in macros/review.py)."""
    phrases = [f'<tr><td><a href="{esc(href(function_page(p.function), p.id))}">{esc(p.title)}</a><br>'
               f"<code>{esc(p.id)}</code></td><td>{esc(p.function)}</td><td>{esc(p.reviewed.isoformat())}</td>"
               f"<td><code>{esc(str(p.where))}</code></td></tr>" for p in review.phrases_due(library, today)]
    terms = [f"<tr><td>{esc(t.label)}<br><code>terms.{esc(t.key)}</code></td><td>{esc(v.value)}{_example(v)}</td>"
             f"<td>{esc(v.checked.isoformat())}</td><td><code>{esc(str(v.where))}</code></td></tr>"
             for t, v in review.terms_due(library.term_history, today)]

    def part(title: str, note: str, cls: str, headers: tuple[str, ...], rows: list[str]) -> str:
        body = f"<p>{note}</p>\n\n" + table(cls, headers, rows) if rows else '<p class="empty">暂无。</p>'
        return f"{heading(2, title)}{body}\n\n"

    return (f'<p class="review-date">按构建日期 {esc(today.isoformat())} 计算：短语的最近审核日期早于 '
            f"{esc(review.months_before(today).isoformat())}、提法的最近核对日期早于 "
            f"{esc(review.terms_cutoff(library.term_history, today).isoformat())} 的，列在下面。</p>\n\n"
            + part("待复核的短语", f"共 {len(phrases)} 条，最久未审核的在前。", "review-phrases",
                   ("短语", "功能", "最近审核", "所在文件"), phrases)
            + part("待核对的提法", f"共 {len(terms)} 项。", "review-terms", ("提法", "当前值", "最近核对", "所在文件"), terms))
