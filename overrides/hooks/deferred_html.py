"""HTML put into a page after Markdown and search have read it (MkDocs hook, mkdocs.yml → hooks).

Python's HTMLParser reads the raw HTML of every page three times: MkDocs looking for anchors,
Markdown setting raw HTML blocks aside, Material's search indexer. A macro whose output is fixed
markup with nothing in it to convert, link-check or index wraps it in a comment,

    <!--deferred-html
    …
    -->

which each of them passes over in one step; on_post_page takes the comment away, so the published
page is the one the markup would have made in place. macros/render.py (deferred()) writes the reader
tools of a family page so (toolbar and fill-in panel, about 7 KB on each of its pages): at 1,000
pages the build takes about 4 s less (bench/README.md).
"""

import re

OPEN = "<!--deferred-html\n"
DEFERRED = re.compile(re.escape(OPEN) + r"(.*?)\n-->", re.DOTALL)


def on_post_page(output, page, config):
    return DEFERRED.sub(lambda m: m.group(1), output) if OPEN in output else output
