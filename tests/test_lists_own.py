"""The arXiv papers a list links only where no entry is — its introduction, its News, a badge — such as the
survey the list comes with: entries of no category where the file gives their title; and an entry whose arXiv
link is another paper's (a list's copied link) filed under the other arXiv link it holds."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke

from vlacli import Catalog
from vlacli.formats.importers.bibtex import parse_bibtex
from vlacli.formats.importers.markdown import parse_markdown

BODY = "\n## Methods\n\n- [A Method For Everything](https://arxiv.org/abs/2301.00001)\n"


def own(text: str) -> list[tuple[int, str, str | None, list[str]]]:
    return [(e.line, e.title, e.arxiv, e.headings) for e in parse_markdown(text).entries if not e.headings]


def test_a_survey_linked_by_its_title_in_the_introduction() -> None:
    md = ("# Awesome Things\n\nPlease check out our survey: [How Can Things Benefit from Models: A Survey]"
          "(https://arxiv.org/abs/2306.05817)\n" + BODY)
    assert own(md) == [(3, "How Can Things Benefit from Models: A Survey", "2306.05817", [])]
    assert parse_markdown(md).skipped == []  # its line is the entry's now


def test_a_news_item_naming_the_paper_in_single_quotes() -> None:
    md = ("# Awesome Things\n\n## News\n\n- [2024/01] Our survey paper 'Scientific Models: A Survey on Things' "
          "has been released on [arXiv](https://arxiv.org/abs/2401.14656/v1).\n" + BODY)
    assert own(md) == [(5, "Scientific Models: A Survey on Things", "2401.14656", [])]


def test_a_badge_titled_by_the_lists_citation_dblp_style() -> None:
    md = ('<a href="https://arxiv.org/abs/2407.07111"><img src="https://img.shields.io/badge/arXiv-2407.07111-B31B1B.svg">'
          "</a>\n" + BODY + "\n## Citation\n\n```bibtex\n@article{sun2024,\n  title = {Diffusion Model-Based Video "
          "Editing: A Survey},\n  journal = {CoRR},\n  volume = {abs/2407.07111},\n  year = {2024}\n}\n```\n")
    assert own(md) == [(1, "Diffusion Model-Based Video Editing: A Survey", "2407.07111", [])]


def test_a_link_whose_text_is_a_label_and_no_citation_stays_a_skipped_line() -> None:
    md = "# Awesome Things\n\nOur survey is on [arXiv](https://arxiv.org/abs/2505.10993).\n" + BODY
    parsed = parse_markdown(md)
    assert own(md) == []
    assert [(s.line, s.why) for s in parsed.skipped] == [(3, "the list's introduction")]


def test_a_paper_of_an_entry_is_not_taken_again_from_the_news() -> None:
    md = ("# Awesome Things\n\n## News\n\n- [2024/01] We added [A Method For Everything]"
          "(https://arxiv.org/abs/2301.00001).\n" + BODY)
    assert own(md) == []


def test_corr_volume_is_an_arxiv_id() -> None:
    entry, = parse_bibtex("@article{k, title = {T}, journal = {CoRR}, volume = {abs/2407.07111}, year = 2024}").entries
    assert entry.arxiv == "2407.07111"
    other, = parse_bibtex("@article{k, title = {T}, journal = {Nature}, volume = {abs/2407.07111}}").entries
    assert other.arxiv is None


COPIED = ("# Hallucination\n\n## Benchmarks\n\n"
          "+ **LRV-Instruction** [Mitigating Hallucination in Large Multi-Modal Models via Robust Instruction Tuning]"
          "(https://arxiv.org/abs/2306.14565)\n\n"
          "+ **MMHal-Bench** [Aligning Large Multimodal Models with Factually Augmented RLHF]"
          "(https://arxiv.org/abs/2306.14565)\n"
          "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2309.14525)\n\n"
          "## Methods\n\n"
          "+ **LLaVA-RLHF** [Aligning Large Multimodal Models with Factually Augmented RLHF]"
          "(https://arxiv.org/abs/2306.14565)\n"
          "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2309.14525)\n\n"
          "+ [Octree Guided CNN with Spherical Kernels](https://arxiv.org/abs/1903.00343) "
          "[[extension](https://arxiv.org/pdf/1909.09287.pdf)]\n")


def test_a_copied_arxiv_link_gives_way_to_the_entrys_other_one(vla: Invoke, empty_catalog: Path,
                                                                  tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text(COPIED, encoding="utf-8")
    res = vla("import", "markdown", str(md), "-C", str(empty_catalog), "--create-categories")
    assert res.exit_code == 0, res.output
    assert "0 conflicts" in res.stdout and "error" not in res.stdout
    assert ("line 7: arXiv 2306.14565 is given for 'Aligning Large Multimodal Models with Factually Augmented RLHF', "
            "but it is 'Mitigating Hallucination in Large Multi-Modal Models via Robust Instruction Tuning' "
            "(2306.14565); filed under the entry's other arXiv link, 2309.14525") in res.stdout
    cat = Catalog(empty_catalog)
    rlhf = cat.get("2309.14525")
    assert rlhf.title == "Aligning Large Multimodal Models with Factually Augmented RLHF"
    assert rlhf.categories == ["benchmarks", "methods"]
    assert cat.get("2306.14565").title.startswith("Mitigating Hallucination")
    # A second arXiv link with no title of its own (an extension) is told, not made a paper.
    assert "line 15: arXiv 1909.09287 linked too, with no title of its own: no paper made of it" in res.stdout
    assert sorted(p.key for p in cat.papers()) == ["1903.00343", "2306.14565", "2309.14525"]


def test_a_table_whose_title_column_has_no_known_name_and_quoted_titles() -> None:
    """``| Date | Venue | Benchmark | Size | Source |`` with ``"Title" [[paper](…)] [[data](…)]`` cells: the
    column of quoted titles beside their paper links is the title column (no header names it)."""
    md = ("| Date | Venue | Benchmark | Size | Source |\n| --- | --- | --- | --- | --- |\n"
          '| 2017-08 | arXiv | WikiSQL | 80654 | "Seq2SQL: Generating Structured Queries from Natural Language" '
          "[[paper](https://arxiv.org/abs/1709.00103)] [[data](https://github.com/salesforce/WikiSQL)] |\n"
          '| 2018-06 | CL 2018 | Advising | 4570 | "Improving Text-to-SQL Evaluation Methodology" '
          "[[paper](https://arxiv.org/abs/1806.09029)] |\n")
    got = [(e.title, e.arxiv, e.venue) for e in parse_markdown(md).entries]
    assert got == [("Seq2SQL: Generating Structured Queries from Natural Language", "1709.00103", "arXiv"),
                   ("Improving Text-to-SQL Evaluation Methodology", "1806.09029", "CL")]
