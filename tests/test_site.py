"""The built site, read as HTML: one build per session (see conftest.site)."""

import re

import pytest

from macros.compose import compose, section_lines

FAMILY = "party-secretary-review"
SECTIONS = ["opening", "work", "problems", "causes", "measures", "closing"]
SECTION_HEADINGS = ["范文", "写作要点", "前后对应", "可替换的表述", "常见误区"]


def report_lines(article) -> list[str]:
    return [p.get_text() for p in article.select(".report > p")]


# ---------------------------------------------------------------- 2. the template family


def test_overview_page_has_facts_outline_and_whole_report(site, library):
    article = site.article(f"families/{FAMILY}/")
    facts = {th.get_text(): td.get_text() for th, td in
             ((tr.th, tr.td) for tr in article.select(".family-facts table tr"))}
    assert set(facts) == {"使用场合", "述职人", "听取对象", "常见篇幅"} and all(facts.values())
    outline = [a["href"] for a in article.select(".family-outline table td:first-child a")]
    assert outline == [f"../{s}/" for s in SECTIONS] or outline == [f"{s}/" for s in SECTIONS]
    family = library.families[FAMILY]
    assert report_lines(article) == [line.text for line in compose(family, library)]


@pytest.mark.parametrize("section", SECTIONS)
def test_section_page_shows_every_part(site, library, section):
    article = site.article(f"families/{FAMILY}/{section}/")
    assert [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")] == SECTION_HEADINGS
    assert article.select_one(".section-purpose").get_text(strip=True).startswith("这一部分写什么")
    family = library.families[FAMILY]
    # one source: the model text on the page is the section's share of the composition
    assert report_lines(article) == [line.text for line in section_lines(family, section, library)]
    for pid in family.section(section).phrase_ids:
        assert article.find(id=pid) is not None, pid
    tips = article.find("h2", id="写作要点").find_next_sibling("ul")
    assert len(tips.find_all("li")) >= 5
    assert article.select(".phrase-block")  # alternatives from the library
    pitfall = article.select_one(".pitfall")
    assert "误" in pitfall.select_one(".pitfall-wrong").get_text()
    assert "正" in pitfall.select_one(".pitfall-right").get_text()
    assert pitfall.select_one(".pitfall-why").get_text().startswith("为什么")
    assert article.select("ul.agrees-with a")


def test_slots_are_highlighted_in_model_text(site):
    slots = site.article(f"families/{FAMILY}/").select(".report .slot")
    assert len(slots) > 30
    assert all(s.get_text() == f"【{s['data-slot']}】" and "示例：" in s["title"] for s in slots)


def test_work_page_has_at_least_five_areas(site):
    areas = site.article(f"families/{FAMILY}/work/").select(".report .report-h2")
    assert len(areas) >= 5 and areas[0].get_text().startswith("（一）")


@pytest.mark.parametrize("section", ["problems", "causes", "measures"])
def test_problem_cause_measure_chain_links(site, library, section):
    rows = site.article(f"families/{FAMILY}/{section}/").select(".agreement table tbody tr")
    family = library.families[FAMILY]
    problems = [p for s in family.sections for p in s.phrase_ids if library.phrases[p].function == "问题"]
    assert len(rows) == len(problems) >= 3
    for row in rows:
        problem, causes, measures = row.find_all("td")
        assert problem.a["href"].endswith(f"#{problems.pop(0)}")
        assert all("/causes/#causes." in a["href"] or a["href"].startswith("./#causes.") for a in causes("a"))
        assert causes("a") and measures("a")


# ---------------------------------------------------------------- 3. the phrase library


def test_every_block_listed_by_function_with_a_stable_anchor(site, library):
    article = site.article("library/by-function/")
    blocks = article.select(".phrase-block")
    assert sorted(b["id"] for b in blocks) == sorted(library.phrases)
    assert len(blocks) >= 80
    headings = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")]
    assert headings == [f for f in ["开头", "成绩", "问题", "原因", "措施", "结尾", "过渡", "表态"] if f in headings]
    assert set(headings) >= {"开头", "成绩", "问题", "原因", "措施", "结尾", "过渡"}


def test_every_block_listed_by_topic(site, library):
    items = site.article("library/by-topic/").select("ul.topic-list li")
    assert len(items) == sum(len(p.topics) for p in library.phrases.values())
    assert {li["data-phrase"] for li in items} == set(library.phrases)
    assert all(li.a["href"].startswith("../by-function/#") for li in items)


def test_blocks_list_the_pages_that_use_them(site, library):
    article = site.article("library/by-function/")
    used = library.usage
    for pid in ("opening.standard-arrangement", "problems.recruitment-uneven"):
        links = article.find(id=pid).select(".phrase-used a")
        assert [a["href"] for a in links] == [f"../../families/{f.id}/{s.id}/#{pid}" for f, s in used[pid]]
    unused = next(p for p in library.phrases if p not in used)
    assert "尚未用于范文" in article.find(id=unused).select_one(".phrase-used").get_text()


def test_library_blocks_highlight_slots(site):
    block = site.article("library/by-function/").find(id="problems.recruitment-uneven")
    assert block.select(".phrase-text .slot[data-slot='新发展党员人数']")


# ---------------------------------------------------------------- 4. guide pages


@pytest.mark.parametrize("url, title", [
    ("guide/structure/", "结构与层次序数"), ("guide/register/", "语体与口吻"),
    ("guide/problems-and-causes/", "问题写实与原因写深"), ("guide/figures-and-slots/", "数字与填空项"),
    ("guide/terms/", "时效性提法"), ("about/conventions/", "宏与写法约定"),
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


def test_terms_page_lists_terms_and_check_date(site, library):
    article = site.article("guide/terms/")
    rows = article.select(".terms-table table tbody tr")
    assert [r.find_all("td")[1].get_text() for r in rows] == list(library.terms.values())
    assert re.search(r"最近核对日期：\d{4}-\d{2}-\d{2}", article.get_text())


def test_built_word_template_is_the_model_text(site):
    from docx import Document

    document = Document(str(site.root / "downloads" / "party-secretary-review.docx"))
    # the same text as the whole report shown on the family's overview page
    assert [p.text for p in document.paragraphs] == report_lines(site.article(f"families/{FAMILY}/"))


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
    assert all(a["href"].startswith("../../../library/by-topic/#") for a in more)
    unused = [p for p in library.phrases.values() if p.function == "成绩" and p.id not in library.usage]
    assert len(more) == sum(1 for t in counts if sum(p.topics[0] == t for p in unused) > 4)
