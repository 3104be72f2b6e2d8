"""最后更新 only where git has the pages' history.

mkdocs-git-revision-date-localized-plugin gives each page the date of its last commit. Outside a git
work tree (a copied or unpacked checkout, the test suite's fixture sites), without git, or in a shallow
clone (where every file not changed since the oldest commit fetched would seem changed in it), it has no
true date to give: it stops the build, or gives a wrong date. This hook turns it off first, so that the
build goes on and the pages show no date. mkdocs.yml keeps `fallback_to_build_date: false`: a page never
shows the build's date in place of a commit's.
"""

from __future__ import annotations

import logging
import subprocess

from mkdocs.plugins import event_priority

PLUGIN = "git-revision-date-localized"
log = logging.getLogger("mkdocs.hooks.git_dates")


def missing_history(folder: str) -> str | None:
    """Why git cannot give the dates of the files in `folder`, or None if it can."""
    try:
        result = subprocess.run(["git", "-C", folder, "rev-parse", "--is-shallow-repository"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"git cannot be run ({error})"
    if result.returncode != 0:
        return (result.stderr.strip().splitlines() or ["not in a git work tree"])[0]
    if result.stdout.strip() == "true":
        return "the checkout is shallow (fetch the whole history for the dates)"
    return None


@event_priority(100)  # before the plugin's own on_config, wherever it is listed
def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and plugin.config["enabled"] and (why := missing_history(config.docs_dir)):
        log.info(f"pages show no 最后更新 date: {why}")
        plugin.config["enabled"] = False
    return config
