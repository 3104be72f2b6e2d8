#!/usr/bin/env python3
"""Pagefind on a built site, for comparison with the site's own search (bench/README.md, issue 16).

Not part of `make bench`, and Pagefind is not a dependency of the project. To run it:

    python -m venv /tmp/pf && /tmp/pf/bin/pip install 'pagefind[extended]==1.5.2'
    .venv/bin/python bench/pagefind_eval.py SITE --pagefind "$(/tmp/pf/bin/python -c \
        'import os, pagefind_bin_extended as p; print(os.path.dirname(p.__file__))')/pagefind_extended"

SITE is a built site (`make build`, or a size of `bench/run.py --generate DIR` built with mkdocs). The
script indexes SITE's articles with Pagefind (into SITE/pagefind/), then in Debian's Chromium, without the
site's Content-Security-Policy (which refuses WebAssembly):
- on a plain page of SITE that imports pagefind/pagefind.js, types every query of tests/search_queries.yml
  and counts those whose page is among Pagefind's first three results (the order Material's box would
  show them in);
- behind Material's own search box: the page's worker is swapped for one that answers Material's
  messages from Pagefind (WORKER, served in place of the site's worker by a second server on the same
  folder; the first 10 pages and their sub-results, Pagefind's excerpts), and, side by side in the same run, the
  site's own worker: with an empty cache, navigation start → the first result of 党员发展 painted
  (cold), then the same query again in the same page (warm), as `make bench` times them. 3 trials of
  each, alternating, each figure printed.
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
from run import CHROMIUM, CHROMIUM_ARGS, WORKER_PATH, Served, searched  # noqa: E402

PAGE = """<!doctype html><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
window.pagefind = import("./pagefind/pagefind.js").then(async p => { await p.init(); return p; });
window.first = async (query, n) => {
  const search = await (await window.pagefind).search(query);
  return (await Promise.all(search.results.slice(0, n).map(r => r.data()))).map(d => d.url);
};
</script>
"""

WORKER = """/* Bench only (bench/pagefind_eval.py): Pagefind behind Material's search box. Answers Material's
   messages (0 set up → 1 ready; 2 query → 3 results) from Pagefind's index (SITE/pagefind/). */
var root = new URL("../../../", self.location.href), pagefind = null;
function locate(url) {
  var at = new URL(url, root);
  return at.pathname.slice(root.pathname.length) + at.hash;
}
self.addEventListener("message", function (ev) {
  var message = ev.data || {};
  if (message.type === 0) {
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (p) {
      return Promise.resolve(p.init()).then(function () { return p; });
    });
    pagefind.then(function () { self.postMessage({type: 1}); });
  } else if (message.type === 2) {
    var query = message.data;
    pagefind.then(function (p) { return query.trim() ? p.search(query) : {results: []}; }).then(function (search) {
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      var items = pages.map(function (data) {
        var page = {location: locate(data.url), title: data.meta.title || "", text: data.excerpt, score: 1, terms: {}};
        return [page].concat((data.sub_results || []).filter(function (sub) { return sub.url !== data.url; })
          .map(function (sub) { return {location: locate(sub.url), title: sub.title, text: sub.excerpt, score: 1, terms: {}}; }));
      });
      self.postMessage({type: 3, data: {items: items}});
    });
  }
});
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
    behind = Served(args.site, {WORKER_PATH: WORKER.encode()})  # Material's box, Pagefind's answers
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
        figures = {"site": ([], []), "pagefind": ([], [])}
        for _ in range(3):
            for kind, (cold, warm) in figures.items():
                one, two = searched(browser, (behind if kind == "pagefind" else served).url)
                cold.append(one)
                warm.append(two)
        browser.close()
    served.close()
    behind.close()
    for kind, (cold, warm) in figures.items():
        print(f"{kind:8} in Material's box: cold {statistics.median(cold):.0f} ms {[round(t) for t in cold]}, "
              f"warm {statistics.median(warm):.0f} ms {[round(t) for t in warm]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
