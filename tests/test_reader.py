"""The Markdown reader from the document's structure: each shape real lists use, read by evidence; where each
entry came from (line, end, block); doubt said, not hidden; and, as properties, that it never raises and that
every line with a link is in an entry's lines, unreadable or skipped — on any text and on real lists mutated."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vlacli.formats.importers import Listing, Parsed
from vlacli.formats.importers.markdown import find_links, parse_markdown
from vlacli.formats.mdblocks import split_lines


def entries(text: str) -> list[Listing]:
    return parse_markdown(text).entries


def one(text: str) -> Listing:
    [e] = entries(text)
    return e


# -- the shapes of issue #23, each from a real list ---------------------------------------------------------
def test_a_list_item_over_several_lines() -> None:
    e = one("## Simulators\n\n"
            "* **Transferring implicit knowledge of non-visual object properties**, ECCV, 2016.\n"
            "Tatiya, Gyan, Jonathan, Francis.\n"
            "[[page](https://arxiv.org/pdf/2209.06890)]\n")
    assert (e.title, e.arxiv, e.venue, e.year) == (
        "Transferring implicit knowledge of non-visual object properties", "2209.06890", "ECCV", 2016)
    assert (e.line, e.end) == (3, 5)
    assert e.authors == []  # family and given names in turn say who, not how: not kept


def test_one_heading_per_paper() -> None:
    text = ("# Papers\n\n## 2024\n\n"
            "### 3. LGM: Large Multi-View Gaussian Model for High-Resolution 3D Content Creation\n"  # 5
            "**Authors**: Chen Yang, Sikuang Li, Jiemin Fang\n\n"
            "<details span>\n<summary><b>Abstract</b></summary>\nWe present a model.\n</details>\n\n"
            "[📄 Paper](https://arxiv.org/pdf/2402.05054.pdf) | [🌐 Project Page](https://me.kiui.moe/lgm/) | "
            "[💻 Code](https://github.com/3DTopia/LGM)\n\n"                                       # 13
            "### 4. [NeurIPS '24] GALA3D: Towards Text-to-3D Complex Scene Generation\n"          # 15
            "**Authors**: Xiaoyu Zhou, Xingjian Ran\n\n"
            "[📄 Paper](https://arxiv.org/pdf/2402.07207.pdf) | [💻 Code](https://github.com/VDIGPKU/GALA3D)\n")
    lgm, gala = entries(text)
    assert (lgm.title, lgm.arxiv, lgm.year) == (
        "LGM: Large Multi-View Gaussian Model for High-Resolution 3D Content Creation", "2402.05054", 2024)
    assert (lgm.website, lgm.code) == ("https://me.kiui.moe/lgm/", "https://github.com/3DTopia/LGM")
    assert lgm.authors == ["Chen Yang", "Sikuang Li", "Jiemin Fang"]
    assert lgm.headings == ["Papers", "2024"]  # the paper's own heading is its title, not a category
    assert (gala.title, gala.venue, gala.year) == ("GALA3D: Towards Text-to-3D Complex Scene Generation", "NeurIPS",
                                                   2024)
    assert [(e.line, e.end, e.block) for e in (lgm, gala)] == [(5, 13, 5), (15, 18, 5)]
    assert parse_markdown(text).headings == ["Papers", "2024"]  # an abstract folded away is no heading


def test_an_html_table_with_rowspan() -> None:
    text = ("## Attacks\n\n<table>\n<thead>\n<tr><th>Category</th><th>Attack</th><th>Main Idea</th></tr>\n</thead>\n\n"
            "<tr>\n<th rowspan=\"2\">Gradient-based</th>\n"
            "<td><a href=\"https://arxiv.org/abs/1412.6572\">FGSM (Goodfellow et al., 2015)</a></td>\n"
            "<td><sub>Add a perturbation</sub></td>\n</tr>\n\n"
            "<tr>\n<td><a href=\"https://arxiv.org/abs/1607.02533\">I-FGSM (Kurakin et al., 2015)</a></td>\n"
            "<td>Iterate it</td>\n</tr>\n</table>\n")
    fgsm, ifgsm = entries(text)
    assert [(e.title, e.arxiv, e.year) for e in (fgsm, ifgsm)] == [("FGSM", "1412.6572", 2015),
                                                                     ("I-FGSM", "1607.02533", 2015)]
    assert (fgsm.line, fgsm.end, fgsm.block) == (8, 12, 3) and (ifgsm.line, ifgsm.end) == (14, 17)
    assert fgsm.doubt == "title 'FGSM' taken from a short name"


def test_html_tables_lay_cells_out_as_a_browser_does() -> None:
    from vlacli.formats.importers.htmlblocks import HtmlBlocks

    tables = HtmlBlocks()
    [t] = tables.read("<table><tr><td colspan=2 rowspan=2>A</td><td>B</td></tr><tr><td>C</td></tr>"
                      "<tr><td>D</td><td>E</td><td>F</td></tr></table>", 1)
    grid = [[(c.text.text(), c.spanned) for c in row.cells] for row in t.rows]
    assert grid == [[("A", False), ("A", True), ("B", False)], [("A", True), ("A", True), ("C", False)],
                    [("D", False), ("E", False), ("F", False)]]
    assert tables.read("<table><tr><td rowspan=999999>x", 1) == []  # never closed: read at the end
    assert [len(r.cells) for r in tables.finish()[0].rows] == [1]


def test_the_paper_links_label_is_its_venue() -> None:
    e = one("## 2019\n\n- [[NeurIPS](https://arxiv.org/abs/1904.08755)] [1.8k:fire:] 4D Spatio-Temporal ConvNets: "
            "Minkowski Convolutional Neural Networks. [**`bnn`**] [[code](https://github.com/x/y)] [330:star:]\n")
    assert (e.title, e.venue, e.year, e.code) == (
        "4D Spatio-Temporal ConvNets: Minkowski Convolutional Neural Networks", "NeurIPS", 2019,
        "https://github.com/x/y")  # the year from the heading above it
    e = one("## X\n\n- Planning-oriented Autonomous Driving [[CVPR2023]](https://arxiv.org/abs/2212.10156)"
            "[[Code]](https://github.com/OpenDriveLab/UniAD)![](https://img.shields.io/github/stars/a/b.svg)\n")
    assert (e.title, e.venue, e.year, e.arxiv) == ("Planning-oriented Autonomous Driving", "CVPR", 2023, "2212.10156")


def test_a_bold_paragraph_then_its_bare_links() -> None:
    e = one("## Papers\n\n**Point-E: A System for Generating 3D Point Clouds from Complex Prompts**\n"
            "- Paper: https://arxiv.org/pdf/2212.08751.pdf\n- Code: https://github.com/openai/point-e\n")
    assert (e.title, e.arxiv, e.code, e.line, e.end) == (
        "Point-E: A System for Generating 3D Point Clouds from Complex Prompts", "2212.08751",
        "https://github.com/openai/point-e", 3, 5)


def test_a_table_cell_with_a_star_badge_a_break_and_a_linked_bold_title() -> None:
    e = one("| Title | Venue | Date | Code |\n|---|---|---|---|\n"
            "| ![Star](https://img.shields.io/github/stars/x/y.svg?style=social&label=Star) <br> [**Ego-R1: "
            "Chain-of-Tool-Thought for Ultra-Long Egocentric Video Reasoning**](https://arxiv.org/pdf/2506.13654) "
            "<br> | arXiv | 2025-06-16 | [Github](https://github.com/egolife-ai/Ego-R1) |\n")
    assert (e.title, e.arxiv, e.venue, e.year) == (
        "Ego-R1: Chain-of-Tool-Thought for Ultra-Long Egocentric Video Reasoning", "2506.13654", "arXiv", 2025)


def test_a_numbered_entry_with_authors_venue_and_tag() -> None:
    e = one("## M\n\n1. **Graph Attention Networks**. *Petar Velickovic, Guillem Cucurull*. ICLR 2018. `gat` "
            "[[pdf](https://arxiv.org/abs/1710.10903)] [[code](https://github.com/x/gat)]\n")
    assert (e.title, e.venue, e.year, e.authors) == ("Graph Attention Networks", "ICLR", 2018,
                                                     ["Petar Velickovic", "Guillem Cucurull"])


def test_a_short_name_is_the_title_when_nothing_better_is_there_and_says_so() -> None:
    text = ("## Sim\n\n* **OVD-SLAM: An online visual SLAM for dynamic environments**, IEEE Sensors Journal, 2023.\n"
            "[[page](https://arxiv.org/abs/2301.00001)]\n"
            "* **K-EQA**, 2023. [[link]](https://arxiv.org/abs/2109.07872)\n")
    slam, keqa = entries(text)
    assert slam.doubt is None
    assert (keqa.title, keqa.year, keqa.doubt) == ("K-EQA", 2023, "title 'K-EQA' taken from a short name")
    # Where bold is a nickname (**RT-2**: "Title"), a bold name alone has lost its title: unreadable.
    parsed = parse_markdown('## M\n\n* **RT-2**: "RT-2: Vision-Language-Action Models", *CoRL 2023*. '
                            "[[Paper](https://arxiv.org/abs/2307.15818)]\n"
                            "* **Broken**: [[Paper](https://arxiv.org/abs/2410.00001)]\n")
    assert [e.title for e in parsed.entries] == ["RT-2: Vision-Language-Action Models"]
    assert [(u.line, u.why) for u in parsed.unreadable] == [(4, "an entry with no title that could be read")]


def test_the_arxiv_id_only_in_a_badge() -> None:
    e = one("## M\n\n- Mamba: Linear-Time Sequence Modeling with Selective State Spaces "
            "[![arXiv](https://img.shields.io/badge/arXiv-2312.00752-b31b1b.svg)](https://github.com/state-spaces/mamba)\n")
    assert (e.title, e.arxiv) == ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "2312.00752")


def test_titles_are_never_alt_texts_labels_venues_or_years() -> None:
    got = entries("## A\n\n| Paper | Link |\n|---|---|\n"
                  "| ![Star](https://img.shields.io/x.svg) <br> [**Real Title One**](https://arxiv.org/abs/2401.00001) "
                  "| - |\n\n"
                  "- [Paper](https://arxiv.org/abs/2401.00002) Real Title Two\n"
                  "- [[ICLR 2018](https://arxiv.org/abs/2401.00003)] Real Title Three\n"
                  "- **2023** Real Title Four [[link]](https://arxiv.org/abs/2401.00004)\n"
                  "- [![GitHub Repo stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b) "
                  "[Real Title Five](https://arxiv.org/abs/2401.00005)\n")
    assert [e.title for e in got] == [f"Real Title {n}" for n in ("One", "Two", "Three", "Four", "Five")]


def test_sub_items_are_an_entrys_parts_unless_they_are_papers_of_their_own() -> None:
    got = entries("## Agents\n\n"
                  "- [The Amazing Agent Race: Strong Tool Users, Weak Navigators](https://arxiv.org/abs/2604.10261)\n"
                  "    - Zae Myung Kim, Dongseok Lee, Jaehyung Kim\n"
                  "    - 📅 Date: April 11, 2026\n"
                  "    - 📑 Publisher: arXiv\n"
                  "    - Datasets: [Waymo](https://waymo.com/open/)\n\n"
                  "* General:\n"
                  "    * **detrex**: \"detrex: Benchmarking Detection Transformers\", arXiv, 2023 (*IDEA*). "
                  "[[Paper](https://arxiv.org/abs/2306.07265)]\n")
    race, detrex = got
    assert (race.year, race.venue, race.authors, race.website) == (2026, "arXiv",
                                                                   ["Zae Myung Kim", "Dongseok Lee", "Jaehyung Kim"],
                                                                   None)
    assert (race.line, race.end) == (3, 7)
    assert (detrex.title, detrex.line, detrex.headings) == ("detrex: Benchmarking Detection Transformers", 10,
                                                            ["Agents"])


def test_papers_an_entry_mentions_by_name_are_entries_too_with_that_doubt() -> None:
    got = entries("## Planning\n\n- [Title of the Entry](https://arxiv.org/abs/2605.12624)\n"
                  "  - Summary: builds on [MTR](https://arxiv.org/abs/2209.13508) and [paper](https://arxiv.org/abs/2"
                  "209.00001).\n")
    assert [(e.title, e.arxiv, e.line, e.doubt) for e in got] == [
        ("Title of the Entry", "2605.12624", 3, None),
        ("MTR", "2209.13508", 4, "title 'MTR' taken from the text of a link that mentions it")]


def test_a_paragraph_that_is_one_paper_and_prose_that_is_not() -> None:
    text = ("# L\n\n## Papers\n\n**Consistency Models** \\\n*Yang Song, Prafulla Dhariwal* \\\n"
            "arXiv 2023. [[Paper](https://arxiv.org/abs/2303.01469)] \\\n2 Mar 2023\n\n"
            "(Arxiv 24.03.08) MamMIL: Multiple Instance Learning for Whole Slide Images [Paper](https://arxiv.org/abs/"
            "2403.05160)\n\nSome prose with [a paper](https://arxiv.org/abs/2401.00001) in it.\n")
    parsed = parse_markdown(text)
    assert [(e.title, e.venue, e.year, e.authors, e.line, e.end, e.block) for e in parsed.entries] == [
        ("Consistency Models", "arXiv", 2023, ["Yang Song", "Prafulla Dhariwal"], 5, 8, 5),
        ("MamMIL: Multiple Instance Learning for Whole Slide Images", "Arxiv", 2024, [], 10, 10, 5)]
    assert [(u.line, u.why) for u in parsed.unreadable] == [(12, "a paragraph with an arXiv link that is not an entry")]


def test_a_table_without_a_title_column_reads_its_linked_titles_or_its_names() -> None:
    got = entries("| Category | Attack |\n|---|---|\n"
                  "| G | [Fast Gradient Sign Method](https://arxiv.org/abs/1412.6572) |\n"
                  "\n| **Dataset** | **Scenario** | **Link** |\n|---|---|---|\n"
                  "| AmazonQAC | Query Autocomplete | [[Link]](https://arxiv.org/abs/2411.04129) |\n")
    assert [(e.title, e.arxiv, e.doubt) for e in got] == [
        ("Fast Gradient Sign Method", "1412.6572", None),
        ("AmazonQAC", "2411.04129", "title 'AmazonQAC' taken from a short name")]


def test_a_title_cell_of_two_papers_is_two_entries() -> None:
    got = entries("| Title | Venue |\n|---|---|\n| [Federated Learning with Fair Averaging](https://www.ijcai.org/"
                  "proceedings/2021/223)<br />[FLGo: A Fully Customizable Federated Learning Platform](https://arxiv.org/"
                  "abs/2306.12079) | IJCAI |\n")
    assert [(e.title, e.arxiv, e.url) for e in got] == [
        ("Federated Learning with Fair Averaging", None, "https://www.ijcai.org/proceedings/2021/223"),
        ("FLGo: A Fully Customizable Federated Learning Platform", "2306.12079", None)]


def test_a_news_item_is_told_by_its_own_words_not_its_papers_title() -> None:
    parsed = parse_markdown("## Reasoning\n\n- [2019/11] **How Can We Know What Language Models Know?** *Zhengbao "
                            "Jiang et al. arXiv.* [[paper](https://arxiv.org/abs/1911.12543)]\n"
                            "- **[2025.06.01]** We released [v2](https://github.com/a/b)\n")
    assert [e.arxiv for e in parsed.entries] == ["1911.12543"]
    assert [(u.line, u.why) for u in parsed.skipped] == [(4, "a news item")]


def test_a_table_of_contents_holds_no_sections() -> None:
    """A heading under "Contents" is the list's content, not part of the table of contents."""
    parsed = parse_markdown("## Table of Contents\n\n- [Survey](#survey)\n\n### Survey\n\n"
                            "+ **POPE** [Evaluating Object Hallucination in LVLMs](https://arxiv.org/abs/2305.10355)\n")
    assert [(e.title, e.headings) for e in parsed.entries] == [
        ("Evaluating Object Hallucination in LVLMs", ["Table of Contents", "Survey"])]
    assert [(u.line, u.why) for u in parsed.skipped] == [(3, "in the 'Table of Contents' section")]


# -- where each entry came from -------------------------------------------------------------------------------
def dev_lists() -> list[Path]:
    """The corpus's dev lists that are here (tests/data/lists/SOURCES.toml's split = "dev"): never a held-out
    one, which no test of the reader may read (tests/data/lists/README.md)."""
    import tomllib

    sources = DATA / "lists" / "SOURCES.toml"
    if not sources.exists():
        return []
    listed = tomllib.loads(sources.read_text(encoding="utf-8")).get("list", [])
    return [DATA / "lists" / e["file"] for e in listed
            if e.get("split") == "dev" and (DATA / "lists" / e["file"]).is_file()]


SOURCES = sorted([*(DATA / "dialects").glob("*.md"), *(DATA / "survey").glob("*.md"),
                  *(DATA / "survey-history").glob("*.md"), *dev_lists()])


@pytest.mark.parametrize("path", SOURCES, ids=[p.name[:40] for p in SOURCES])
def test_each_entry_says_its_lines_and_its_block(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = split_lines(text.removeprefix("\ufeff"))
    parsed = parse_markdown(text)
    blocks: dict[int, list[Listing]] = {}
    for e in parsed.entries:
        assert 1 <= e.block <= e.line <= e.end <= len(lines), e
        source = "\n".join(lines[e.line - 1:e.end])
        assert source.strip() and (not e.arxiv or e.arxiv.split("/")[-1][:4] in source or "shields" in source), e
        blocks.setdefault(e.block, []).append(e)
    for members in blocks.values():  # a block's entries follow one another
        assert [e.line for e in members] == sorted(e.line for e in members)


def test_the_block_is_the_list_table_or_run_of_sections() -> None:
    text = ("## A\n\n- One Paper Title [[Paper](https://arxiv.org/abs/2401.00001)]\n"
            "- Two Paper Title [[Paper](https://arxiv.org/abs/2401.00002)]\n\n"
            "| Paper |\n|---|\n| [Three Paper Title](https://arxiv.org/abs/2401.00003) |\n")
    assert [(e.line, e.end, e.block) for e in entries(text)] == [(3, 3, 3), (4, 4, 3), (8, 8, 6)]


# -- never raises; every line with a link is accounted for ----------------------------------------------------
def accounted(text: str, parsed: Parsed) -> None:
    lines = split_lines(text.removeprefix("\ufeff"))
    told = {n for u in [*parsed.unreadable, *parsed.skipped] for n in range(u.line, u.end + 1)}
    spans = [(e.line, e.end) for e in parsed.entries]
    for e in parsed.entries:
        assert e.title and 1 <= e.line <= e.end <= len(lines), e
    for u in [*parsed.unreadable, *parsed.skipped]:
        assert 1 <= u.line <= u.end <= len(lines), u
    covered = told | {n for a, b in spans for n in range(a, b + 1)}
    for n, line in enumerate(lines, 1):
        if any(not lk.image for lk in find_links(line)):
            assert n in covered, (n, line)


PIECES = [*"#|-*+[]()<>!`_:,.\"'0123456789 \nabcXYZ/\\", "http://", "https://arxiv.org/abs/", "2506.01844",
          "<!--", "-->", "<details>", "</details>", "<summary>x</summary>", "| --- |", "[[Paper](", "**",
          "<ins>", "</ins>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<a href=\"", "\">", "</a>",
          "<img src=\"https://img.shields.io/badge/arXiv-2312.00752-b31b1b.svg\">", "rowspan=\"3\"", "colspan=0",
          "    - ", "  * ", "1. ", "> ", "### 3. ", "**Authors**: ", "Title of a Paper", "[![a](b)](", "\\\n",
          "[ref]: https://arxiv.org/abs/2401.00001\n", "[x][ref]", "\t", "\r\n", "\ufeff", "&amp;", "\u200d"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join) | st.text())
def test_never_raises_and_every_line_with_a_link_is_accounted_for(text: str) -> None:
    accounted(text, parse_markdown(text))


REAL = [p for p in SOURCES if p.stat().st_size < 400_000]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REAL), st.randoms(use_true_random=False), st.integers(1, 40))
def test_real_lists_mutated(path: Path, rnd: random.Random, cuts: int) -> None:
    """A real list with lines cut, doubled, swapped, indented or truncated: read, never raised on."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(cuts):
        if not lines:
            break
        i = rnd.randrange(len(lines))
        op = rnd.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = rnd.choice(["    ", "  - ", "> ", "| ", "<td>", "### "]) + lines[i]
        elif op == 4:
            lines[i] = lines[i][:rnd.randrange(len(lines[i]) + 1)]
        else:
            lines[i] = lines[i] + rnd.choice(["</details>", "<details>", "](", "**", "<table>", "\\"])
    text = "\n".join(lines)
    accounted(text, parse_markdown(text))


def test_an_html_list_of_papers() -> None:
    parsed = parse_markdown("## Papers\n\n<ul>\n"
                            "<li><a href=\"https://arxiv.org/abs/2401.00001\"><b>A Real Paper Title</b></a>, "
                            "CVPR 2024</li>\n"
                            "<li>Another Paper Title <a href=\"https://arxiv.org/abs/2401.00002\">[pdf]</a></li>\n"
                            "</ul>\n")
    assert [(e.line, e.title, e.arxiv, e.venue, e.year) for e in parsed.entries] == [
        (4, "A Real Paper Title", "2401.00001", "CVPR", 2024), (5, "Another Paper Title", "2401.00002", None, None)]


def test_authors_after_the_title_and_icons_around_it_are_not_the_title() -> None:
    e = one("## A\n\n- Attention Is All You Need. Ashish Vaswani, Noam Shazeer. NeurIPS 2017. "
            "[[paper](https://arxiv.org/abs/1706.03762)]\n")
    assert (e.title, e.authors, e.venue, e.year) == ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"],
                                                     "NeurIPS", 2017)
    assert one("## A\n\n- 🔥 Cool Paper Title Here [paper](https://arxiv.org/abs/1706.03762) :star:\n").title == \
        "Cool Paper Title Here"


def test_a_short_heading_over_one_link_is_a_heading_not_a_paper() -> None:
    parsed = parse_markdown("# L\n\n## Survey Papers\n\n[[paper](https://arxiv.org/abs/2401.00001)]\n")
    assert parsed.entries == []
    assert [(u.line, u.why) for u in parsed.unreadable] == [(5, "a paragraph with an arXiv link that is not an entry")]


@pytest.mark.parametrize(("line", "title", "venue", "year"), [
    ("- **Deep residual learning for image recognition** (2016), K. He et al. [[pdf]](http://arxiv.org/pdf/1512.03385)",
     "Deep residual learning for image recognition", None, 2016),
    ("- [NeRF: Representing Scenes as Neural Radiance Fields](https://arxiv.org/abs/2003.08934), Mildenhall et al., "
     "ECCV 2020 | [github](https://github.com/bmild/nerf)", "NeRF: Representing Scenes as Neural Radiance Fields",
     "ECCV", 2020),
    ("- Smith et al. Learning Things Quickly Without Labels. ICML 2021. [[pdf]](https://arxiv.org/abs/2101.00001)",
     "Learning Things Quickly Without Labels", "ICML", 2021),
    ("- *Learning Things Quickly Without Labels*, A. Smith, B. Jones, ICML 2021 [pdf](https://arxiv.org/abs/2101.00002)",
     "Learning Things Quickly Without Labels", "ICML", 2021),
    ("- Learning Things Quickly Without Labels (**CVPR 2023**) [[paper](https://arxiv.org/abs/2101.00004)]",
     "Learning Things Quickly Without Labels", "CVPR", 2023),
    ("- **[Learning Things Quickly Without Labels](https://arxiv.org/abs/2101.00005)** - Smith et al., 2021",
     "Learning Things Quickly Without Labels", None, 2021),
    ("- [1] Learning Things Quickly Without Labels. [[:page_facing_up:](https://arxiv.org/abs/2101.00006)]",
     "Learning Things Quickly Without Labels", None, None),
    ('- A. Smith, B. Jones. "Learning Things Quickly Without Labels". ICML 2021. [link](https://arxiv.org/abs/2101.0'
     '0008)', "Learning Things Quickly Without Labels", "ICML", 2021),
    ("- Learning Things Quickly Without Labels. arXiv:2101.00010", "Learning Things Quickly Without Labels", None,
     None),
    ("- 【CVPR 2023】Learning Things Quickly Without Labels [[paper](https://arxiv.org/abs/2101.00012)]",
     "Learning Things Quickly Without Labels", "CVPR", 2023),
    ("- LTQ: Learning Things Quickly Without Labels - ICML 2021 - [Paper](https://arxiv.org/abs/2101.00015)",
     "LTQ: Learning Things Quickly Without Labels", "ICML", 2021),
    ("- Learning Things Quickly Without Labels ([paper](https://arxiv.org/abs/2101.00017), [code](https://g.io/a))",
     "Learning Things Quickly Without Labels", None, None),
])
def test_shapes_of_other_lists(line: str, title: str, venue: str | None, year: int | None) -> None:
    e = one("## Papers\n\n" + line + "\n")
    assert (e.title, e.venue, e.year) == (title, venue, year)
    assert e.arxiv is not None


@pytest.mark.parametrize("text", [
    "## P\n\n- " + " ".join(f"word{i} **bold{i}** [l{i}](https://e.org/{i})" for i in range(8000)) + "\n",
    "## P\n\n" + " ".join(f"**b{i}**" for i in range(30000)) + " [paper](https://arxiv.org/abs/2301.00001)\n",
    "## P\n\n" + "\n".join(f"Title number {i} of a paper [paper](https://arxiv.org/abs/2301.{i + 1:05d})"
                          for i in range(4000)) + "\n",
    "## P\n\n" + "<details>\n<summary>x</summary>\n\n" * 1500 + "- T [p](https://arxiv.org/abs/2301.00001)\n",
], ids=["one-item-of-8000-links", "30000-bold-words", "4000-lines-one-paragraph", "1500-details-deep"])
def test_a_pathological_list_is_read_in_linear_time(text: str) -> None:
    """Each was quadratic once (minutes); read within seconds on any machine, whole."""
    import time

    start = time.perf_counter()
    parsed = parse_markdown(text)
    assert time.perf_counter() - start < 20
    assert parsed.entries or parsed.unreadable


def test_tables_whose_headers_say_their_columns_in_other_words() -> None:
    from vlacli.formats.importers.markdown import column_roles

    assert column_roles(["Title & Authors", "Introduction", "Links"]) == {"title": 0, "link": 2}
    assert column_roles(["Paper (arXiv)", "Pub. Date", "Code & Data"]) == {"title": 0, "year": 1, "code": 2}
    got = entries("| Topic | Paper name here | Resources |\n|---|---|---|\n"
                  "| robots | Learning Things Quickly Without Labels | [[PDF](https://arxiv.org/abs/2101.00003)] "
                  "[[CODE](https://github.com/a/b)] |\n")
    assert [(e.title, e.arxiv, e.code) for e in got] == [
        ("Learning Things Quickly Without Labels", "2101.00003", "https://github.com/a/b")]
    got = entries("| Topic | Summary | Resources |\n|---|---|---|\n"
                  "| robots | Learning Things Quickly Without Labels | [[PDF](https://arxiv.org/abs/2101.00004)] |\n"
                  "| speech | Hearing Things Slowly With Many Labels | [[PDF](https://arxiv.org/abs/2101.00005)] |\n")
    assert [e.title for e in got] == ["Learning Things Quickly Without Labels",
                                      "Hearing Things Slowly With Many Labels"]


def test_a_paper_folded_in_details_is_titled_by_its_summary() -> None:
    parsed = parse_markdown("## Papers\n\n<details>\n<summary><b>Learning Things Quickly Without Labels</b> "
                            "(ICML 2021)</summary>\n\nWe learn things.\n\n"
                            "[paper](https://arxiv.org/abs/2101.00001) | [code](https://github.com/a/b)\n</details>\n\n"
                            "<details>\n<summary>2025</summary>\n\n"
                            "- A Listed Paper Title Here [[Paper](https://arxiv.org/abs/2501.00001)]\n</details>\n")
    assert [(e.line, e.end, e.title, e.venue, e.year, e.headings) for e in parsed.entries] == [
        (3, 8, "Learning Things Quickly Without Labels", "ICML", 2021, ["Papers"]),
        (14, 14, "A Listed Paper Title Here", None, 2025, ["Papers", "2025"])]


def test_a_quotation_holding_quotes_is_one_title() -> None:
    e = one('## D\n\n* **Grounding-DINO-1.5**: "Grounding DINO 1.5: Advance the "Edge" of Open-Set Object Detection", '
            "arXiv, 2024 (*IDEA*). [[Paper](https://arxiv.org/abs/2405.10300)]\n")
    assert (e.title, e.venue, e.year) == ('Grounding DINO 1.5: Advance the "Edge" of Open-Set Object Detection',
                                          "arXiv", 2024)


def test_a_title_keeps_its_parentheses_and_loses_its_wrapping_quotes() -> None:
    assert one("## A\n\n- (FL)$^2$: Overcoming Few Labels in Federated Semi-Supervised Learning. "
               "[[PUB](https://openreview.net/forum?id=lflwtGE6Vf)]\n").title == \
        "(FL)$^2$: Overcoming Few Labels in Federated Semi-Supervised Learning"
    assert one('## A\n\n- [2023/08] **"AgentBench: Evaluating LLMs as Agents."** *Xiao Liu (THU) et al.* arXiv. '
               "[[paper](https://arxiv.org/abs/2308.03688)]\n").title == "AgentBench: Evaluating LLMs as Agents"
    assert one("## A\n\n**(Arxiv 24.01.17) Vision Mamba: Efficient Visual Representation Learning** "
               "[Paper](https://arxiv.org/abs/2401.09417)\n").title == \
        "Vision Mamba: Efficient Visual Representation Learning"


def test_a_line_of_html_that_is_one_paper_and_one_that_is_prose() -> None:
    parsed = parse_markdown("# L\n\n## Papers\n\n"
                            '<p><a href="https://arxiv.org/abs/2401.00001"><b>A Real Paper Title Here</b></a>, '
                            "CVPR 2024</p>\n"
                            '<p>We also like <a href="https://arxiv.org/abs/2401.00002">this work</a> a lot.</p>\n\n'
                            "- [x] Learning Things Quickly Without Labels [paper](https://arxiv.org/abs/2101.00001)\n")
    assert [(e.line, e.title, e.venue, e.year) for e in parsed.entries] == [
        (5, "A Real Paper Title Here", "CVPR", 2024), (8, "Learning Things Quickly Without Labels", None, None)]
    assert [(u.line, u.why) for u in parsed.unreadable] == [
        (6, "a line of HTML with an arXiv link that is not an entry")]


def test_another_paper_an_entry_names_by_its_title_is_an_entry_too() -> None:
    got = entries("## A\n\n- [Paper A Long Title](https://arxiv.org/abs/2401.00001), extended in "
                  "[Paper B Long Title](https://arxiv.org/abs/2401.00002) [[CVPR](https://arxiv.org/abs/2401.00003)]\n")
    assert [(e.title, e.arxiv, e.doubt is None) for e in got] == [
        ("Paper A Long Title", "2401.00001", True), ("Paper B Long Title", "2401.00002", False)]


def test_a_link_without_a_scheme_is_a_web_address_and_no_note_says_otherwise() -> None:
    item = one("- [A Title of Paper](arxiv.org/abs/2101.00001) [code](github.com/a/b)\n")
    assert (item.arxiv, item.code) == ("2101.00001", "https://github.com/a/b")
    assert item.notes == []  # not "a link 'arxiv.org/abs/2101.00001' (and 1 more) is not a web … address"
    row = one("| Title | Code |\n|---|---|\n"
              "| [A Title of Paper](arxiv.org/abs/2101.00001) | [code](github.com/a/b) |\n")
    assert (row.arxiv, row.code, row.notes) == ("2101.00001", "https://github.com/a/b", [])


def test_a_short_date_takes_the_one_two_digit_year_rule() -> None:
    e = one("- [Gradient-Based Learning Applied to Document Recognition](https://arxiv.org/abs/2101.00001)\n"
            "  - 📅 Date: 98.05\n")
    assert e.year == 1998  # not 2098: core.years.full_year's pivot, as every reader's
    e = one("- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n  - 📅 Date: 17.06\n")
    assert e.year == 2017
