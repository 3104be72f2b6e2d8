#!/usr/bin/env python3
"""Pagefind on a built site, for comparison with the site's own search (bench/README.md, issue 16).

Not part of `make bench`, and Pagefind is not a dependency of the project. To run it:

    python -m venv /tmp/pf && /tmp/pf/bin/pip install 'pagefind[extended]==1.5.2'
    .venv/bin/python bench/pagefind_eval.py SITE --pagefind /tmp/pf/bin/pagefind_extended

SITE is a built site (`make build`, or a size of `bench/run.py --generate DIR` built with mkdocs). The
script indexes SITE's articles with Pagefind (into SITE/pagefind/), then in Debian's Chromium, on a plain
page of SITE that imports pagefind/pagefind.js (not Material's search box, and without the site's
Content-Security-Policy, which refuses WebAssembly): types every query of tests/search_queries.yml and
counts those whose page is among Pagefind's first three results; and, with an empty cache, times
navigation start → the first 10 results of 党员发展 with their excerpts (cold), then another query in
the same page (warm). 3 trials, each figure printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from run import CHROMIUM, CHROMIUM_ARGS, QUERY, Served  # noqa: E402

PAGE = """<!doctype html><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
window.pagefind = import("./pagefind/pagefind.js").then(async p => { await p.init(); return p; });
window.first = async (query, n) => {
  const search = await (await window.pagefind).search(query);
  return (await Promise.all(search.results.slice(0, n).map(r => r.data()))).map(d => d.url);
};
</script>
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pagefind", default="pagefind_extended", help="the Pagefind binary (extended build)")
    args = parser.parse_args(argv)
    subprocess.run([args.pagefind, "--site", str(args.site), "--root-selector", "article"], check=True)
    (args.site / "pagefind-eval.html").write_text(PAGE, encoding="utf-8")
    cases = yaml.safe_load((BENCH.parent / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    from playwright.sync_api import sync_playwright

    served = Served(args.site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(served.url + "pagefind-eval.html")
        passed = 0
        for case in cases:
            wanted = {case["page"]} if isinstance(case["page"], str) else set(case["page"])
            top = [urlsplit(url).path.lstrip("/").split("#")[0] for url in page.evaluate("q => first(q, 3)", case["query"])]
            passed += bool(wanted & set(top))
            if not wanted & set(top):
                print(f"miss {case['kind']} {case['query']}: {top}")
        print(f"query set: {passed}/{len(cases)} in the top 3")
        cold, warm = [], []
        for _ in range(3):
            context = browser.new_context()
            page = context.new_page()
            page.goto(served.url + "pagefind-eval.html", wait_until="domcontentloaded")
            page.evaluate("q => first(q, 10)", QUERY)
            cold.append(page.evaluate("performance.now()"))
            warm.append(page.evaluate("async q => { const t = performance.now(); await first(q, 10); "
                                      "return performance.now() - t; }", QUERY + "工作"))
            context.close()
        browser.close()
    served.close()
    print(f"cold {statistics.median(cold):.0f} ms {[round(t) for t in cold]}, "
          f"warm {statistics.median(warm):.0f} ms {[round(t) for t in warm]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
