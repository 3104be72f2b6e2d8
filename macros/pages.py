"""A page's own Markdown around Jinja (mkdocs-macros' on_pre_page_macros and on_post_page_macros).

mkdocs-macros compiles every page as a Jinja template, at about 0.2 ms for each `{{ … }}` in it, and
compiling is most of its time. Two kinds of expression need no Jinja, and are kept out of its way:

- a slot, written 【名称】 in pages as in the data;
- a call of one of this site's macros with plain string arguments, such as
  `{{ model_text("party-secretary-review", "work") }}`, on a page without `{% … %}` or `{# … #}`
  (there every `{{ … }}` is output in order, as Jinja gives it).

hide() puts a short mark in place of each, outside code (fenced blocks and code spans stay as
written); Jinja renders the rest; show() puts in place of each mark what the macro returns (a slot
is `slot("名称")`), as if Jinja had called it there. Anything else is Jinja's. The marks hold the
line of the page they stand for: show() reports a failure as KeyError(message, line).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from .library import SLOT_RE

# A fenced code block or a code span.
CODE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(?:.*\n)*?[ \t]*\1[ \t]*$|(`+).+?\2", re.MULTILINE)
# {{ name("a", "b") }}: a call with plain string arguments (no quote, backslash, brace or mark in them).
CALL_RE = re.compile(r'\{\{ ?(\w+)\(((?:"[^"\\{}\x02\x03\x1f]*"(?:, ?"[^"\\{}\x02\x03\x1f]*")*)?)\) ?\}\}')
TOKEN_RE = re.compile(f"{CALL_RE.pattern}|{SLOT_RE.pattern}")
MARK_RE = re.compile("\x02([^\x03]*)\x03")  # \x02 line \x1f name \x1f argument … \x03


def hide(markdown: str, known: Callable[[str], bool]) -> str:
    """Each slot, and each plain call of a macro `known` names, as a mark for show()."""
    calls = "{{" in markdown and "{%" not in markdown and "{#" not in markdown
    if "【" not in markdown and not calls:
        return markdown

    def prose(start: int, end: int) -> str:
        def one(match: re.Match) -> str:
            name, args, slot = match.groups()
            if slot is not None:
                name, args = "slot", [slot]
            elif calls and known(name):
                args = re.findall(r'"([^"]*)"', args)
            else:
                return match.group(0)
            line = markdown.count("\n", 0, start + match.start()) + 1
            return "\x02" + "\x1f".join([str(line), name, *args]) + "\x03"

        return TOKEN_RE.sub(one, markdown[start:end])

    out, at = [], 0
    for code in CODE_RE.finditer(markdown):
        out += [prose(at, code.start()), code.group()]
        at = code.end()
    out.append(prose(at, len(markdown)))
    return "".join(out)


def show(markdown: str, call: Callable[..., str]) -> str:
    """The rendered page with each mark replaced by call(name, *arguments)."""
    if "\x02" not in markdown:
        return markdown

    def one(match: re.Match) -> str:
        line, name, *args = match.group(1).split("\x1f")
        try:
            return call(name, *args)
        except (KeyError, TypeError) as error:
            shown = "" if name == "slot" else f"{name}({', '.join(map(repr, args))}): "
            raise KeyError(shown + str(error.args[0] if isinstance(error, KeyError) else error), int(line)) from None

    return MARK_RE.sub(one, markdown)


# --------------------------------------------------------------------------- errors in pages

FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)  # as MkDocs reads it


def front_matter_error(source: str) -> str | None:
    """Why a page's front matter does not parse (MkDocs would drop it without a word), with its line; or None."""
    import yaml

    match = FRONT_MATTER_RE.match(source)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1  # the first line of the page is ---
        return f"line {line}: the front matter does not parse: {error.problem or error}" + \
               (" (quote a title that holds a colon: title: \"甲：乙\")" if "mapping values" in str(error) else "")
    except yaml.YAMLError as error:
        return f"line 1: the front matter does not parse: {error}"
    if data is not None and not isinstance(data, dict):
        return "line 2: the front matter must be a mapping such as title: 页面标题"
    if isinstance(data, dict) and "title" in data and not str(data["title"] or "").strip():
        return "line 2: the page title is blank"
    return None


_JINJA_FILE = re.compile(r"_File_: `([^`]+)`")
_JINJA_WHAT = re.compile(r"^_(\w+)_: (.*)$", re.MULTILINE)
_JINJA_SYNTAX = re.compile(r"_Line (\d+) in Markdown file:_ \*\*(.*?)\*\*")
_JINJA_LINE = re.compile(r'File "<(?:template|unknown)>", line (\d+)')
_HINTS = {
    "UndefinedError": "a variable or macro that is not defined: check its spelling; the terms are listed on the 时效性提法 page",
    "TemplateNotFound": "an include of a file that does not exist",
    "TemplateSyntaxError": "a {{ }} or {% %} that does not close, or a misspelt statement",
}


def short_jinja_error(message: str, offset: int = 0) -> str | None:
    """mkdocs-macros' report of a page that Jinja could not render (a Markdown block with a Python
    traceback) as one line: page, line, what went wrong and what it usually means. None if it is not one."""
    if "_Macro Rendering Error_" not in message and "_Macro Syntax Error_" not in message:
        return None
    page = (_JINJA_FILE.search(message) or [None, "?"])[1]
    if syntax := _JINJA_SYNTAX.search(message):
        line, kind, what = int(syntax[1]), "TemplateSyntaxError", syntax[2]
    else:
        found = _JINJA_WHAT.findall(message.split("```")[0])
        kind, what = next(((k, w) for k, w in found if k != "File"), ("Error", "?"))
        lines = _JINJA_LINE.findall(message)
        line = int(lines[-1]) if lines else 0
    hint = _HINTS.get(kind, "")
    where = f"{page}, line {line + offset}" if line else page
    return f"{where}: {kind}: {what}" + (f" ({hint})" if hint else "")


class ShortJinjaErrors(logging.Filter):
    """A logging filter that turns mkdocs-macros' report of a page Jinja could not render into
    `short_jinja_error`'s one line; `offset()` gives the lines of the current page's front matter."""

    def __init__(self, offset: Callable[[], int]):
        super().__init__()
        self.offset = offset

    def filter(self, record: logging.LogRecord) -> bool:
        if "_Macro" in str(record.msg) and (short := short_jinja_error(record.getMessage(), self.offset())):
            record.msg, record.args, record.levelno, record.levelname = short, (), logging.ERROR, "ERROR"
        return True
