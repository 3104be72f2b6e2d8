"""Bench only: write each page's Markdown as the macros left it, for the plain-Material baseline.

Added to a copy of the synthetic site's mkdocs.yml by bench/generate.py (make_baseline); writes
$BENCH_CAPTURE_DIR/<page>.md with the page's front matter restored, and markup the macros defer
(overrides/hooks/deferred_html.py) in place, as the published page has it: the baseline's Markdown
and search read it.
"""

import os
import re
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority


@event_priority(-100)  # after the macros plugin has rendered the page
def on_page_markdown(markdown, page, **kwargs):
    out = Path(os.environ["BENCH_CAPTURE_DIR"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k == "title"}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n" if meta else ""
    in_place = re.sub(r"<!--deferred-html\n(.*?)\n-->", r"\1", markdown, flags=re.DOTALL)
    out.write_text(front + in_place, encoding="utf-8")
    return markdown
