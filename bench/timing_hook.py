"""Bench only: time spent inside the macros plugin during a build.

bench/run.py adds this hook to the synthetic project's mkdocs.yml for the timed project builds. Its
on_config runs first (priority 100) and replaces, in MkDocs' own event lists, every event handler of
the macros plugin by a wrapper that adds the handler's wall time (time.perf_counter) to a total. That
covers loading and validating the phrase library (define_env, in the plugin's on_config), rendering
every page's Markdown through Jinja2 with the macros (on_page_markdown) and the plugin's other
events. The last on_post_build writes {"macros_s": total, "calls": n} to $BENCH_TIMING_FILE.
The wrappers cost about a microsecond per call, under 10 ms for the largest site.
"""

from __future__ import annotations

import functools
import json
import os
import time

from mkdocs.plugins import event_priority

TOTAL = {"macros_s": 0.0, "calls": 0, "by_event": {}}


def _wrap(event: str, method):
    @functools.wraps(method)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent = time.perf_counter() - start
            TOTAL["macros_s"] += spent
            TOTAL["calls"] += 1
            TOTAL["by_event"][event] = TOTAL["by_event"].get(event, 0.0) + spent

    return timed


@event_priority(100)
def on_config(config, **kwargs):
    macros = config.plugins.get("macros")
    if macros is None:
        return config
    for event, methods in config.plugins.events.items():
        for i, method in enumerate(methods):
            if getattr(method, "__self__", None) is macros:
                methods[i] = _wrap(event, method)
    return config


@event_priority(-1000)
def on_post_build(config, **kwargs):
    path = os.environ.get("BENCH_TIMING_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(TOTAL, out)
