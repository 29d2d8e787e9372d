"""The optional README columns: citation counts and GitHub-stars badges, off by default, recorded in the marker."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

from vlacli.core.paper import Paper
from vlacli.formats.exporters.markdown import HEADER, header, parse_columns, row
from vlacli.storage.catalog import Catalog


def paper(**kw: object) -> Paper:
    return Paper(key="2501.00001", arxiv="2501.00001", title="T", year=2025, venue="CoRL", **kw)  # type: ignore[arg-type]


def test_columns_parse_in_the_tables_order() -> None:
    assert parse_columns(None) == () and parse_columns("stars, Citations") == ("citations", "stars")
    with pytest.raises(Exception, match="unknown column 'forks'"):
        parse_columns("stars,forks")


def test_cells() -> None:
    assert header() == HEADER
    assert header(("citations", "stars")) == ("| Year | Venue | Paper | Website | Code | Citations | Stars |\n"
                                              "|------|-------|-------|---------|------|-----------|-------|\n")
    p = paper(code="https://github.com/org/repo/tree/main", citations=42)
    assert row(p, ("citations", "stars")).endswith(
        "| [💻](https://github.com/org/repo/tree/main) | 42 | [![stars](https://img.shields.io/github/stars/org/repo"
        "?style=social)](https://github.com/org/repo/tree/main) |\n")
    assert row(paper(code="https://gitlab.com/a/b"), ("citations", "stars")).endswith("| - | - |\n")
    assert row(paper(code="javascript:alert(1)"), ("stars",)).endswith("| - | - |\n")
    assert row(p) == row(p, ())  # off by default


@pytest.fixture
def cited(survey_catalog: Path, vla: Invoke) -> Path:
    cat = Catalog(survey_catalog)
    with cat.edit("2506.01844") as p:
        p.citations, p.citations_date = 97, "2026-12-01"
    return survey_catalog


def test_export_and_marker(cited: Path, vla: Invoke, tmp_path: Path) -> None:
    plain = vla("export", "markdown", "-C", str(cited)).stdout
    assert "Citations" not in plain and "shields.io" not in plain
    res = vla("export", "markdown", "-C", str(cited), "--columns", "citations", "-c", "lightweight-component")
    assert "| Year | Venue | Paper | Website | Code | Citations |" in res.stdout
    assert "| 97 |\n" in res.stdout
    readme = tmp_path / "README.md"
    readme.write_text("# List\n\n<!-- vla:begin -->\n<!-- vla:end -->\n", encoding="utf-8")
    res = vla("export", "markdown", "-C", str(cited), "--in-place", str(readme), "--columns", "stars,citations")
    assert res.exit_code == 0, res.output
    text = readme.read_text(encoding="utf-8")
    assert "<!-- vla:begin --columns citations,stars -->\n" in text
    assert "img.shields.io/github/stars/huggingface/lerobot?style=social" in text
    # the marker keeps them: a plain refresh and lint agree
    res = vla("export", "markdown", "-C", str(cited), "--in-place", str(readme))
    assert res.stderr == f"{readme}: already up to date\n"
    assert "stale-readme" not in vla("lint", "-C", str(cited), "--readme", str(readme)).stdout
    # a count that changes makes the section stale
    with Catalog(cited).edit("2506.01844") as p:
        p.citations = 98
    assert "stale-readme" in vla("lint", "-C", str(cited), "--readme", str(readme)).stdout


@pytest.mark.parametrize(("args", "message"), [
    (("markdown", "--columns", "forks"), "error: unknown column 'forks' (one of: citations, stars)\n"),
    (("bibtex", "--columns", "stars"), "error: --columns is for markdown, not bibtex\n"),
])
def test_bad_columns(cited: Path, vla: Invoke, args: tuple[str, ...], message: str) -> None:
    res = vla("export", *args, "-C", str(cited))
    assert (res.exit_code, res.stderr) == (1, message)


def test_bad_column_in_a_marker_names_the_line(cited: Path, vla: Invoke, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# List\n\n<!-- vla:begin --columns forks -->\n<!-- vla:end -->\n", encoding="utf-8")
    res = vla("export", "markdown", "-C", str(cited), "--in-place", str(readme))
    assert res.exit_code == 1
    assert res.stderr == f"error: {readme}:3: unknown column 'forks' (one of: citations, stars)\n"
