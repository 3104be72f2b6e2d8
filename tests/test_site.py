"""The built site, read as HTML: one build per session (see conftest.site)."""

import copy
import re

import pytest
from conftest import ROOT

from macros.compose import compose, section_lines
from macros.library import FUNCTIONS, load_library

FAMILY = "party-secretary-review"
SECTIONS = ["opening", "work", "problems", "causes", "measures", "closing"]
SECTION_HEADINGS = ["范文", "写作要点", "前后对应", "可替换的表述", "常见误区"]
# Every family and every section of it, from the data (the library is loaded once per process).
LIBRARY = load_library(ROOT / "docs" / "data", root=ROOT)
FAMILIES = list(LIBRARY.families)
FAMILY_SECTIONS = [(f.id, s.id) for f in LIBRARY.families.values() for s in f.sections]


def report_lines(article) -> list[str]:
    """The model text as lines: each paragraph and heading, and a table as tab-separated rows."""
    out = []
    for el in article.select(".report > p, .report > table"):
        if el.name == "table":
            out.append("\n".join("\t".join(c.get_text() for c in tr.find_all(["th", "td"])) for tr in el.find_all("tr")))
        else:
            out.append(el.get_text())
    return out


def section_of(article, title: str):
    """The elements after the h2 `title`, up to the next h2."""
    node, out = article.find("h2", id=title), []
    while (node := node.find_next_sibling()) is not None and node.name != "h2":
        out.append(node)
    return out


# ---------------------------------------------------------------- 2. the template families


@pytest.mark.parametrize("family_id", FAMILIES)
def test_overview_page_has_facts_outline_and_whole_report(site, library, family_id):
    family = library.families[family_id]
    article = site.article(f"families/{family_id}/")
    facts = {th.get_text(): td.get_text() for th, td in
             ((tr.th, tr.td) for tr in article.select(".family-facts table tr"))}
    assert facts == {"使用场合": family.occasion, "谁来写": family.speaker, "写给谁": family.audience,
                     "常见篇幅": family.length, "什么时候交": family.due}
    outline = [a["href"] for a in article.select(".family-outline table td:first-child a")]
    assert outline == [f"../{s.id}/" for s in family.sections] or outline == [f"{s.id}/" for s in family.sections]
    assert report_lines(article) == [line.text for line in compose(family, library)]
    assert article.select(".reader-tools .fill-panel input[data-slot]")  # the fill-in panel
    assert article.select_one(".word-downloads a[download]")["href"].endswith(f"downloads/{family_id}.docx")


@pytest.mark.parametrize("family_id, section", FAMILY_SECTIONS)
def test_section_page_shows_every_part(site, library, family_id, section):
    family = library.families[family_id]
    article = site.article(f"families/{family_id}/{section}/")
    assert [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")] == SECTION_HEADINGS
    assert article.select_one(".section-purpose").get_text(strip=True).startswith("这一部分写什么")
    # one source: the model text on the page is the section's share of the composition
    assert report_lines(article) == [line.text for line in section_lines(family, section, library)]
    for pid in family.section(section).phrase_ids:
        assert article.find(id=pid) is not None, pid
    tips = article.find("h2", id="写作要点").find_next_sibling("ul")
    assert len(tips.find_all("li")) >= 5
    assert [e for e in section_of(article, "可替换的表述") if "phrase-block" in (e.get("class") or [])], \
        "no alternatives from the library"
    pitfalls = article.select(".pitfall")
    assert len(pitfalls) >= 3
    for pitfall in pitfalls:
        assert "误" in pitfall.select_one(".pitfall-wrong").get_text()
        assert "正" in pitfall.select_one(".pitfall-right").get_text()
        assert pitfall.select_one(".pitfall-why").get_text().startswith("为什么")
    assert article.select("ul.agrees-with a")
    assert article.select(".reader-tools .fill-panel")  # fill-in, hide guidance and print on every page


@pytest.mark.parametrize("family_id, section", FAMILY_SECTIONS)
def test_alternatives_fit_the_family_voice_and_tense(site, library, family_id, section):
    """A 本人 block is never offered in an organisation's report, a looking-back block never in a plan."""
    family = library.families[family_id]
    part = family.section(section)
    article = site.article(f"families/{family_id}/{section}/")
    offered = [e["data-phrase"] for e in section_of(article, "可替换的表述") if "phrase-block" in (e.get("class") or [])]
    for pid in offered:
        phrase = library.phrases[pid]
        assert family.report_type in phrase.types, pid
        assert phrase.voice in (family.voice, "通用"), pid
        assert phrase.tense in (part.tense, "通用"), pid
        assert pid not in family.phrase_sections, pid
    functions = {library.phrases[p].function for p in part.phrase_ids} - {"过渡"}
    fitting = [p for p in library.phrases.values() if p.function in functions and family.fits(p, part)
               and p.id not in family.phrase_sections]
    assert offered or not fitting
    own = {t for p in part.phrase_ids for t in library.phrases[p].topics}
    if any(own & set(p.topics) for p in fitting):  # the section's own topics first
        assert all(own & set(library.phrases[pid].topics) for pid in offered), offered


def test_alternatives_filter_by_voice():
    """The rule itself, on the real library: a first-person block is refused by an organisation's family."""
    summary = LIBRARY.families.get("party-building-summary")
    if summary is None:
        pytest.skip("no organisation-voice family yet")
    section = summary.sections[0]
    first_person = next(p for p in LIBRARY.phrases.values() if p.voice == "本人")
    assert not summary.fits(first_person, section)


@pytest.mark.parametrize("family_id", FAMILIES)
def test_catalogue_lists_every_family_under_its_report_type(site, library, family_id):
    family = library.families[family_id]
    article = site.article("families/")
    group = article.find("h2", id=re.sub(r"\s", "-", library.report_types[family.report_type].name).lower())
    table = group.find_next_sibling("div", class_="catalogue")
    row = next(tr for tr in table.select("tbody tr") if tr.a.get_text() == family.title)
    cells = [td.get_text() for td in row.find_all("td")]
    assert row.a["href"] == f"../{family_id}/" or row.a["href"] == f"{family_id}/"
    assert cells[1:] == [family.occasion, f"{family.speaker}；{family.audience}", family.length, family.due]


def test_catalogue_groups_follow_the_registry(site, library):
    headings = [h.get_text(strip=True).rstrip("¶") for h in site.article("families/").find_all("h2")]
    assert headings == [library.report_types[t].name for t in library.families_by_type]
    assert site.article("").find("a", href="families/")  # the home page points to it


def test_slots_are_highlighted_in_model_text(site):
    slots = site.article(f"families/{FAMILY}/").select(".report .slot")
    assert len(slots) > 30
    assert all(s.get_text() == f"【{s['data-slot']}】" and "示例：" in s["title"] for s in slots)


def test_work_page_has_at_least_five_areas(site):
    areas = site.article(f"families/{FAMILY}/work/").select(".report .report-h2")
    assert len(areas) >= 5 and areas[0].get_text().startswith("（一）")


CHAIN_PAGES = [(f.id, s.id) for f in LIBRARY.families.values() for s in f.sections
               if {LIBRARY.phrases[p].function for p in s.phrase_ids} & {"问题", "原因", "措施"}
               and any(LIBRARY.phrases[p].function == "问题" for p in f.phrase_sections)]


@pytest.mark.parametrize("family_id, section", CHAIN_PAGES)
def test_problem_cause_measure_chain_links(site, library, family_id, section):
    """Every problem in the model text links to the causes and measures that answer it, on the same family's pages."""
    family = library.families[family_id]
    rows = site.article(f"families/{family_id}/{section}/").select(".agreement table tbody tr")
    problems = [p for s in family.sections for p in s.phrase_ids if library.phrases[p].function == "问题"]
    assert len(rows) == len(problems)
    for row in rows:
        problem, causes, measures = row.find_all("td")
        pid = problems.pop(0)
        assert problem.a["href"].endswith(f"#{pid}")
        assert causes("a") and measures("a")
        for a in causes("a") + measures("a"):
            target = a["href"].split("#")[1]
            assert target in library.phrases[pid].pairs and target in family.phrase_sections


# ---------------------------------------------------------------- 3. the phrase library


def function_url(function: str) -> str:
    from macros.render import FUNCTION_PAGES

    return f"library/{FUNCTION_PAGES[function]}/"


def test_every_block_listed_on_its_function_page_with_a_stable_anchor(site, library):
    listed = []
    for function in FUNCTIONS:
        article = site.article(function_url(function))
        blocks = article.select(".phrase-list > .phrase-block")
        assert [b["id"] for b in blocks] == [p.id for p in library.phrases.values() if p.function == function]
        assert article.select_one("form.library-filter")["data-total"] == str(len(blocks))
        listed += [b["id"] for b in blocks]
    assert sorted(listed) == sorted(library.phrases) and len(listed) >= 250


def test_library_pages_stay_small_as_the_library_grows(site, library):
    """No page lists the whole library: each function page lists its own blocks only."""
    sizes = [len(site.article(function_url(f)).select(".phrase-block")) for f in FUNCTIONS]
    assert max(sizes) < len(library.phrases) / 2


def test_filter_data_on_each_block(site, library):
    article = site.article(function_url("问题"))
    for block in article.select(".phrase-list > .phrase-block"):
        phrase = library.phrases[block["id"]]
        assert block["data-topics"].split() == list(phrase.topics)
        assert block["data-types"].split() == list(phrase.types)
        assert block.get("data-domains", "").split() == list(phrase.domains)
    form = article.select_one("form.library-filter")
    assert {o["value"] for o in form.select("select[name=type] option") if o["value"]} == \
        {t for p in library.phrases.values() if p.function == "问题" for t in p.types}


def test_topic_page_counts_blocks_and_links_to_the_narrowed_lists(site, library):
    article = site.article("library/by-topic/")
    headings = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")]
    used = [t for t in library.topics if any(t in p.topics for p in library.phrases.values())]
    assert headings[:len(used)] == used
    for topic in used[:3]:
        links = article.find("h2", id=topic).find_next_sibling("p", class_="topic-counts").find_all("a")
        total = sum(int(a.get_text().split()[1]) for a in links)
        assert total == sum(topic in p.topics for p in library.phrases.values())
        assert all("?topic=" in a["href"] and a["href"].startswith("../") for a in links)
        titles = article.find("h2", id=topic).find_next_sibling("ul", class_="topic-list").find_all("li")
        assert [li["data-phrase"] for li in titles] == [p.id for p in library.phrases.values() if topic in p.topics]
        assert all(li.a["href"].endswith(f"/#{li['data-phrase']}") for li in titles)
    domains = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h3")]
    assert set(domains) >= {"农村", "社区", "机关", "国有企业", "学校", "非公和社会组织"}


def test_library_overview_shows_counts(site, library):
    article = site.article("library/")
    rows = {tr.td.get_text(): int(tr.find_all("td")[1].get_text()) for tr in article.select(".library-stats tbody tr")}
    assert sum(rows.values()) == len(library.phrases)
    types = {tr.td.get_text(): int(tr.find_all("td")[1].get_text())
             for tr in article.select(".library-stats-types tbody tr")}
    assert types == {t.name: sum(t.id in p.types for p in library.phrases.values()) for t in library.report_types.values()}


def test_blocks_list_the_pages_that_use_them(site, library):
    used = library.usage
    for pid in ("opening.standard-arrangement", "problems.recruitment-uneven"):
        links = site.article(function_url(library.phrases[pid].function)).find(id=pid).select(".phrase-used a")
        assert [a["href"] for a in links] == [f"../../families/{f.id}/{s.id}/#{pid}" for f, s in used[pid]]
    unused = next(p for p in library.phrases.values() if p.id not in used)
    block = site.article(function_url(unused.function)).find(id=unused.id)
    assert "尚未用于范文" in block.select_one(".phrase-used").get_text()


def test_library_blocks_highlight_slots(site):
    block = site.article(function_url("问题")).find(id="problems.recruitment-uneven")
    assert block.select(".phrase-text .slot[data-slot]")


# ---------------------------------------------------------------- 4. guide pages


@pytest.mark.parametrize("url, title", [
    ("guide/structure/", "结构与层次序数"), ("guide/register/", "语体与口吻"),
    ("guide/problems-and-causes/", "问题写实与原因写深"), ("guide/figures-and-slots/", "数字与填空项"),
    ("guide/terms/", "时效性提法"), ("about/conventions/", "宏与写法约定"),
    ("guide/achievements/", "成绩怎么写"), ("guide/measures/", "措施怎么写"),
])
def test_guide_pages(site, url, title):
    article = site.article(url)
    assert article.h1.get_text(strip=True).rstrip("¶") == title
    assert len(article.get_text()) > 600


def test_structure_guide_teaches_numbering_levels(site):
    text = site.article("guide/structure/").get_text()
    assert all(level in text for level in ("一、", "（一）", "1.", "（1）", "一是"))


def test_conventions_page_lists_every_macro_with_a_live_example(site, registered_macros):
    article = site.article("about/conventions/")
    text = article.get_text()
    for name in registered_macros:
        assert re.search(r"\{\{ " + name + r"\(", text), f"{name} is not documented"
    # live examples rendered next to the syntax
    assert article.select(".phrase-block") and article.select(".report") and article.select(".slot")
    assert "{{" not in "".join(str(c) for c in article.select(".report, .phrase-block"))


def test_terms_page_lists_current_values_and_history(site, library):
    article = site.article("guide/terms/")
    rows = article.select(".terms-table table tbody tr")
    assert [r.find_all("td")[1].get_text().split(" （示例")[0] for r in rows] == list(library.terms.values())
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.find_all("td")[3].get_text()) for r in rows)
    history = article.select(".terms-history table tbody tr")
    assert len(history) == sum(len(t.history) for t in library.term_history.terms.values())
    assert all(r.find_all("td")[4].get_text() for r in history)  # where each value was checked
    assert f"报告年度：{library.term_history.report_year}年" in article.get_text()
    examples = [r for r in rows if "示例" in r.get_text()]
    assert len(examples) == sum(v.example for v in library.term_history.current.values()) >= 4


def test_the_2026_campaign_is_current(library):
    """Checked against public reporting of the 中办 notice (docs/data/terms.yml gives the date)."""
    assert library.term_history.report_year == 2026
    assert library.terms["campaign"] == "树立和践行正确政绩观学习教育"
    assert library.term_history.stale(2026)["深入贯彻中央八项规定精神学习教育"] == "树立和践行正确政绩观学习教育"


def test_built_word_template_is_the_model_text(site):
    from docx import Document

    document = Document(str(site.root / "downloads" / "party-secretary-review.docx"))
    article = site.article(f"families/{FAMILY}/")
    # the same text as the whole report shown on the family's overview page (python-docx reads a line break as \n)
    assert [p.text.replace("\n", "") for p in document.paragraphs] == report_lines(article)
    # and the title broken into the same lines
    title = copy.copy(article.select_one(".report > p.report-title"))  # (the page is shared by other tests)
    for br in title.find_all("br"):
        br.replace_with("\n")
    assert title.get_text() == document.paragraphs[0].text and title.get_text().count("\n") == 1


def test_alternatives_stay_bounded_as_the_library_grows(site, library):
    """At most four blocks per topic on a section page; the rest are one link away, in the library."""
    article = site.article(f"families/{FAMILY}/work/")
    heading = article.find("h2", id="可替换的表述")
    counts, node = {}, heading
    while (node := node.find_next_sibling()) is not None and node.name != "h2":
        if node.name == "h3":
            topic = node.get_text(strip=True).rstrip("¶")
            counts[topic] = 0
        elif "phrase-block" in (node.get("class") or []):
            counts[topic] += 1
    assert counts and max(counts.values()) <= 4
    more = article.select("p.more a")
    assert all(re.match(r"\.\./\.\./\.\./library/achievements/\?topic=[^&]+&type=party-building-duty$", a["href"])
               for a in more)
    family = library.families[FAMILY]
    section = family.section("work")
    own = {t for p in section.phrase_ids for t in library.phrases[p].topics}
    unused = [p for p in library.phrases.values() if p.function == "成绩" and p.id not in family.phrase_sections
              and family.fits(p, section) and own & set(p.topics)]
    assert len(more) == sum(1 for t in counts if sum(p.topics[0] == t for p in unused) > 4)


def test_main_work_is_about_half_of_the_report(library):
    """Evaluators expect 主要工作 to carry the report: at least 45 % of the assembled text."""
    family = library.families[FAMILY]
    lines = compose(family, library)
    work = sum(len(line.text) for line in lines if line.section == "work")
    assert work / sum(len(line.text) for line in lines) >= 0.45


def test_the_plans_table_is_a_word_table(site, library):
    """The 工作安排 table of the work plan is a real table in the .docx, cell for cell, in 公文 fonts."""
    from docx import Document

    family = library.families["branch-work-plan"]
    table_line = next(line for line in compose(family, library) if line.kind == "table")
    document = Document(str(site.root / "downloads" / "branch-work-plan.docx"))
    assert len(document.tables) == 1
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [list(row) for row in table_line.rows]
    # the header row in 表头 (黑体), the rest in 表格文字 (the body's 仿宋_GB2312), with no font on the runs
    styles = [{p.style.style_id for cell in row.cells for p in cell.paragraphs} for row in table.rows]
    assert styles[0] == {"TableHeading"} and all(s == {"TableText"} for s in styles[1:])
    assert document.styles.get_by_id("TableHeading", 1).font.name is None  # Latin: Times New Roman from Normal
    rfonts = document.styles.get_by_id("TableHeading", 1).element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "黑体"
    assert not [run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs
                if run.element.rPr is not None and run.element.rPr.rFonts is not None]
    # the paragraphs around it are the rest of the report, in order
    assert [p.text.replace("\n", "") for p in document.paragraphs if p.text] == [
        line.text for line in compose(family, library) if line.kind != "table"]


# ---------------------------------------------------------------- the draft checker (稿件体检)


def test_checker_is_linked_from_home_nav_and_every_family_overview(site, library):
    def links_to_checker(url):
        return [a for a in site.page(url).select("a[href]") if re.search(r"(^|/)tools/check/(\?|$)", a["href"])]

    assert links_to_checker("") and any(a.find_parent(class_="md-nav") for a in links_to_checker(""))
    for family in library.families.values():
        link = site.article(f"families/{family.id}/").select_one("p.check-link a")
        assert link["href"] == f"../../tools/check/?family={family.id}", family.id


def test_checker_rules_link_to_real_headings(site, library):
    """Each rule's guide link (rules.json, resolved from the checker's page) lands on a heading of the built site."""
    import json
    from urllib.parse import unquote, urljoin

    data = json.loads((site.root / "tools" / "check" / "rules.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in data["rules"]] == [r.id for r in library.checks]
    for rule in data["rules"]:
        target = urljoin("http://x/tools/check/", rule["guide"])
        path, _, anchor = target.removeprefix("http://x/").partition("#")
        page = site.page(path)
        assert page.find(id=unquote(anchor)) is not None, (rule["id"], rule["guide"])


def test_checker_page_lists_every_rule_and_loads_its_scripts(site, library):
    article = site.article("tools/check/")
    assert [c.get_text() for c in article.select(".check-rules td code")] == [r.id for r in library.checks]
    scripts = [s["src"] for s in article.select("script[src]")]
    assert scripts == ["../../assets/vendor/jszip/jszip.min.js", "../../assets/javascripts/check.js"]
    years = [o["value"] for o in article.select("select[name=year] option")]
    assert str(library.term_history.report_year) in years and str(library.term_history.report_year + 1) in years
