"""Every bad maintainer input stops the build with a message naming the file, the entry and the line.

Each case is a folder under tests/fixtures/ laid over the valid site in tests/fixtures/base; its
expected.txt lists lines that must all appear in the build's output.
"""

import pytest
from conftest import FIXTURES, fixture_site, mkdocs_build

pytestmark = pytest.mark.full  # one build per case: `make test` only

CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name != "base")


def test_base_fixture_builds(tmp_path):
    result = mkdocs_build(fixture_site("base", tmp_path / "src"), tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'data-slot="党员人数"' in html and "示例大会" in html


def test_every_required_case_has_a_fixture():
    required = {"malformed-yaml", "duplicate-id", "unknown-phrase", "unknown-slot", "missing-field",
                "undefined-variable", "markup-script", "markup-img",
                # several voices and tenses (issue 11)
                "voice-mismatch", "tense-mismatch", "unknown-report-type", "term-without-year", "missing-section-page",
                # the terms history and contradictions (issue 12)
                "terms-out-of-order", "conflicting-blocks",
                # hostile or careless changes (issue 13)
                "alias-bomb", "deep-headings", "impossible-date", "future-date", "reviewed-before-added", "front-matter",
                "blank-text", "long-paste", "markdown-link", "markdown-image", "topic-name-markup", "topic-summary-link",
                "jinja-include",
                # the draft checker's rules (issue 15)
                "check-pattern-compile", "check-pattern-javascript", "check-unknown-kind", "check-guide-missing",
                "check-guide-anchor",
                # the Word export's title lines and 署名 block (issue 17)
                "title-breaks-slot", "title-one-line-list", "missing-signature", "bad-signature", "signature-date",
                # the search words (issue 16)
                "search-empty-group", "search-word-in-two-groups"}
    assert required <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_stops_the_build(case, tmp_path):
    result = mkdocs_build(fixture_site(case, tmp_path / "src"), tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for line in (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in output, f"expected {line!r} in:\n{output}"
    assert "Traceback" not in output and 'File "' not in output, output  # one short block, no Python traceback
    assert not (tmp_path / "out" / "index.html").exists()


def test_alias_bomb_stops_at_once(tmp_path):
    """Nine levels of ten aliases each would be 10⁹ headings: the build refuses the first alias."""
    result = mkdocs_build(fixture_site("alias-bomb", tmp_path / "src"), tmp_path / "out", timeout=60)
    assert result.returncode != 0 and "aliases are not allowed" in result.stdout + result.stderr


def test_huge_data_file_stops_the_build(tmp_path):
    config = fixture_site("base", tmp_path / "src")
    block = (FIXTURES / "base" / "docs" / "data" / "phrases" / "opening.yml").read_text(encoding="utf-8")
    huge = tmp_path / "src" / "docs" / "data" / "phrases" / "opening.yml"
    huge.write_text(block + "# " + "甲" * ((10 << 20) // 3) + "\n", encoding="utf-8")  # a 10 MB paste
    result = mkdocs_build(config, tmp_path / "out", timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/data/phrases/opening.yml:0: file is" in output and "more than the 1,048,576 a data file may have" in output
    assert "unknown phrase id" not in output  # one mistake, one error: the family's reference is not reported
