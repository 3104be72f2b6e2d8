"""Macros of 工作报告范本库: a thin door between MkDocs and the pure modules.

library.py loads and validates the YAML under docs/data; compose.py numbers a family's model
text; render.py turns both into HTML; word.py writes the .docx files; review.py says what is due for
review; forge.py makes the links to the forge (REPO_URL). This file only registers
the macros, makes links relative to the page being rendered, has pages.py keep a page's slots and
plain macro calls out of Jinja's way, and writes each family's Word file after the build.
The loaded library is cached by file modification time; nothing here changes from page to page.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import os
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import forge, pages, render, word
from .checks import checker_data
from .library import LibraryError, load_cached, suggest, suggest_slot

DOWNLOADS = "downloads"  # folder of the site where the Word templates are written
JSZIP = "assets/vendor/jszip/jszip.min.js"


class MacroError(Exception):
    """A macro was called with an unknown family, section, phrase or slot."""


def load(conf):
    """The validated library for this configuration (cached until a data file changes)."""
    try:
        return load_cached(Path(conf["docs_dir"]) / "data", root=Path(conf["config_file_path"]).parent)
    except LibraryError as error:
        raise PluginError(f"the phrase library has {len(error.problems)} error(s):\n{error}") from None


def _file(conf, src: str) -> File:
    return File(src, conf["docs_dir"], conf["site_dir"], conf["use_directory_urls"])


def _rules_json(conf) -> str:
    """Where in the site the draft checker's rules go: beside its page (tools/check/rules.json)."""
    return posixpath.join(posixpath.dirname(_file(conf, render.CHECK_PAGE).dest_uri), "rules.json")


def on_post_build(env) -> None:
    """Write each family's Word template into the built site, from the same composition as its pages;
    and the draft checker's rules, with the terms history and each family's length, as one JSON file."""
    conf = env.conf
    library = load(conf)
    site = Path(conf["site_dir"])
    word.write_families(library, site / DOWNLOADS)
    if not (Path(conf["docs_dir"]) / render.CHECK_PAGE).is_file():
        return  # a site without the checker page (the test fixtures)
    page_url = _file(conf, render.CHECK_PAGE).url

    def link(guide: str) -> str:
        src, _, anchor = guide.partition("#")
        return get_relative_url(_file(conf, src).url, page_url) + (f"#{anchor}" if anchor else "")

    data = checker_data(library.checks, library.term_history, library.families.values(), link)
    out = site / _rules_json(conf)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_pre_page_macros(env) -> None:
    """The page's front matter must parse; then slots and plain calls of this site's macros, kept out of Jinja's way (pages.py)."""
    if error := pages.front_matter_error(env.page.file.content_string):
        raise PluginError(f"{env.page.file.src_uri}, {error}")
    env.markdown = pages.hide(env.markdown, lambda name: getattr(env.macros.get(name), "direct", False))


def on_post_page_macros(env) -> None:
    """…and put in place: what the macro returns (a slot 【名称】 is slot("名称"))."""
    try:
        env.markdown = pages.show(env.markdown, lambda name, *args: env.macros[name].__wrapped__(*args))
    except KeyError as error:
        message, line = error.args
        raise PluginError(f"{env.page.file.src_uri}, line {line + _front_matter_lines(env.page)}: {message}") from None


def _front_matter_lines(page) -> int:
    """How many lines of the page's file come before its Markdown (the front matter)."""
    source = page.file.content_string
    return source.count("\n", 0, max(source.find(page.markdown), 0))


def _short_errors(env) -> None:
    """mkdocs-macros prints a Jinja error in a page with a Python traceback: print one line instead,
    unless BAOGAO_TRACEBACK=1 (`make build V=1`) asks for the traceback."""
    if os.environ.get("BAOGAO_TRACEBACK") == "1":
        return

    def offset() -> int:
        page = getattr(env, "page", None)
        return _front_matter_lines(page) if page is not None and page.markdown is not None else 0

    log = logging.getLogger("mkdocs.plugins.mkdocs_macros.util")
    log.filters = [f for f in log.filters if not isinstance(f, pages.ShortJinjaErrors)]  # once, also under `mkdocs serve`
    log.addFilter(pages.ShortJinjaErrors(offset))


def define_env(env) -> None:
    conf = env.conf
    docs_dir = Path(conf["docs_dir"])
    _short_errors(env)
    library = load(conf)
    if conf.get("nav") and (problem := render.nav_problem(library, conf["nav"])):
        raise PluginError(problem)
    env.variables["terms"] = library.terms  # {{ terms.campaign }}: the values for the site's report year
    env.variables["report_year"] = library.term_history.report_year
    missing = [p for p in render.required_pages(library) if not (docs_dir / p).is_file()]
    if missing:
        raise PluginError("pages missing for families in docs/data/families: " + ", ".join(missing))
    try:
        suggest_change = forge.configure(conf)  # REPO_URL unset: None, and no 建议修改 link
    except ValueError as error:
        raise PluginError(str(error)) from None

    @functools.cache
    def site_url_of(src: str) -> str:
        """URL in the built site of a page (by source path) or of a file of the site."""
        return _file(conf, src).url if src.endswith(".md") else src

    def href(src: str, anchor: str | None = None) -> str:
        """Link from the page being rendered."""
        return get_relative_url(site_url_of(src), env.page.url) + (f"#{anchor}" if anchor else "")

    def macro(fn):
        """Register `fn`; turn a lookup failure into an error that names the page and the call."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except KeyError as error:
                page = env.page.file.src_uri if env.page else "?"
                call = f"{fn.__name__}({', '.join([repr(a) for a in args] + [f'{k}={v!r}' for k, v in kwargs.items()])})"
                raise MacroError(f"{page}: {call}: {error.args[0]}") from None

        wrapper.direct = True  # pages.py may call fn directly, for a plain call in a page
        env.macro(wrapper, fn.__name__)
        return wrapper

    def family_section(family_id: str, section_id: str):
        family = library.family(family_id)
        try:
            return family, family.section(section_id)
        except KeyError:
            ids = [s.id for s in family.sections]
            raise KeyError(f"unknown section '{section_id}' of family '{family_id}'{suggest(section_id, ids)}") from None

    @macro
    def slot(name: str) -> str:
        """A highlighted slot 【名称】; the name must be in docs/data/slots.yml."""
        if name not in library.slots:
            raise KeyError(f"unknown slot 【{name}】{suggest_slot(name, library.slots)}")
        return render.slot_html(name, library)

    @macro
    def phrase(phrase_id: str) -> str:
        """One phrase block from the library, with its text, note and 误 example."""
        return render.phrase_block(library.phrase(phrase_id), library, href, anchor=False, link_library=True,
                                   suggest=suggest_change)

    @macro
    def model_text(family_id: str, section_id: str) -> str:
        """The numbered model text of one section of a family."""
        return render.model_text(library, *family_section(family_id, section_id))

    @macro
    def section_purpose(family_id: str, section_id: str) -> str:
        """What a section is for, from the family file."""
        return render.section_purpose(family_section(family_id, section_id)[1], library)

    @macro
    def alternatives(family_id: str, section_id: str) -> str:
        """Library blocks that could replace the section's phrasing, grouped by topic."""
        return render.alternatives(library, *family_section(family_id, section_id), href, suggest_change)

    @macro
    def pitfalls(family_id: str, section_id: str) -> str:
        """常见误区 as 误/正 pairs with the reason."""
        return render.pitfalls(library, *family_section(family_id, section_id))

    @macro
    def agreement(family_id: str, section_id: str) -> str:
        """Sections this one must agree with, and the problem → cause → measure table."""
        return render.agreement(library, *family_section(family_id, section_id), href)

    @macro
    def full_report(family_id: str) -> str:
        """The whole report of a family, assembled from its sections."""
        return render.full_report(library, library.family(family_id))

    @macro
    def family_facts(family_id: str) -> str:
        """Occasion, speaker, audience and typical length of a family."""
        return render.family_facts(library.family(family_id), href)

    @macro
    def family_outline(family_id: str) -> str:
        """The sections of a family, what each is for and what each must agree with."""
        return render.family_outline(library, library.family(family_id), href)

    @macro
    def slot_table(family_id: str = "") -> str:
        """The slot registry; only the slots a family uses when a family is given."""
        return render.slot_table(library, library.family(family_id) if family_id else None)

    @macro
    def reader_tools(family_id: str) -> str:
        """Reader toolbar (hide guidance, print) and the fill-in panel for a family's slots."""
        return render.reader_tools(library, library.family(family_id))

    @macro
    def word_downloads(family_id: str) -> str:
        """下载 Word 模板 (built from the composition) and 下载已填写的 Word (filled in the browser)."""
        family = library.family(family_id)
        return render.word_downloads(family, href(f"{DOWNLOADS}/{word.docx_filename(family)}"), href(JSZIP))

    @macro
    def library_function(function: str) -> str:
        """Every phrase block of one function (开头, 成绩, …), with its anchor and a filter."""
        return render.library_function(library, function, href, suggest_change)

    @macro
    def library_by_topic() -> str:
        """Each topic and 领域 with its summary and its blocks counted by function."""
        return render.library_by_topic(library, href)

    @macro
    def library_stats() -> str:
        """How many phrase blocks the library holds, by function and by report type."""
        return render.library_stats(library, href)

    @macro
    def catalogue() -> str:
        """Every template family, grouped by report type, with its occasion, speaker, length and due time."""
        return render.catalogue(library, href)

    @macro
    def terms_table() -> str:
        """The time-bound terms, their current values and when they were last checked."""
        return render.terms_table(library.term_history)

    @macro
    def draft_checker() -> str:
        """稿件体检: the form the draft checker (check.js) runs in, with its report years and families."""
        return render.draft_checker(library, href(_rules_json(conf)))

    @macro
    def check_rules() -> str:
        """The draft checker's rules, one row each, with the guide page that explains it."""
        return render.check_rules(library, href)

    @macro
    def review_due() -> str:
        """Phrase blocks and terms due for review on the build date (macros/review.py has the rules)."""
        return render.review_due(library, datetime.date.today(), href)
