"""What list, show and categories print at 80 and 200 columns on a terminal (a rich Console of a fixed
width, as a terminal would be), and piped."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import Invoke
from rich.console import Console

from vlacli import Catalog
from vlacli.cli.render import category_tree, paper_detail, papers_table, shorten
from vlacli.core.paper import Paper

SMOL_CODE = "https://github.com/huggingface/lerobot/tree/main/src/lerobot/policies/smolvla"
LONGEST = "RoboTwin 2.0: A Scalable Data Generator and Benchmark with Strong Domain Randomization for Robust " \
          "Bimanual Robotic Manipulation"  # 127 characters


def terminal(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=True, color_system=None, highlight=False)


def text_of(con: Console) -> str:
    file = con.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def rows_of(out: str) -> list[list[str]]:
    """The table's rows, each its lines: a row starts where the ID column (the last) is filled."""
    body = out.splitlines()[2:-1]  # header, rule ... footer
    rows: list[list[str]] = []
    for line in body:
        if re.search(r"\S+$", line) and re.match(r"^(\d{4}| {4}) ", line) and line.rstrip().split()[-1] and (
                re.search(r"(\d{4}\.\d{4,5}|minivla)$", line)):
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


@pytest.mark.parametrize(("width", "own_column"), [(127, False), (128, True)])
def test_the_categories_get_their_own_column_from_128_columns_in_the_survey(survey_catalog: Path, width: int,
                                                                            own_column: bool) -> None:
    """The README's figure: the title keeps 50 columns beside the longest slug (48 characters)."""
    con = terminal(width)
    papers_table(Catalog(survey_catalog).query(), "./catalog", con)
    assert ("Categories" in text_of(con).splitlines()[0]) is own_column


@pytest.mark.parametrize("width", [80, 200])
def test_list_table_fits_and_cuts_no_category(survey_catalog: Path, width: int) -> None:
    cat = Catalog(survey_catalog)
    papers = cat.query()
    con = terminal(width)
    papers_table(papers, "./catalog", con)
    out = text_of(con)
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert not [line for line in lines if line != line.rstrip()]  # no trailing spaces
    assert lines[-1] == "58 papers · ./catalog"
    assert "Categories" in lines[0] if width == 200 else "Categories" not in lines[0]
    rows = rows_of(out)
    assert len(rows) == 58
    flat = " ".join(" ".join(r) for r in rows)
    for p in papers:  # every category whole, nowhere cut
        for slug in p.categories:
            assert re.search(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", flat), slug
    for row, p in zip(rows, papers, strict=True):
        assert row[0].rstrip().endswith(p.key)
        title_lines = [line for line in row if not all(w.rstrip(",") in p.categories for w in line.split()[-3:])]
        assert len(title_lines) <= 2, row
    if width == 80:
        assert len(lines) <= 58 * 3 + 3  # two title lines and the categories, at most (was ~250 lines)
        assert "…" in out  # the longest titles are shortened; `vla show` has them whole
    else:
        assert max(len(line) for line in lines) > 180  # the width is used
        assert "…" not in out and len(lines) <= 58 * 2 + 3
        assert LONGEST.split(" for ")[0] in out


def test_list_titles_wrap_at_most_twice_at_80(survey_catalog: Path) -> None:
    cat = Catalog(survey_catalog)
    con = terminal(80)
    papers_table([cat.get("2506.18088")], "x", con)
    body = text_of(con).splitlines()[2:-1]
    # two lines of title, shortened with an ellipsis, then the categories
    assert len(body) == 3 and body[1].rstrip().endswith("…") and "simulation-data-collection" in body[2]


def test_shorten() -> None:
    assert shorten("a b c", 10, 2) == "a b c"
    assert shorten("aaaa bbbb cccc dddd", 9, 2) == "aaaa bbbb\ncccc dddd"
    assert shorten("aaaa bbbb cccc dddd eeee", 9, 2) == "aaaa bbbb\ncccc …"
    assert shorten("x" * 30, 10, 1) == "x" * 9 + "…"


def test_empty_result_is_one_line(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("list", "-C", str(survey_catalog), "-c", "quantization", "--year", "1999", "-f", "table")
    assert res.exit_code == 0 and res.stdout == f"no papers match · {survey_catalog}\n"
    res = vla("list", "-C", str(survey_catalog), "--year", "1999")  # piped: no lines at all
    assert res.exit_code == 0 and res.stdout == ""


def test_list_piped_is_clean_tsv(vla: Invoke, survey_catalog: Path) -> None:
    out = vla("list", "-C", str(survey_catalog)).stdout
    for line in out.splitlines():
        fields = line.split("\t")
        assert len(fields) == 5 and all(f == f.strip() for f in fields), line


def test_list_table_piped_has_no_trailing_spaces(vla: Invoke, survey_catalog: Path) -> None:
    out = vla("list", "-C", str(survey_catalog), "-f", "table").stdout
    assert out.splitlines()[-1] == f"58 papers · {survey_catalog}"
    assert not [line for line in out.splitlines() if line != line.rstrip()]


@pytest.mark.parametrize("width", [80, 200])
def test_show_never_cuts_a_url(survey_catalog: Path, width: int) -> None:
    cat = Catalog(survey_catalog)
    con = terminal(width)
    paper_detail(cat.get("2506.01844"), cat, con)
    lines = text_of(con).splitlines()
    assert f"Code           {SMOL_CODE}" in lines  # whole, on one line: the terminal wraps it if it must
    assert "Paper          https://arxiv.org/abs/2506.01844" in lines
    assert not [line for line in lines if line != line.rstrip()]
    assert all(len(line) <= width for line in lines if "https://" not in line)
    abstract = [line for line in lines if line.startswith("Abstract")]
    assert abstract and len(abstract[0]) <= width


def test_show_piped_is_label_tab_value(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("show", "2506.01844", "-C", str(survey_catalog))
    lines = res.stdout.splitlines()
    assert f"Code\t{SMOL_CODE}" in lines and "Paper\thttps://arxiv.org/abs/2506.01844" in lines
    assert all(line.count("\t") == 1 and line == line.rstrip() for line in lines)
    assert lines[0] == "Key\t2506.01844"


def test_show_affiliations_and_every_link(vla: Invoke, empty_catalog: Path) -> None:
    cat = Catalog(empty_catalog)
    p = Paper(key="2401.00001", arxiv="2401.00001", title="A paper", authors=["Ana Lima", "Bo Chen"],
              affiliations={"Ana Lima": ["MIT", "Google"], "Bo Chen": ["ETH Zurich"]}, categories=["quantization"])
    p.set_cell_links("code", [("💻", "https://github.com/a/b"), ("💻 Pret", "https://github.com/c/d")])
    cat.add(p)
    lines = vla("show", "2401.00001", "-C", str(empty_catalog)).stdout.splitlines()
    assert "Affiliations\tAna Lima: MIT; Google" in lines and "Affiliations\tBo Chen: ETH Zurich" in lines
    assert "Code\thttps://github.com/a/b" in lines and "Code\thttps://github.com/c/d (💻 Pret)" in lines
    con = terminal(80)
    paper_detail(Catalog(empty_catalog).get("2401.00001"), cat, con)
    out = text_of(con)
    assert "Affiliations   Ana Lima: MIT; Google\n               Bo Chen: ETH Zurich\n" not in out  # one row each
    assert "Affiliations   Ana Lima: MIT; Google\n" in out and "Affiliations   Bo Chen: ETH Zurich\n" in out


@pytest.mark.parametrize("width", [80, 200])
def test_categories_tree(survey_catalog: Path, width: int) -> None:
    cat = Catalog(survey_catalog)
    con = terminal(width)
    category_tree(cat, "./catalog", con)
    lines = text_of(con).splitlines()
    assert any(line.endswith("Quantization  quantization  1") for line in lines)
    assert any(line.endswith("Efficient Model Design  efficient-model-design  35") for line in lines)
    assert lines[-1] == "58 papers in 26 categories · ./catalog"
    assert all(len(line) <= width and line == line.rstrip() for line in lines)


def test_categories_piped_are_tab_separated(vla: Invoke, survey_catalog: Path) -> None:
    lines = vla("categories", "-C", str(survey_catalog)).stdout.splitlines()
    assert "efficient-attention\tEfficient Attention\tefficient-architectures\t5" in lines
    assert all(len(line.split("\t")) == 4 for line in lines)


def test_no_categories_yet(vla: Invoke, tmp_path: Path) -> None:
    assert vla("init", str(tmp_path / "new")).exit_code == 0
    con = terminal(80)
    category_tree(Catalog(tmp_path / "new"), "./new", con)
    assert text_of(con) == "no categories yet: add one with 'vla category add SLUG'\n0 papers in 0 categories · ./new\n"
