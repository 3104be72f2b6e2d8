"""Every bad maintainer input stops the build with a message naming the file, the entry and the line.

Each case is a folder under tests/fixtures/ laid over the valid site in tests/fixtures/base; its
expected.txt lists lines that must all appear in the build's output.
"""

import pytest
from conftest import FIXTURES, fixture_site, mkdocs_build

CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name != "base")


def test_base_fixture_builds(tmp_path):
    result = mkdocs_build(fixture_site("base", tmp_path / "src"), tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'data-slot="党员人数"' in html and "示例大会" in html


def test_every_required_case_has_a_fixture():
    required = {"malformed-yaml", "duplicate-id", "unknown-phrase", "unknown-slot", "missing-field",
                "undefined-variable", "markup-script", "markup-img"}
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
