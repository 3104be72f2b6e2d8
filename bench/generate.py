"""Synthetic sites for the benchmark: the real project, scaled up with generated families.

`make_site(n_pages, dest)` copies the real docs/, macros/, overrides/ and mkdocs.yml into `dest/project`,
applies the configuration proposed in bench/README.md (navigation.prune, the search-index hook, families
grouped under 范本) to that copy, and adds generated template families with `n_pages` section pages in
all. Every generated page calls the project's real macros; the generated phrase library is recombined
from clauses of the real one, so jieba segments realistic text.

`make_baseline(project, dest)` writes the same site as plain Material would see it: each page's
Markdown with the macros already expanded (captured from a build of the project by
bench/capture_hook.py), a stock mkdocs.yml (theme material, language zh, search with jieba) and the same
nav, Markdown extensions and stylesheets — no macros, no hooks, no overrides, no theme features.
"""

from __future__ import annotations

import datetime
import math
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
SEED = 20261129
SECTIONS_PER_FAMILY = 7
PHRASES_PER_PAGE = 2  # size of the generated phrase pool: 2 phrase blocks per generated section page
FAMILIES_PER_GROUP = 12  # families per report type in the nav (范本 → report type → family)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# Report types: the nav groups families by type; names of the generated families are made from them.
REPORT_TYPES = [
    ("述职报告", ["党组织书记抓基层党建工作述职报告", "领导干部个人述职述廉报告", "党支部书记年度述职报告"]),
    ("工作总结", ["机关党委年度工作总结", "党支部年度工作总结", "党建工作半年总结"]),
    ("责任制落实", ["落实全面从严治党主体责任情况报告", "意识形态工作责任制落实情况报告",
                    "党风廉政建设责任制落实情况报告"]),
    ("对照检查", ["民主生活会领导班子对照检查材料", "组织生活会个人对照检查材料", "专题民主生活会发言提纲"]),
    ("整改报告", ["巡察反馈意见整改情况报告", "审计发现问题整改情况报告", "主题教育检视问题整改报告"]),
    ("专项报告", ["党员发展工作情况报告", "基层党组织标准化建设情况报告", "党建品牌创建情况报告"]),
    ("学习教育", ["理论学习中心组年度学习情况报告", "党员教育培训工作总结", "集中学习教育总结报告"]),
    ("调研报告", ["基层党建工作调研报告", "党建与业务融合情况调研报告", "青年党员队伍建设调研报告"]),
    ("计划要点", ["年度党建工作要点", "党员发展工作计划", "支部年度学习计划"]),
    ("典型材料", ["先进基层党组织事迹材料", "优秀共产党员事迹材料", "党建工作经验交流材料"]),
    ("考核材料", ["党建工作考核自评报告", "基层党建述职评议汇报", "党建目标责任书完成情况报告"]),
    ("会议讲话", ["党建工作会议讲话稿", "七一表彰大会讲话稿", "专题党课讲稿"]),
]
UNITS = ["局机关", "街道", "乡镇", "中学", "医院", "国有企业", "事业单位", "社区", "村", "学院", "科研院所", "派出所"]

# The sections of a generated family, in report order: (id, title, heading, function of its phrases).
SECTIONS = [
    ("opening", "开头", None, "开头"),
    ("work", "主要工作", "主要工作", "成绩"),
    ("problems", "存在问题", "存在的主要问题", "问题"),
    ("causes", "原因分析", None, "原因"),
    ("measures", "下步措施", "下步工作思路和主要措施", "措施"),
    ("resolve", "表态", "努力方向", "表态"),
    ("closing", "结尾", None, "结尾"),
]
WORK_HEADINGS = ["聚焦中心任务，发挥战斗堡垒作用", "抓实理论武装，筑牢思想根基", "严密组织体系，夯实基层基础",
                 "严把入口关口，优化党员队伍", "建好用好阵地，拓展活动空间", "深化志愿服务，擦亮党建品牌",
                 "压实工作责任，健全制度机制", "改进工作作风，密切联系群众", "推动党业融合，服务发展大局"]
CLAUSE_RE = re.compile(r"[^，；。：！？]+[，；。：！？]")
PAIRS = ("“”", "（）", "【】", "《》", "‘’")


# --------------------------------------------------------------------------- project text, no MkDocs tags


def read_config_text(path: Path) -> dict:
    """mkdocs.yml as plain data, ignoring MkDocs' custom tags (!ENV, !!python/...)."""
    loader = type("L", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda *_: None)
    loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def _balanced(text: str) -> bool:
    """Brackets and quotes paired, and braces only in whole {{ … }} calls (the real text's Jinja)."""
    rest = re.sub(r"\{\{[^{}]*\}\}", "", text)
    return all(text.count(a) == text.count(b) for a, b in PAIRS) and "{" not in rest and "}" not in rest


def clauses(texts) -> list[str]:
    out = []
    for text in texts:
        for clause in CLAUSE_RE.findall(text):
            if 4 <= len(clause) <= 80 and _balanced(clause):
                out.append(clause)
    return out


def cut_points(clause: str) -> list[int]:
    """Word boundaries (jieba) inside a clause where no bracket, quote or {{ … }} is open."""
    import jieba

    points, at = [], 0
    for word in jieba.cut(clause):
        at += len(word)
        head = clause[:at]
        if 2 <= at <= len(clause) - 3 and _balanced(head):
            points.append(at)
    return points


def guidance_lines(docs: Path) -> list[str]:
    """Bullets of the real pages' 写作要点 and of the guide pages (Jinja calls kept: they are real macros)."""
    lines = []
    for path in sorted(docs.rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("- ") and len(line) > 20 and "](" not in line and "`" not in line:
                lines.append(line[2:].strip())
    return lines


# --------------------------------------------------------------------------- the generated library


class Generator:
    def __init__(self, n_pages: int, seed: int = SEED):
        import jieba

        from macros.library import load_library  # the real loader validates what we write

        jieba.setLogLevel(60)
        jieba.load_userdict(str(ROOT / "docs" / "data" / "search-dict.txt"))
        self.rng = random.Random(seed)
        self.n_pages = n_pages
        self.library = load_library(ROOT / "docs" / "data", root=ROOT)
        lib = self.library
        by_function: dict[str, list] = {}
        for phrase in lib.phrases.values():
            by_function.setdefault(phrase.function, []).append(phrase)
        self.clauses = {f: clauses(p.text for p in ps) for f, ps in by_function.items()}
        self.clauses["结尾"] += self.clauses["表态"]
        self.titles = {f: [p.title for p in ps] for f, ps in by_function.items()}
        self.titles["结尾"] += self.titles["表态"]
        everything = [p.text for p in lib.phrases.values()]
        self.any_clauses = clauses(everything)
        self.notes = clauses(p.note for p in lib.phrases.values() if p.note)
        self.wrongs = clauses(p.avoid.wrong for p in lib.phrases.values() if p.avoid)
        self.whys = clauses([p.avoid.why for p in lib.phrases.values() if p.avoid]
                            + [pit.why for f in lib.families.values() for s in f.sections for pit in s.pitfalls])
        self.purposes = clauses(s.purpose for f in lib.families.values() for s in f.sections)
        self.guidance = guidance_lines(ROOT / "docs")
        self.guidance_clauses = clauses(self.guidance)
        self.topics = [t for t in lib.topics if t != "通用"]
        self.today = datetime.date(2026, 11, 29)
        self._cuts: dict[str, list[int]] = {}

    # ---- text

    def clause(self, pool: list[str]) -> str:
        """A clause of the pool, or (four times in five) the head of one spliced to the tail of another
        at word boundaries, so that the text varies as a real library does while staying idiomatic."""
        a = self.rng.choice(pool)
        if self.rng.random() < 0.2:
            return a
        b = self.rng.choice(pool)
        for c in (a, b):
            if c not in self._cuts:
                self._cuts[c] = cut_points(c)
        if not self._cuts[a] or not self._cuts[b]:
            return a
        spliced = a[: self.rng.choice(self._cuts[a])] + b[self.rng.choice(self._cuts[b]):]
        return spliced if _balanced(spliced) else a

    def sentence(self, pool: list[str], lo: int, hi: int) -> str:
        """A sentence of lo–hi different clauses, ending with 。."""
        parts: list[str] = []
        for _ in range(self.rng.randint(lo, hi)):
            clause = self.clause(pool)
            if clause not in parts:
                parts.append(clause)
        return "".join(parts)[:-1] + "。"

    # ---- phrases

    def _title(self, function: str) -> str:
        a, b = self.rng.choice(self.titles[function]), self.rng.choice(self.titles[function])
        return (a[: max(2, len(a) // 2)] + b[len(b) // 2:])[:16]

    def _phrase(self, pid: str, function: str, pairs=()) -> dict:
        rng = self.rng
        pool = self.clauses.get(function) or self.any_clauses
        block = {"id": pid, "title": self._title(function), "function": function,
                 "voice": "通用", "tense": "通用", "types": [type_id(i) for i in range(len(REPORT_TYPES))],
                 "topics": rng.sample(self.topics, rng.choice((1, 1, 2))),
                 "text": self.sentence(pool, 6, 9)}
        if rng.random() < 0.3:
            block["note"] = self.sentence(self.notes, 1, 2)
        if rng.random() < 0.8:
            block["avoid"] = {"wrong": self.sentence(self.wrongs, 1, 2), "why": self.sentence(self.whys, 1, 2)}
        if pairs:
            block["pairs"] = list(pairs)
        block["added"] = block["reviewed"] = self.today
        return block

    def phrase_pool(self) -> dict[str, list[dict]]:
        """Generated phrase blocks by function, PHRASES_PER_PAGE per section page in all.

        问题 blocks come in triples with one 原因 and one 措施 block they name in `pairs`, so any family
        that uses the three together satisfies the library's problem → cause → measure check.
        """
        total = max(80, PHRASES_PER_PAGE * self.n_pages)
        # Shares of the pool, as the real library uses them per family.
        share = {"开头": 0.06, "成绩": 0.34, "问题": 0.12, "原因": 0.12, "措施": 0.12, "表态": 0.10,
                 "结尾": 0.06, "过渡": 0.08}
        pool: dict[str, list[dict]] = {f: [] for f in share}
        n = {f: max(12, round(total * s)) for f, s in share.items()}
        triples = max(n["问题"], 8)
        for i in range(triples):
            cause, measure = f"bench-causes.c{i:05d}", f"bench-measures.m{i:05d}"
            pool["问题"].append(self._phrase(f"bench-problems.p{i:05d}", "问题", (cause, measure)))
            pool["原因"].append(self._phrase(cause, "原因"))
            pool["措施"].append(self._phrase(measure, "措施"))
        stems = {"开头": "bench-opening", "成绩": "bench-achievements", "表态": "bench-resolve",
                 "结尾": "bench-closing", "过渡": "bench-transitions"}
        for function, stem in stems.items():
            for i in range(n[function]):
                pool[function].append(self._phrase(f"{stem}.x{i:05d}", function))
        return pool

    # ---- families

    def family(self, index: int, n_sections: int, pool: dict[str, list[dict]]) -> dict:
        rng = self.rng
        group = (index // FAMILIES_PER_GROUP) % len(REPORT_TYPES)
        names = REPORT_TYPES[group][1]
        name = rng.choice(names)
        unit = rng.choice(UNITS)
        fid = f"bench-f{index:04d}"
        title = f"{unit}{name}（范本{index + 1}）"
        chosen = self._sections(n_sections)
        used: set[str] = set()

        def take(function: str, k: int) -> list[dict]:
            picks = [b for b in rng.sample(pool[function], min(len(pool[function]), k + 8)) if b["id"] not in used][:k]
            used.update(b["id"] for b in picks)
            return picks

        triples = []
        if "problems" in chosen:
            for block in rng.sample(pool["问题"], rng.randint(4, 5)):
                triples.append(block)
                used.update([block["id"], *block["pairs"]])
        sections = []
        for sid, stitle, heading, function in SECTIONS:
            if sid not in chosen:
                continue
            if sid == "work":
                headings = rng.sample(WORK_HEADINGS, rng.randint(5, 6))
                body = [[b["id"] for b in take("过渡", 1)]]
                body += [{"heading": h, "body": [[b["id"] for b in take("成绩", rng.randint(2, 3))]]} for h in headings]
            elif sid == "problems":
                body = [[b["id"] for b in take("过渡", 1)]]
                body += [{"phrases": [b["id"]], "numbered": True} for b in triples]
            elif sid == "causes":
                lead = take("过渡", 1)[0]["id"]
                body = [{"lead": lead, "phrases": [b["pairs"][0] for b in triples], "enumerate": "是"}]
            elif sid == "measures":
                body = [[b["id"] for b in take("过渡", 1)]]
                body += [{"phrases": [b["pairs"][1]], "numbered": True} for b in triples]
            elif sid == "resolve":
                body = [[b["id"]] for b in take("表态", 3)]
            else:
                body = [[b["id"] for b in take(function, 3)]]
            section = {"id": sid, "title": stitle}
            if heading:
                section["heading"] = heading
            section["purpose"] = self.sentence(self.purposes, 3, 5)
            others = [s for s in chosen if s != sid]
            if others:
                section["agrees_with"] = rng.sample(others, min(len(others), rng.randint(1, 3)))
            section["pitfalls"] = [{"wrong": self.sentence(self.wrongs, 2, 3),
                                    "right": self.sentence(self.clauses.get(function) or self.any_clauses, 4, 6),
                                    "why": self.sentence(self.whys, 2, 3)} for _ in range(rng.randint(3, 4))]
            section["body"] = body
            sections.append(section)
        data = {
            "id": fid, "title": title, "short_title": f"{unit}{name}"[:10] + f"（{index + 1}）",
            "report_type": type_id(group), "voice": "本人", "tense": "回顾", "due": "每年年底",
            "report_title": f"【党组织名称】【年度】年度{name}",
            "occasion": self.sentence(self.purposes, 1, 2), "speaker": "党组织书记本人，以第一人称报告",
            "audience": "上级党委负责同志、组织部门和党员群众代表", "length": "一般三千至五千字",
            "signature": False, "sections": sections,
        }
        return data

    def _sections(self, k: int) -> list[str]:
        ids = [s[0] for s in SECTIONS]
        if k >= len(ids):
            return ids
        if k >= 3:
            keep = ["problems", "causes", "measures"] + ["opening", "closing", "work", "resolve"][: k - 3]
        else:
            keep = ["opening", "closing"][:k]
        return [s for s in ids if s in keep]

    # ---- pages

    def bullets(self, k: int) -> str:
        rng = self.rng
        lines = []
        for _ in range(k):
            if rng.random() < 0.3:
                lines.append(rng.choice(self.guidance))
            else:
                lines.append(self.sentence(self.guidance_clauses, 3, 6))
        return "\n".join(f"- {line}" for line in lines)

    def section_page(self, family: dict, section: dict) -> str:
        fid, sid = family["id"], section["id"]
        call = f'"{fid}", "{sid}"'
        return f"""---
title: {section['title']}｜{family['title']}
---

# {section['title']}

{{{{ reader_tools("{fid}") }}}}

{{{{ section_purpose({call}) }}}}

## 范文

{{{{ model_text({call}) }}}}

## 写作要点

{self.bullets(self.rng.randint(16, 22))}

## 前后对应

{{{{ agreement({call}) }}}}

## 常见误区

{{{{ pitfalls({call}) }}}}
"""

    def index_page(self, family: dict) -> str:
        fid = family["id"]
        return f"""---
title: {family['title']}
---

# {family['title']}

{{{{ reader_tools("{fid}") }}}}

{self.sentence(self.any_clauses, 4, 7)}

{{{{ family_facts("{fid}") }}}}

## 各部分怎样配合

{self.sentence(self.guidance_clauses, 3, 5)}

{{{{ family_outline("{fid}") }}}}

## 全文

{{{{ full_report("{fid}") }}}}

## 本范本用到的填空项

{{{{ slot_table("{fid}") }}}}
"""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


# --------------------------------------------------------------------------- the proposed configuration


PRUNE = "    - navigation.prune    # only the current family's pages are in each page's nav (bench/README.md)\n"
HOOKS = ("hooks:\n  # Search index written as UTF-8, jieba's cuts reused, word counts for the search worker.\n"
         "  - overrides/hooks/search_index.py\n  # Markup that Markdown and search need not read, put in place at the end.\n"
         "  - overrides/hooks/deferred_html.py\n\n")


def propose_config(text: str, nav: list) -> str:
    """The project's mkdocs.yml with the proposed changes: navigation.prune, the hook, and `nav`.

    Applied as text edits so MkDocs' tags (!ENV, !!python/...) and the comments stay as they are.
    """
    if "navigation.prune" not in text:
        text = re.sub(r"(?m)^(    - navigation\.sections.*\n)", lambda m: m.group(1) + PRUNE, text, count=1)
        assert "navigation.prune" in text, "mkdocs.yml: navigation.sections not found"
    if not re.search(r"(?m)^hooks:", text):
        text = re.sub(r"(?m)^(markdown_extensions:)", lambda m: HOOKS + m.group(1), text, count=1)
    nav_yaml = "nav:\n" + _indent(_dump(nav), 2)
    text = re.sub(r"(?ms)^nav:\n.*?(?=^\S|\Z)", lambda m: nav_yaml + "\n", text, count=1)
    return text


def type_id(group: int) -> str:
    """The id of a generated report type (REPORT_TYPES[group]), registered in the copy's report-types.yml."""
    return f"bench-type-{group:02d}"


def _indent(text: str, n: int) -> str:
    return "".join(" " * n + line if line.strip() else line for line in text.splitlines(keepends=True))


def proposed_nav(real_nav: list) -> list:
    """The real nav with the performance page in it (make_site then puts the generated families under 范本)."""
    nav = [dict(item) if isinstance(item, dict) else item for item in real_nav]
    if not any("about/performance.md" in str(item) for item in nav):
        about = next((item for item in nav if isinstance(item, dict) and "关于本站" in item), None)
        if about is None:
            about = {"关于本站": []}
            nav.append(about)
        about["关于本站"] = list(about["关于本站"]) + [{"性能与规模": "about/performance.md"}]
    return nav


# --------------------------------------------------------------------------- entry points


def copy_project(dest: Path) -> None:
    """What a build of the project reads: docs/, macros/, overrides/ and the folders mkdocs.yml watches."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    folders = {"docs", "macros", "overrides"} | set(read_config_text(ROOT / "mkdocs.yml").get("watch") or [])
    for name in sorted(folders):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
        elif (ROOT / name).is_file():  # CHANGELOG.md
            shutil.copy(ROOT / name, dest / name)


def make_site(n_pages: int, dest: Path, seed: int = SEED) -> dict:
    """The project plus generated families with `n_pages` section pages, in dest/project."""
    project = Path(dest) / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    copy_project(project)

    gen = Generator(n_pages, seed)
    pool = gen.phrase_pool()
    phrases_dir = project / "docs" / "data" / "phrases"
    files: dict[str, list[dict]] = {}
    for blocks in pool.values():
        for block in blocks:
            files.setdefault(block["id"].split(".")[0], []).append(block)
    for stem, blocks in files.items():
        (phrases_dir / f"{stem}.yml").write_text(_dump(blocks), encoding="utf-8")

    types = project / "docs" / "data" / "report-types.yml"
    types.write_text(types.read_text(encoding="utf-8") + "".join(
        f"{type_id(i)}:\n  name: {name}\n  summary: 基准测试生成的报告类型。\n" for i, (name, _) in enumerate(REPORT_TYPES)),
        encoding="utf-8")

    n_families = max(1, math.ceil(n_pages / SECTIONS_PER_FAMILY))
    sizes = [SECTIONS_PER_FAMILY] * (n_families - 1) + [n_pages - SECTIONS_PER_FAMILY * (n_families - 1)]
    for i, k in enumerate(sizes):
        data = gen.family(i, k, pool)
        (project / "docs" / "data" / "families" / f"{data['id']}.yml").write_text(_dump(data), encoding="utf-8")
        folder = project / "docs" / "families" / data["id"]
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(gen.index_page(data), encoding="utf-8")
        for section in data["sections"]:
            (folder / f"{section['id']}.md").write_text(gen.section_page(data, section), encoding="utf-8")

    # 范本 as the build checks it: the catalogue, then report types, families and sections, from the data.
    from macros.library import load_library
    from macros.render import expected_nav

    generated = load_library(project / "docs" / "data", root=project)
    nav = [{"范本": expected_nav(generated)} if isinstance(item, dict) and "范本" in item else item
           for item in proposed_nav(read_config_text(ROOT / "mkdocs.yml")["nav"])]
    real = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(propose_config(real, nav), encoding="utf-8")
    return {"dir": str(project), "families": len(list((project / "docs" / "data" / "families").glob("*.yml"))),
            "generated_families": n_families, "section_pages": sum(sizes),
            "phrases": sum(len(b) for b in pool.values()) + len(gen.library.phrases)}


def stock_config(project: Path) -> str:
    """A plain Material mkdocs.yml for the same content."""
    real = read_config_text(project / "mkdocs.yml")
    config = {
        "site_name": real["site_name"],
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "zh"},
        "plugins": [{"search": {"jieba_dict_user": "search-dict.txt"}}],
        "markdown_extensions": [],
        "extra_css": real.get("extra_css", []),
        "extra_javascript": real.get("extra_javascript", []),
        "nav": real["nav"],
    }
    text = _dump(config)
    # Same Markdown extensions, copied as text (the slugify option is a Python tag).
    ext = re.search(r"(?ms)^markdown_extensions:\n(.*?)(?=^\S|\Z)", (project / "mkdocs.yml").read_text("utf-8"))
    return text.replace("markdown_extensions: []\n", "markdown_extensions:\n" + ext.group(1))


def make_baseline(project: Path, dest: Path) -> dict:
    """The project's pages with the macros expanded, for a stock Material build (see module doc)."""
    project, dest = Path(project), Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    capture = dest.parent / (dest.name + "-capture")
    if capture.exists():
        shutil.rmtree(capture)
    config = project / "mkdocs.capture.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^hooks:\n", f"hooks:\n  - {BENCH / 'capture_hook.py'}\n", text, count=1)
    config.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d",
                             str(dest / "_site")], cwd=project, capture_output=True, text=True,
                            env={**ENV, "BENCH_CAPTURE_DIR": str(capture)})
    config.unlink()
    if result.returncode != 0:
        problems = [line for line in (result.stdout + result.stderr).splitlines() if not line.startswith("INFO")]
        raise RuntimeError("capture build failed:\n" + "\n".join(problems[-40:]))
    shutil.rmtree(dest / "_site")
    shutil.copytree(project / "docs", dest / "docs",
                    ignore=shutil.ignore_patterns("data", "__pycache__"))
    pages = 0
    for path in capture.rglob("*.md"):
        target = dest / "docs" / path.relative_to(capture)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        pages += 1
    shutil.rmtree(capture)
    shutil.copy(project / "docs" / "data" / "search-dict.txt", dest / "search-dict.txt")
    for path in project.iterdir():  # files that Markdown extensions read (pymdownx.snippets: deploy/, CHANGELOG.md)
        if path.is_dir() and path.name not in {"docs", "macros", "overrides"}:
            shutil.copytree(path, dest / path.name)
        elif path.is_file() and path.suffix == ".md":
            shutil.copy(path, dest / path.name)
    (dest / "mkdocs.yml").write_text(stock_config(project), encoding="utf-8")
    return {"dir": str(dest), "pages": pages}
