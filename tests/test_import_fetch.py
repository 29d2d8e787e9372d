"""Doubt said, not hidden: the import report names each entry whose own text gives no trustworthy title, with
its line; `vla import markdown --fetch` takes arXiv's title and authors for them, batched and polite (against
the loopback arXiv server, never the internet)."""

from __future__ import annotations

from pathlib import Path

from arxiv_server import ArxivReplay, synthetic_entry
from conftest import Invoke

from vlacli import Catalog

LIST = ("# Embodied\n\n## Simulators\n\n"
        "* **OVD-SLAM: An online visual SLAM for dynamic environments**, IEEE Sensors Journal, 2023.\n"
        "[[page](https://arxiv.org/abs/2301.00001)]\n"
        "* **K-EQA**, 2023. [[link]](https://arxiv.org/abs/2109.07872)\n"
        "* **EmbodiedScan**, 2019. [[link]](https://example.org/embodiedscan)\n")


def write(tmp_path: Path, text: str = LIST) -> Path:
    path = tmp_path / "list.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_report_names_each_doubtful_title_with_its_line(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    res = vla("import", "markdown", str(write(tmp_path)), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    out = res.stdout.splitlines()
    start = out.index("doubtful titles (2; --fetch takes arXiv's for those with an arXiv ID):")
    assert out[start + 1:start + 3] == ["  line 7: title 'K-EQA' taken from a short name",
                                        "  line 8: title 'EmbodiedScan' taken from a short name"]
    assert Catalog(empty_catalog).get("2109.07872").title == "K-EQA"  # the file's, until arXiv's is taken
    quiet = vla("import", "markdown", str(write(tmp_path)), "-C", str(empty_catalog), "--quiet")
    assert "doubtful titles" not in quiet.stdout


def test_fetch_takes_arxivs_title_and_authors_for_the_doubtful_ones_only(
        vla: Invoke, empty_catalog: Path, tmp_path: Path, server: ArxivReplay) -> None:
    server.add_entry("2109.07872", synthetic_entry("2109.07872", "Knowledge-based Embodied Question Answering"))
    res = vla("import", "markdown", str(write(tmp_path)), "-C", str(empty_catalog), "--fetch")
    assert res.exit_code == 0, res.output
    assert "titles from arXiv (--fetch) (1):\n  line 7: 'K-EQA' → 'Knowledge-based Embodied Question Answering' " \
           "(arXiv 2109.07872)\n" in res.stdout
    assert "doubtful titles (1):\n  line 8: title 'EmbodiedScan' taken from a short name\n" in res.stdout  # no ID
    [request] = server.requests  # one batch, of the doubtful entry's ID alone
    assert request.id_list == ["2109.07872"]
    cat = Catalog(empty_catalog)
    keqa = cat.get("2109.07872")
    assert (keqa.title, keqa.authors, keqa.year) == ("Knowledge-based Embodied Question Answering", ["Ada Lovelace"],
                                                     2023)
    assert cat.get("2301.00001").title == "OVD-SLAM: An online visual SLAM for dynamic environments"


def test_fetch_asks_arxiv_once_per_hundred_ids_and_says_which_it_has_not(
        vla: Invoke, empty_catalog: Path, tmp_path: Path, server: ArxivReplay) -> None:
    server.synthesize = True
    rows = "".join(f"* **Name{n}**, 2024. [[link]](https://arxiv.org/abs/2501.{n:05d})\n" for n in range(1, 151))
    missing = "* **Ghost**, 2024. [[link]](https://arxiv.org/abs/0000.00001)\n"  # no such paper
    text = "## Sim\n\n* **A Real Title of a Paper**, 2024. [[page](https://arxiv.org/abs/2401.00009)]\n" + rows
    res = vla("import", "markdown", str(write(tmp_path, text + missing)), "-C", str(empty_catalog), "--fetch")
    assert res.exit_code == 0, res.output
    assert len(server.requests) == 2  # ⌈150/100⌉: 0000.00001 is no ID, never asked
    assert Catalog(empty_catalog).get("2501.00042").title == "Synthetic paper 2501.00042"
    assert "titles from arXiv (--fetch) (150):" in res.stdout


def test_fetch_with_arxiv_down_imports_nothing_and_exits_3(
        vla: Invoke, empty_catalog: Path, tmp_path: Path, server: ArxivReplay) -> None:
    from arxiv_server import Fault

    server.always = Fault(status=503)
    res = vla("import", "markdown", str(write(tmp_path)), "-C", str(empty_catalog), "--fetch")
    assert res.exit_code == 3, res.output
    assert res.stderr.splitlines()[-1] == f"error: arXiv is unavailable at {server.url}: HTTP 503 (4 attempts)"
    assert res.stdout == "" and Catalog(empty_catalog).papers() == []  # nothing imported: run it again


def test_fetch_is_for_markdown_only(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={A}, year={2024}}\n")
    res = vla("import", "bibtex", str(bib), "-C", str(empty_catalog), "--fetch")
    assert (res.exit_code, res.stderr) == (1, "error: --fetch is for markdown, not bibtex\n")


def test_a_correction_that_sets_the_title_leaves_no_doubt(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    corrections = tmp_path / "c.toml"
    corrections.write_text('[[correction]]\nmatch = "2109.07872"\ntitle = "Knowledge-based Embodied QA"\n')
    res = vla("import", "markdown", str(write(tmp_path)), "-C", str(empty_catalog), "--corrections", str(corrections))
    assert "line 7:" not in res.stdout and "line 8: title 'EmbodiedScan'" in res.stdout


def test_a_paper_named_both_by_a_short_name_and_by_its_title_is_one_paper(vla: Invoke, empty_catalog: Path,
                                                                           tmp_path: Path) -> None:
    """The short name first in the file, the title later: one paper, under its title, with both categories
    (a doubtful title is no evidence against its arXiv ID); no conflict."""
    md = write(tmp_path, "## Datasets\n\n* **K-EQA**, 2023. [[link]](https://arxiv.org/abs/2109.07872)\n\n"
                         "## Methods\n\n- Knowledge-based Embodied Question Answering "
                         "[[paper](https://arxiv.org/abs/2109.07872)]\n"
                         "  - Summary: extends [MTR](https://arxiv.org/abs/2209.13508).\n")
    res = vla("import", "markdown", str(md), "-C", str(empty_catalog), "--create-categories")
    assert res.exit_code == 0, res.output
    assert "conflicts (" not in res.stdout
    cat = Catalog(empty_catalog)
    paper = cat.get("2109.07872")
    assert (paper.title, paper.categories) == ("Knowledge-based Embodied Question Answering", ["methods", "datasets"])
    assert [p.key for p in cat.papers()] == ["2109.07872", "2209.13508"]
