"""README edits come back in: `vla import markdown --update` takes a newer README's values, a published
venue wins over arXiv within and across files, and nothing a person wrote is lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Invoke

from vlacli import Catalog


def export(vla: Invoke, catalog: Path) -> str:
    res = vla("export", "markdown", "-C", str(catalog))
    assert res.exit_code == 0, res.output
    return res.stdout


def rows(markdown: str) -> list[str]:
    """The table rows of an export, in order, under the heading each is filed under."""
    out, heading = [], ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading = line
        elif line.startswith("| ") and not line.startswith(("| Year", "|---")):
            out.append(f"{heading} {line}")
    return out


def edit_row(markdown: str, arxiv: str, cell: int, value: str) -> str:
    """Every row of ``arxiv`` with its cell number ``cell`` (0: year, 1: venue, 2: paper) replaced."""
    def sub(m: re.Match[str]) -> str:
        cells = m.group(0).split(" | ")
        cells[cell] = value if cell else f"| {value}"
        return " | ".join(cells)

    return re.sub(rf"^\| [^\n]*abs/{re.escape(arxiv)}\)[^\n]*$", sub, markdown, flags=re.M)


def test_update_takes_venues_years_titles_and_new_rows(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    before = export(vla, survey_catalog)
    edited = edit_row(before, "2508.19958", 1, "CoRL")  # a venue moved from arXiv to a conference
    edited = edit_row(edited, "2410.15549", 0, "2025")  # published the next year
    edited = edit_row(edited, "2410.15549", 1, "ICRA")
    old_title = "RoboMamba: Efficient Vision-Language-Action Model for Robotic Reasoning and Manipulation"
    assert old_title in edited
    edited = edited.replace(old_title, "RoboMamba: Multimodal State Space Model for Efficient Robot Reasoning")
    new_row = ("| 2025 | CoRL | [A Brand New Paper](https://arxiv.org/abs/2509.00001) | - "
               "| [💻](https://github.com/n/p) |\n")
    edited = edited.replace("##### Quantization\n\n| Year | Venue | Paper | Website | Code |\n"
                            "|------|-------|-------|---------|------|\n",
                            "##### Quantization\n\n| Year | Venue | Paper | Website | Code |\n"
                            "|------|-------|-------|---------|------|\n" + new_row)
    # Two links in a code cell, each with its label (FLOWER's row in a later revision of the survey).
    germ_code = "https://github.com/example/germ"
    assert f"[💻]({germ_code})" not in edited
    edited = re.sub(r"^(\| [^\n]*abs/2403\.13358\)[^\n]*\| )[^|\n]*( \|)$",
                    rf"\1[💻 Pret]({germ_code}-pret) / [💻 FT]({germ_code}-ft)\2", edited, flags=re.M)
    # A row deleted from one of a paper's tables (CLIP-RT leaves Data Augmentation).
    clip = [line for line in edited.splitlines() if "abs/2411.00508" in line]
    assert len(clip) == 3
    cut = edited.index("##### Data Augmentation")
    edited = edited[:cut] + edited[cut:].replace(clip[-1] + "\n", "", 1)
    # A fence holding a shorter fence and an example row: not an entry, and what follows is read.
    edited = ("Contributing: a row looks like this:\n\n````markdown\n```\n"
              "| 2025 | arXiv | [Example](https://arxiv.org/abs/2501.00001) | - | - |\n```\n````\n\n" + edited)
    readme = tmp_path / "README.md"
    readme.write_text(edited, encoding="utf-8")
    n_before = len(Catalog(survey_catalog))

    res = vla("import", "markdown", str(readme), "--update", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "  2508.19958 venue: arXiv → CoRL" in out.splitlines()
    assert "  2410.15549 year: 2024 → 2025" in out.splitlines()
    assert "  2410.15549 venue: arXiv → ICRA" in out.splitlines()
    assert any(line.startswith("  2406.04339 title: RoboMamba: Efficient") for line in out.splitlines())

    cat = Catalog(survey_catalog)
    assert len(cat) == n_before + 1  # one record per paper: the renamed one is not doubled
    assert cat.get("2403.13358").cell_links("code") == [("💻 Pret", f"{germ_code}-pret"), ("💻 FT", f"{germ_code}-ft")]
    assert "data-augmentation" not in cat.get("2411.00508").categories
    assert cat.find("2501.00001") is None  # the example in the fence
    robomamba = cat.get("2406.04339")
    assert robomamba.title == "RoboMamba: Multimodal State Space Model for Efficient Robot Reasoning"
    assert robomamba.aliases == [old_title]
    assert sorted(rows(export(vla, survey_catalog))) == sorted(rows(edited.split("````\n\n", 1)[1]))
    # Running it again changes nothing.
    again = vla("import", "markdown", str(readme), "--update", "-C", str(survey_catalog))
    assert "0 updated" in again.stdout and "changes" not in again.stdout


def test_update_moves_a_paper_between_the_categories_the_file_shows(vla: Invoke, survey_catalog: Path,
                                                                     tmp_path: Path) -> None:
    """A row moved from one table to another re-files the paper; a category the file does not show
    (here: all but two) is left as it is."""
    cat = Catalog(survey_catalog)
    paper = cat.get("2410.05273")
    assert paper.categories == ["hierarchical-systems"]
    readme = tmp_path / "README.md"
    readme.write_text(
        "##### Hierarchical Systems\n\n| Year | Venue | Paper | Website | Code |\n|---|---|---|---|---|\n\n"
        "##### Layer Pruning\n\n| Year | Venue | Paper | Website | Code |\n|---|---|---|---|---|\n"
        f"| 2024 | CoRL | [{paper.title}](https://arxiv.org/abs/2410.05273) | - | - |\n", encoding="utf-8")
    res = vla("import", "markdown", str(readme), "--update", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert "  2410.05273 categories: hierarchical-systems → layer-pruning" in res.stdout.splitlines()
    assert Catalog(survey_catalog).get("2410.05273").categories == ["layer-pruning"]


def test_published_venue_wins_across_files_without_update(vla: Invoke, survey_catalog: Path,
                                                         tmp_path: Path) -> None:
    """Without --update, a README only fills gaps, but a published venue still replaces "arXiv" (with
    its year) — across files, and for every row of the same file — unless a person pinned the venue."""
    cat = Catalog(survey_catalog)
    long_vla, pinned = cat.get("2508.19958"), cat.get("2508.16845")
    assert long_vla.venue == pinned.venue == "arXiv"
    assert vla("set", "2508.16845", "--venue", "arXiv", "-C", str(survey_catalog)).exit_code == 0
    readme = tmp_path / "README.md"
    readme.write_text(
        "##### Quantization\n\n| Year | Venue | Paper | Website | Code |\n|---|---|---|---|---|\n"
        f"| 2025 | CoRL | [{long_vla.title}](https://arxiv.org/abs/2508.19958) | - | - |\n"
        f"| 2025 | NeurIPS | [{pinned.title}](https://arxiv.org/abs/2508.16845) | - | - |\n\n"
        "##### Pruning\n\n| Year | Venue | Paper | Website | Code |\n|---|---|---|---|---|\n"
        f"| 2025 | CoRL | [{long_vla.title}](https://arxiv.org/abs/2508.19958) | - | - |\n", encoding="utf-8")
    res = vla("import", "markdown", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert "  2508.19958 venue: arXiv → CoRL" in res.stdout.splitlines()
    cat = Catalog(survey_catalog)
    assert cat.get("2508.19958").venue == "CoRL"
    assert cat.get("2508.16845").venue == "arXiv"  # pinned by `vla set`: a person's word
    assert "venue arXiv / NeurIPS; kept arXiv" in res.stdout


def test_update_is_markdown_only(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("@misc{a, title={A}}\n", encoding="utf-8")
    res = vla("import", "bibtex", str(bib), "--update", "-C", str(survey_catalog))
    assert (res.exit_code, res.stderr) == (1, "error: --update is for markdown, not bibtex\n")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a"])
def test_import_refuses_links_that_are_not_web_addresses(vla: Invoke, empty_catalog: Path, tmp_path: Path,
                                                        url: str) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text(f"@misc{{a, title={{A Paper}}, url={{{url}}}, year=2024}}\n", encoding="utf-8")
    res = vla("import", "bibtex", str(bib), "-c", "quantization", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert f"line 1: url {url!r} is not a web (http/https) address; left out" in res.stdout
    [paper] = Catalog(empty_catalog).papers()
    assert paper.url is None and paper.link is None  # no link of the paper, in the README or the site
    assert json.loads(vla("export", "json", "-C", str(empty_catalog)).stdout)[0]["url"] is None
    # What the .bib said is kept as it said it, for its export: a field of text, not a link.
    assert f"url = {{{url}}}" in vla("export", "bibtex", "-C", str(empty_catalog)).stdout


def test_the_import_report_lists_lines_skipped_as_no_entry(vla: Invoke, empty_catalog: Path) -> None:
    """Badges and News bullets hold links but are no papers: "skipped (not an entry)", with the reason,
    not "unreadable" (which alarms); --quiet hides them like notes."""
    revision = Path(__file__).parent / "data" / "dialects" / "survey_revision.md"
    res = vla("import", "markdown", str(revision), "-C", str(empty_catalog), "--dry-run")
    assert res.exit_code == 0, res.output
    out = res.stdout
    head = next(line for line in out.splitlines() if line.startswith("skipped (not an entry) ("))
    assert int(head.split("(")[-1].rstrip("):")) >= 3
    assert "  line 5: the list's introduction: " in out and "  line 8: in the 'News' section: " in out
    assert "unreadable (" not in out
    quiet = vla("import", "markdown", str(revision), "-C", str(empty_catalog), "--dry-run", "-q")
    assert "skipped" not in quiet.stdout
