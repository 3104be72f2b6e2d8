"""A page's own Markdown before Jinja renders it (mkdocs-macros' on_pre_page_macros).

Two things are done here, outside code (fenced blocks and code spans stay as written):

- 【名称】 becomes the slot, as `{{ slot("名称") }}` renders it: slots are written 【名称】 in pages as
  in the data.
- A call of one of this site's macros with plain string arguments, such as
  `{{ model_text("party-secretary-review", "work") }}`, is replaced by what the macro returns, on a
  page without `{% … %}` or `{# … #}` (where every `{{ … }}` is output in order, as Jinja would
  give it). mkdocs-macros compiles every page as a Jinja template, at about 0.2 ms for each
  expression in it; what is left to compile is then mostly text. Anything else is left to Jinja.

Both report a failure as KeyError(message, line), the line counted from the start of the Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .library import SLOT_RE

# A fenced code block or a code span.
CODE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(?:.*\n)*?[ \t]*\1[ \t]*$|(`+).+?\2", re.MULTILINE)
# {{ name("a", "b") }}: a call with plain string arguments (no quote, backslash or brace in them).
CALL_RE = re.compile(r'\{\{ ?(\w+)\(((?:"[^"\\{}]*"(?:, ?"[^"\\{}]*")*)?)\) ?\}\}')
ARGUMENT_RE = re.compile(r'"([^"]*)"')
TOKEN_RE = re.compile(f"{CALL_RE.pattern}|{SLOT_RE.pattern}")
JINJA_RE = re.compile(r"\{[{%#]")  # an expansion that Jinja would read as its own is left to Jinja

Call = Callable[[str, tuple[str, ...]], "str | None"]  # the expansion, or None to leave the call to Jinja


def expand(markdown: str, slot: Callable[[str], str], call: Call) -> str:
    """The page with its slots and its plain macro calls expanded (see the module's docstring)."""
    calls = "{{" in markdown and "{%" not in markdown and "{#" not in markdown
    if "【" not in markdown and not calls:
        return markdown

    def line_of(at: int) -> int:
        return markdown.count("\n", 0, at) + 1

    def prose(start: int, end: int) -> str:
        def one(match: re.Match) -> str:  # what it returns is not read again
            name, args, slot_name = match.groups()
            try:
                if slot_name is not None:
                    return slot(slot_name)
                out = call(name, tuple(ARGUMENT_RE.findall(args))) if calls else None
                return match.group(0) if out is None or JINJA_RE.search(out) else out
            except KeyError as error:
                shown = "" if slot_name else f"{name}({', '.join(map(repr, ARGUMENT_RE.findall(args)))}): "
                raise KeyError(shown + error.args[0], line_of(start + match.start())) from None

        return TOKEN_RE.sub(one, markdown[start:end])

    out, at = [], 0
    for code in CODE_RE.finditer(markdown):
        out += [prose(at, code.start()), code.group()]
        at = code.end()
    out.append(prose(at, len(markdown)))
    return "".join(out)
