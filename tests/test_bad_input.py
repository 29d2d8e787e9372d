"""Every failure a user can cause: one line on stderr, a non-zero exit, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED, Invoke

from vlacli import Catalog


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


@pytest.mark.parametrize(("setting", "why"), [
    ('year = "abc"', "'year' must be a whole year"),
    ("year = 1.5", "'year' must be a whole year"),
    ('authors = "A B"', "'authors' must be a list of names"),
    ('venue = ["x"]', "'venue' must be a non-empty string"),
    ('title = ""', "'title' must be a non-empty string"),
    ("title = 5", "'title' must be a non-empty string"),
    ('website = "javascript:x"', "is not an http(s) URL"),
    ('arxiv = "2513.00001"', "no such paper on arXiv"),
])
def test_bad_corrections_are_refused_before_anything_is_written(vla: Invoke, empty_catalog: Path, tmp_path: Path,
                                                                setting: str, why: str) -> None:
    corr = tmp_path / "corr.toml"
    corr.write_text(f'[[correction]]\nmatch = "TinyVLA: x"\n{setting}\n')
    res = vla("import", "markdown", str(SEED), "-C", str(empty_catalog), "--corrections", str(corr))
    assert res.exit_code == 1
    assert why in one_error_line(res.stderr) and "correction #1" in res.stderr
    assert list((empty_catalog / "papers").iterdir()) == []


def test_corrections_not_an_array(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corr.toml"
    corr.write_text("correction = 5\n")
    res = vla("import", "markdown", str(SEED), "-C", str(empty_catalog), "--corrections", str(corr))
    assert res.exit_code == 1 and "must be an array of tables" in one_error_line(res.stderr)


def test_toml_dates_in_unknown_fields_export_as_iso(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text(path.read_text() + "added = 2024-05-01\nseen = 2024-05-01T10:00:00Z\n")
    shown = json.loads(vla("show", "2506.01844", "--json", "-C", str(survey_catalog)).stdout)
    assert shown["extra"] == {"added": "2024-05-01", "seen": "2024-05-01T10:00:00+00:00"}
    listed = vla("list", "-C", str(survey_catalog), "--format", "json")
    assert listed.exit_code == 0 and json.loads(listed.stdout)
    assert vla("export", "json", "-C", str(survey_catalog)).exit_code == 0


@pytest.mark.parametrize(("taxonomy", "why"), [
    ('[[category]]\nslug = "a"\nname = "A"\naliases = [1, 2]\n', "'aliases' must be a list of strings"),
    ('[[category]]\nslug = "a"\nname = "A"\naliases = "xyz"\n', "'aliases' must be a list of strings"),
    ('title = 5\n[[category]]\nslug = "a"\nname = "A"\n', "'title' must be a string"),
    ('[[category]]\nslug = "a"\nname = "A"\nfigure = 3\n', "'figure' must be a string"),
    ('[[category]]\nslug = "a"\nname = "A"\ncaption = 5\n', "'caption' must be a string"),
])
def test_taxonomy_values_of_the_wrong_type(vla: Invoke, tmp_path: Path, taxonomy: str, why: str) -> None:
    root = tmp_path / "c"
    (root / "papers").mkdir(parents=True)
    (root / "taxonomy.toml").write_text(taxonomy)
    res = vla("categories", "-C", str(root))
    assert res.exit_code == 1 and why in one_error_line(res.stderr)
    assert str(root / "taxonomy.toml") in res.stderr


@pytest.mark.parametrize(("args", "command"), [
    (["list", "--bogus"], "vla list"), (["tag"], "vla tag"), (["set", "2506.01844", "--year", "0"], "vla set"),
    (["list", "-f", "nope"], "vla list"), (["list", "-C", "/etc/passwd"], "vla list"), (["category"], "vla category"),
    (["category", "bogus"], "vla category"), (["list", "-C"], "vla list"), (["-C"], "vla"),
    (["list", "--sort"], "vla list"), (["category", "add", "-C"], "vla category add"),
    (["category", "add", "x", "-C"], "vla category add"),
])
def test_usage_errors_are_one_line(vla: Invoke, args: list[str], command: str) -> None:
    """Each names the help of the command typed, also when the parser fails before it knows the command."""
    res = vla(*args)
    assert res.exit_code == 2
    assert one_error_line(res.stderr).endswith(f" (see '{command} --help')"), res.stderr


def test_filters_that_cannot_mean_anything(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("list", "-C", str(survey_catalog), "-y", "2025-2023")
    assert res.exit_code == 2 and "ends before it starts" in one_error_line(res.stderr)
    res = vla("list", "-C", str(survey_catalog), "-c", "")
    assert res.exit_code == 1 and "unknown category ''" in one_error_line(res.stderr)
    res = vla("export", "markdown", "-C", str(survey_catalog), "-o", "")
    assert res.exit_code == 1 and "--output needs a file name" in one_error_line(res.stderr)


def test_deeply_nested_bibtex_is_reported_not_a_crash(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    bib = tmp_path / "deep.bib"
    bib.write_text("@misc{a, title={" + "{" * 5000 + "x" + "}" * 5000 + "}, year=2020}\n"
                   "@misc{b, title={Fine}, year=2021, eprint={2401.00001}}\n")
    res = vla("import", "bibtex", str(bib), "-C", str(empty_catalog))
    assert res.exit_code == 0 and "line 1: braces nested too deep" in res.stdout
    assert [p.key for p in Catalog(empty_catalog).papers()] == ["2401.00001"]


def test_quoted_and_stray_arxiv_lines_are_not_dropped(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    md = tmp_path / "q.md"
    md.write_text("## Quantization\n"
                  "> - BitVLA: 1-bit VLA. <ins>arXiv, 2025</ins> [[Paper](https://arxiv.org/abs/2506.07530)]\n\n"
                  "\t- QAIL: Quant-aware. [[Paper](https://arxiv.org/abs/2412.01034)]\n\n"
                  'See <a href="https://arxiv.org/abs/2506.01844">SmolVLA</a> too.\n')
    res = vla("import", "markdown", str(md), "-C", str(empty_catalog))
    assert "1 paper added" in res.stdout  # the quoted entry; a tab before a bullet makes it code, as on GitHub
    assert "line 4: an arXiv link in an indented code block" in res.stdout
    assert "line 6: a paragraph with an arXiv link that is not an entry" in res.stdout


@pytest.mark.parametrize(("setting", "why"), [
    ('affiliations = {"Isabel Leal" = "Google"}', "field 'affiliations' must be a table of lists of strings"),
    ('affiliations = {"Isabel Leal" = 1}', "field 'affiliations' must be a table of lists of strings"),
    ('affiliations = {"Isabel Leal" = [1]}', "field 'affiliations' must be a table of lists of strings"),
    ('links = [{role = "code"}]', "field 'links' must be a list of tables with a 'role' (website or code), a 'url' "
                                  "and an optional 'label'"),
    ('links = "https://x.org"', "field 'links' must be a list"),
    ('aliases = ["a", 1]', "field 'aliases' must be a list of strings"),
    ('previous_keys = "old"', "field 'previous_keys' must be a list"),
    ("bibtex = {keywords = 1}", "field 'bibtex' must be a table of strings"),
    ('citations = "12"', "field 'citations' must be an integer"),
    ("citations = true", "field 'citations' must be an integer"),
])
def test_a_paper_field_of_the_wrong_type_is_one_line(vla: Invoke, survey_catalog: Path, setting: str,
                                                       why: str) -> None:
    """Every command that reads the paper names the file, the line and the field; `list` leaves the
    file out with a warning; nothing reads the value as if it were another type."""
    path = survey_catalog / "papers" / "2312.01990.toml"
    path.write_text(path.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    for args in (["show", "2312.01990"], ["export", "bibtex"], ["export", "markdown"], ["lint"]):
        res = vla(*args, "-C", str(survey_catalog))
        assert res.exit_code == 1, (args, res.output)
        if args[0] != "lint":
            assert one_error_line(res.stderr).startswith(f"error: {path}:{line}: {why}"), (args, res.stderr)
    listed = vla("list", "-C", str(survey_catalog))
    assert listed.exit_code == 0 and "2312.01990" not in listed.stdout
    assert f"{path}:{line}: {why}; left out" in listed.stderr


@pytest.mark.parametrize(("format", "text", "why"), [
    ("bibtex", '{"items": []}\n', ""),
    ("csl-json", "hello world\n", "line 1: not JSON: Expecting value: hello world; "),
    ("csl-json", '{"a": 1}\n', 'line 1: an item with no title: {"a": 1}; '),
    ("markdown", '{"a": 1}\n', ""),
])
def test_a_file_of_another_format_is_one_error(vla: Invoke, empty_catalog: Path, tmp_path: Path, format: str,
                                               text: str, why: str) -> None:
    """A file in which nothing reads as the format is a mistake to name, not '0 papers added'; an
    empty file, and a Markdown list of headings only, are just empty."""
    given = tmp_path / "given.txt"
    given.write_text(text, encoding="utf-8")
    others = "|".join(f for f in ("markdown", "bibtex", "csl-json") if f != format)
    for extra in ((), ("--dry-run",)):
        res = vla("import", format, str(given), *extra, "-C", str(empty_catalog))
        assert (res.exit_code, res.stdout) == (1, "")
        assert res.stderr == f"error: {given}: nothing in it reads as {format} ({why}is it another format? " \
                             f"vla import {others} FILE)\n"
    given.write_text("\n", encoding="utf-8")
    assert vla("import", format, str(given), "-C", str(empty_catalog)).exit_code == 0


@pytest.mark.parametrize(("format", "text"), [
    ("csl-json", "[]\n"), ("bibtex", "% Encoding: UTF-8\n"), ("bibtex", '@string{icra = "ICRA"}\n'),
    ("bibtex", "@comment{jabref-meta: databaseType:bibtex;}\n"), ("markdown", "# A list\n\n## Quantization\n"),
    ("markdown", "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"),
])
def test_a_file_of_the_format_with_no_entry_is_just_empty(vla: Invoke, empty_catalog: Path, tmp_path: Path,
                                                         format: str, text: str) -> None:
    """An empty library's export (a JabRef header, an empty Zotero list), macros alone, headings alone."""
    given = tmp_path / "given.txt"
    given.write_text(text, encoding="utf-8")
    res = vla("import", format, str(given), "-C", str(empty_catalog))
    assert (res.exit_code, res.stderr) == (0, ""), res.output
    assert "0 papers added" in res.stdout
