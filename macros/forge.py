"""Links to the forge the site is maintained on, when REPO_URL is set at build time (mkdocs.yml).

Pure module: no MkDocs import. Material makes each page's "edit this page" link from `repo_url` and
`edit_uri`; `configure` gives `edit_uri` the default of the forge that FORGE names (`extra.forge`), and
returns what makes each phrase block's 建议修改 link: the forge's new-issue page, its title and description
filled in. With REPO_URL unset there is neither link, and nothing on a page points at the forge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .library import Phrase


@dataclass(frozen=True)
class Forge:
    edit_uri: str  # a file's edit page, after the repository's address (branch main, folder docs/)
    new_issue: str  # the new-issue page, after the repository's address
    title: str  # its query parameters for the title and the description
    body: str


FORGES = {
    "gitlab": Forge("-/edit/main/docs/", "-/issues/new", "issue[title]", "issue[description]"),
    "gitea": Forge("_edit/main/docs/", "issues/new", "title", "body"),  # Forgejo too
    "github": Forge("edit/main/docs/", "issues/new", "title", "body"),
}


def new_issue_url(repo_url: str, forge: Forge, title: str, body: str) -> str:
    """The forge's new-issue page with the title and description filled in, every character URL-encoded."""
    query = urlencode({forge.title: title, forge.body: body}, quote_via=quote)
    return f"{repo_url.rstrip('/')}/{forge.new_issue}?{query}"


def suggestion(phrase: Phrase) -> tuple[str, str]:
    """Title and description of the issue that suggests a change to a phrase block."""
    return (f"建议修改短语：{phrase.title}（{phrase.id}）",
            f"短语编号：{phrase.id}\n短语标题：{phrase.title}\n所在文件：{phrase.where}\n\n"
            "建议改为：\n\n理由和依据（新的事实请写明出处）：\n")


def configure(conf) -> Callable[[Phrase], str] | None:
    """Give `edit_uri` its default for the forge and return phrase → its 建议修改 address, or None
    when `repo_url` is not set. `conf` is MkDocs' configuration (read as a mapping, edit_uri written)."""
    name = (conf.get("extra") or {}).get("forge") or "gitlab"
    if name not in FORGES:
        raise ValueError(f"mkdocs.yml: extra.forge (FORGE) is '{name}': one of {', '.join(FORGES)}")
    repo_url = conf.get("repo_url")
    if not repo_url:
        return None
    forge = FORGES[name]
    if not conf.get("edit_uri"):
        conf["edit_uri"] = forge.edit_uri
    return lambda phrase: new_issue_url(repo_url, forge, *suggestion(phrase))
