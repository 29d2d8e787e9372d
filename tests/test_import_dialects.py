"""`vla import markdown` on the dialects real awesome lists use, written for these tests."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from vlacli import Catalog
from vlacli.formats.importers.markdown import parse_markdown, split_venue

DIALECTS = DATA / "dialects"


def parse(name: str):  # type: ignore[no-untyped-def]
    return parse_markdown((DIALECTS / name).read_text(encoding="utf-8"))


def by_line(name: str) -> dict[int, tuple[str | None, str | None, int | None, str | None]]:
    return {e.line: (e.arxiv or e.url, e.title, e.year, e.venue) for e in parse(name).entries}


def test_bullets_with_nicknames_and_both_bracket_styles() -> None:
    got = by_line("nickname_bullets.md")
    assert got == {
        9: ("2307.15818", "RT-2: Vision-Language-Action Models Transfer Web Knowledge to Robotic Control", 2023,
            "CoRL"),
        10: ("2406.09246", "OpenVLA: An Open-Source Vision-Language-Action Model", 2024, "CoRL"),
        11: ("2405.12213", "Octo: An Open-Source Generalist Robot Policy", 2024, "RSS"),
        12: ("2410.24164", "π0: A Vision-Language-Action Flow Model for General Robot Control", 2024, "arXiv"),
        16: ("2409.12514", "TinyVLA: Towards Fast, Data-Efficient Vision-Language-Action Models for Robotic "
                           "Manipulation", 2025, "RA-L"),
        17: ("https://openreview.net/forum?id=abc123", "DeeR-VLA: Dynamic Inference of Multimodal Large Language "
             "Models for Efficient Robot Execution", 2024, "NeurIPS"),
    }
    parsed = parse("nickname_bullets.md")
    assert [u.line for u in parsed.unreadable] == [18]  # a nickname and a link, no title
    e = next(e for e in parsed.entries if e.line == 10)
    assert e.code == "https://github.com/openvla/openvla"
    assert next(e for e in parsed.entries if e.line == 9).website == "https://robotics-transformer2.github.io/"
    # table-of-contents lines are not entries
    assert all(e.line > 5 for e in parsed.entries)


def test_bullets_with_links_only() -> None:
    parsed = parse("links_only.md")
    assert [(e.arxiv, e.headings[-1]) for e in parsed.entries] == [
        ("2312.01990", "Efficient Attention"), ("2508.19958", "Efficient Attention"),
        ("2509.21243", "Efficient Attention"), ("2412.01034", "Quantization"), ("2506.07530", "Quantization"),
    ]
    long_vla = parsed.entries[1]
    assert long_vla.website == "https://long-vla.github.io/" and long_vla.code == "https://github.com/long-vla/long-vla"
    assert parsed.entries[0].title == "SARA-RT: Scaling up Robotics Transformers with Self-Adaptive Robust Attention"
    assert parsed.unreadable == []


def test_linked_bold_titles_with_dates_and_year_headings() -> None:
    parsed = parse("linked_bold.md")
    got = [(e.arxiv or e.url, e.year, e.headings[-1]) for e in parsed.entries]
    assert got == [("2506.01844", 2025, "2025"), ("2502.02175", 2025, "2025"), ("2504.19854", 2025, "2025"),
                   ("https://ai.stanford.edu/blog/minivla/", 2024, "2024")]
    assert parsed.entries[0].title == "SmolVLA: A Vision-Language-Action Model for Affordable and Efficient Robotics"
    assert parsed.entries[2].website == "https://declare-lab.github.io/nora"


def test_tables_with_other_columns_in_other_orders() -> None:
    parsed = parse("other_table.md")
    got = [(e.arxiv, e.year, e.venue) for e in parsed.entries]
    assert got == [("2502.02175", 2025, "NeurIPS"), ("2506.10100", 2024, "arXiv"), ("2506.12723", 2025, None),
                   (None, 2025, "arXiv")]
    assert parsed.entries[0].code == "https://github.com/siyuhsu/vla-cache"
    assert parsed.entries[3].title.startswith("Spec-VLA")  # an extra cell is tolerated
    assert [u.line for u in parsed.unreadable] == [8]  # the empty row


def test_a_paper_cell_whose_link_lost_its_parenthesis_is_unreadable_not_a_title() -> None:
    """It was read as a paper titled with the broken Markdown, with no link (a second record)."""
    from vlacli.formats.importers.markdown import parse_markdown

    parsed = parse_markdown("| Year | Venue | Paper |\n|---|---|---|\n"
                            "| 2025 | arXiv | [SP-VLA: Fast](https://arxiv.org/abs/2506.12723 |\n"
                            "| 2025 | arXiv | [SP-VLA: Fast] (https://arxiv.org/abs/2506.12723) |\n")
    assert parsed.entries == []
    assert [(u.line, u.why) for u in parsed.unreadable] == [
        (3, "a Paper cell with an address that is not a link vla can read"),
        (4, "a Paper cell with an address that is not a link vla can read")]


def test_details_comments_anchors_numbered_headings() -> None:
    parsed = parse("details_html.md")
    got = [(e.line, e.arxiv or e.url, e.year, e.venue) for e in parsed.entries]
    assert got == [
        (7, "2503.20384", 2025, "arXiv"),
        (9, "2501.09747", 2025, "RSS"),
        (15, "https://openreview.net/forum?id=hirt2024", 2024, "CoRL"),
        (16, "2502.05485", 2025, "ICRA"),
        (17, "https://doi.org/10.1000/dpvla", 2024, None),
    ]
    assert parsed.entries[0].headings == ["Layer Pruning", "2025"]  # numbered heading, anchor gone
    assert parsed.entries[3].title == "HAMSTER: Hierarchical Action Models For Open-World Robot Manipulation"
    assert all("Hidden" not in e.title for e in parsed.entries)  # commented out


def test_import_files_entries_under_their_categories(vla: Invoke, empty_catalog: Path) -> None:
    for name in ("links_only.md", "details_html.md", "other_table.md"):
        res = vla("import", "markdown", str(DIALECTS / name), "-C", str(empty_catalog))
        assert res.exit_code == 0, res.output
    cat = Catalog(empty_catalog)
    assert [p.key for p in cat.query(category="quantization", sort="key")] == ["2412.01034", "2506.07530"]
    assert {p.key for p in cat.query(category="layer-pruning")} == {"2501.09747", "2503.20384"}
    hirt = cat.find("HiRT: Enhancing Robotic Control with Hierarchical Robot Transformers".lower()) or next(
        p for p in cat.papers() if p.title.startswith("HiRT"))
    assert hirt.url == "https://openreview.net/forum?id=hirt2024" and hirt.arxiv is None
    assert hirt.key == "hirt" and hirt.categories == ["hierarchical-systems"]


def test_map_and_category_options(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("import", "markdown", str(DIALECTS / "nickname_bullets.md"), "-C", str(empty_catalog),
              "--map", "Efficient Inference=lightweight-component", "--map", "Foundation Models=other-pre-training")
    assert res.exit_code == 0, res.output
    assert "line 18: an entry with no title" in res.stdout
    cat = Catalog(empty_catalog)
    assert cat.get("2409.12514").categories == ["lightweight-component"]
    assert cat.get("2307.15818").categories == ["other-pre-training-strategies"]
    assert len(cat) == 6
    bad = vla("import", "markdown", str(DIALECTS / "links_only.md"), "-C", str(empty_catalog), "--map", "nope")
    assert bad.exit_code == 1 and "is not HEADING=CATEGORY" in bad.stderr


def test_unmapped_headings_are_reported(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("import", "markdown", str(DIALECTS / "linked_bold.md"), "-C", str(empty_catalog))
    # The line is the first entry's, under the heading: the note says so, not 'line N: heading …'.
    assert "the heading above it, '2025', matches no category; its papers have none (use --map '2025=SLUG')" \
        in res.stdout
    res = vla("import", "markdown", str(DIALECTS / "linked_bold.md"), "-C", str(empty_catalog), "--dry-run")
    assert "0 papers would be added" in res.stdout


def test_same_file_twice_adds_nothing(vla: Invoke, empty_catalog: Path) -> None:
    for name in ("nickname_bullets.md", "links_only.md", "linked_bold.md", "other_table.md", "details_html.md"):
        vla("import", "markdown", str(DIALECTS / name), "-C", str(empty_catalog), "-c", "quantization")
    before = {p.name: p.read_bytes() for p in (empty_catalog / "papers").iterdir()}
    for name in ("nickname_bullets.md", "links_only.md", "linked_bold.md", "other_table.md", "details_html.md"):
        res = vla("import", "markdown", str(DIALECTS / name), "-C", str(empty_catalog), "-c", "quantization")
        assert " 0 papers added" in res.stdout and " 0 updated" in res.stdout, res.stdout
    assert {p.name: p.read_bytes() for p in (empty_catalog / "papers").iterdir()} == before
    # no paper twice: VLA-Cache, SmolVLA, SP-VLA and others appear in several files
    titles = [p.title.casefold() for p in Catalog(empty_catalog).papers()]
    assert len(titles) == len(set(titles))


def test_missing_file_and_unknown_format(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("import", "markdown", "nope.md", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr == "error: nope.md: no such file\n"
    res = vla("import", "docx", "nope.md", "-C", str(empty_catalog))
    assert res.exit_code == 1 and "unknown import format 'docx'" in res.stderr


def test_stdin(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("import", "markdown", "-", "-C", str(empty_catalog), "-c", "quantization",
              input="- BitVLA: 1-bit VLA. <ins>arXiv, 2025</ins> [[Paper](https://arxiv.org/abs/2506.07530)]\n")
    assert res.exit_code == 0 and "1 paper added" in res.stdout


def test_venue_shapes() -> None:
    assert split_venue("CoRL 2024") == ("CoRL", 2024)
    assert split_venue("ICRA 2025 Best Paper Finalist") == ("ICRA", 2025)
    assert split_venue("8/2025") == (None, 2025)
    assert split_venue("June 24") == (None, 2024)
    assert split_venue("May 17th 2024") == (None, 2024)
    assert split_venue("RA-L") == ("RA-L", None)


PIECES = [*"#|-*[]()<>!`_:,.\"'0123456789 \nabcXYZ/\\", "http://", "arxiv.org/abs/", "<!--", "-->", "2506.01844",
          "<details>", "</details>", "<summary>", "| --- |", "[[Paper](", "**", "<ins>", "</ins>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join) | st.text())
def test_importer_never_raises_only_reports(text: str) -> None:
    from vlacli.formats.mdblocks import split_lines

    parsed = parse_markdown(text)
    n_lines = len(split_lines(text))  # \n, \r\n or \r ends a line, as in CommonMark
    for u in [*parsed.unreadable, *parsed.skipped]:
        assert 1 <= u.line <= n_lines
    for e in parsed.entries:
        assert e.title and 1 <= e.line <= n_lines


def test_create_categories_from_headings(vla: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    assert vla("init", str(root)).exit_code == 0
    dry = vla("import", "markdown", str(DIALECTS / "nickname_bullets.md"), "-C", str(root), "--create-categories",
              "--dry-run")
    assert dry.exit_code == 0 and "categories created from the headings" in dry.stdout
    assert len(Catalog(root).taxonomy) == 0  # a dry run writes no taxonomy
    res = vla("import", "markdown", str(DIALECTS / "nickname_bullets.md"), "-C", str(root), "--create-categories")
    assert res.exit_code == 0, res.output
    cat = Catalog(root)
    tax = cat.taxonomy
    # The document's H1 ("Awesome Robot Learning") is its title, not a level; the Table of Contents is no category.
    assert [(c.slug, c.name, c.parent) for c in tax] == [
        ("foundation-models", "Foundation Models", None),
        ("efficient-inference", "Efficient Inference", None),
    ]
    assert cat.get("2409.12514").categories == ["efficient-inference"]
    assert {p.key for p in cat.query(category="foundation-models")} == {
        "2307.15818", "2406.09246", "2405.12213", "2410.24164"}
    again = vla("import", "markdown", str(DIALECTS / "nickname_bullets.md"), "-C", str(root), "--create-categories")
    assert "categories created" not in again.stdout and len(Catalog(root).taxonomy) == 2
    assert vla("lint", "-C", str(root)).exit_code == 0


AWESOME = {  # line -> arXiv ID or URL of every paper in awesome_vla.md
    16: "2405.14093", 17: "2505.04769", 23: "2307.15818", 24: "2310.08864", 30: "2406.09246", 31: "2405.12213",
    32: "2410.24164", 33: "2410.07864", 34: None, 35: "2303.04137", 40: "2210.03094", 41: "2303.03378",
    43: "2212.06817", 50: "2412.01034", 51: "2506.07530", 52: "2509.09090", 55: "2502.02175", 56: "2506.10100",
    57: "2506.12723", 58: "2505.21200", 61: "2503.20384", 62: "https://openreview.net/forum?id=ObUjBHBx8O",
    66: "2409.12514", 67: "2506.01844", 68: "2504.19854", 69: "https://ai.stanford.edu/blog/minivla/",
    70: "2507.14049", 74: None, 75: None, 76: "2502.05485",
}


def test_a_real_awesome_list_of_every_dialect() -> None:
    parsed = parse("awesome_vla.md")
    assert {e.line: e.arxiv or e.url for e in parsed.entries} == AWESOME
    assert [u.line for u in parsed.unreadable] == [63, 77]  # a nickname with no title; a CSV row too long
    by = {e.line: e for e in parsed.entries}
    assert by[16].headings == ["Awesome Vision-Language-Action Models", "Surveys"]  # the badge is gone
    assert by[40].headings[-1] == "Older models (click to expand)"
    assert (by[31].venue, by[31].year) == ("RSS", 2024) and by[57].year == 2025  # `June 25`
    assert by[34].title.startswith("CogACT: A Foundational") and by[35].title.startswith("Diffusion Policy")
    assert (by[76].venue, by[76].year) == ("ICLR", 2025)


def test_a_real_awesome_list_imports_each_paper_once(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("import", "markdown", str(DIALECTS / "awesome_vla.md"), "-C", str(empty_catalog),
              "--map", "Models=other-pre-training-strategies", "--map", "Surveys=efficient-model-design")
    assert res.exit_code == 0, res.output
    assert "30 papers added" in res.stdout and "2 unreadable" in res.stdout
    assert "line 63:" in res.stdout and "line 77:" in res.stdout
    cat = Catalog(empty_catalog)
    assert len(cat) == 30
    assert {p.key for p in cat.query(category="quantization")} == {"2412.01034", "2506.07530", "2509.09090"}
    assert cat.get("2212.06817").categories == ["other-pre-training-strategies"]  # inside <details>


def test_links_and_years_read_past_are_noted_not_dropped(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text(
        "##### Quantization\n\n| Year | Venue | Paper | Website | Code |\n|---|---|---|---|---|\n"
        "| soon | CoRL | [A Paper](https://arxiv.org/abs/2501.00001) | [🌐](javascript:alert(1)) | "
        "[💻](ftp://host/x) |\n"
        "| 2024 | - | [B Paper](https://arxiv.org/abs/2501.00002) | [🌐](www.b.org) | - |\n"
    )
    parsed = parse_markdown(md.read_text())
    a, b = parsed.entries
    assert a.website is None and a.code is None and a.year is None
    assert a.notes == ["year 'soon' is not a year; left empty",
                       "website link 'javascript:alert(1' is not a web (http/https) address; left out",
                       "code link 'ftp://host/x' is not a web (http/https) address; left out"]
    assert b.website == "https://www.b.org" and b.notes == []
    res = vla("import", "markdown", str(md), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert "  line 5: website link 'javascript:alert(1' is not a web (http/https) address; left out" in res.stdout
    assert "  line 5: year 'soon' is not a year; left empty" in res.stdout
    assert vla("lint", "-C", str(empty_catalog)).stdout.count("[bad-url]") == 0


def test_a_paper_link_that_is_not_a_web_address_is_noted() -> None:
    parsed = parse_markdown("| Year | Paper |\n|---|---|\n| 2024 | [Paper G](ftp://host/g.pdf) |\n"
                            "| 2024 | [Paper H](javascript:void) [pdf](file:///h.pdf) |\n")
    g, h = parsed.entries
    assert (g.title, g.url, g.notes) == ("Paper G", None,
                                         ["paper link 'ftp://host/g.pdf' is not a web (http/https) address; left out"])
    assert h.url is None and h.notes == [
        "paper link 'javascript:void' (and 1 more) is not a web (http/https) address; left out"]


def test_images_anchors_and_mail_links_are_never_noted() -> None:
    parsed = parse_markdown("| Year | Paper | Code |\n|---|---|---|\n"
                            "| 2024 | [Paper I](https://arxiv.org/abs/2401.00001) ![new](assets/new.gif) | "
                            "[💻](https://github.com/a/b) ![stars](badge.svg) |\n\n"
                            "- [Paper J](https://arxiv.org/abs/2401.00002) ![star](assets/star.png) *ICRA 2024* "
                            "[top](#contents) [mail](mailto:a@b.org)\n")
    i, j = parsed.entries
    assert (i.arxiv, i.code, i.notes) == ("2401.00001", "https://github.com/a/b", [])
    assert (j.arxiv, j.notes) == ("2401.00002", [])


# -- a maintainer's later revision of the survey README: badges, news, contents, a fence in a fence ---------------
REVISION = "survey_revision.md"


def test_what_is_no_entry_is_skipped_with_the_reason() -> None:
    parsed = parse(REVISION)
    assert parsed.unreadable == []
    assert [(u.line, u.why) for u in parsed.skipped] == [
        (5, "the list's introduction"), (8, "in the 'News' section"), (9, "in the 'News' section"),
        (12, "in the 'Contents' section"), (13, "in the 'Contents' section"), (14, "in the 'Contents' section"),
        (15, "in the 'Contents' section"),
        (95, "in a code block"),  # the example inside the ```` fence
        (185, "in a code block"),  # the Citation's BibTeX
        (190, "in the 'Star History' section"),
    ]
    assert "2509.04996" in {e.arxiv for e in parsed.entries}  # not the News bullet that names it: the table row
    # The list's own survey, linked only in its badge, introduction and News: an entry of no category, titled
    # by the Citation's BibTeX (the badge's line is its line; the other lines stay skipped).
    own = next(e for e in parsed.entries if e.arxiv == "2510.17111")
    assert (own.line, own.title, own.headings) == (3, "A Survey on Efficient Vision-Language-Action Models", [])


def test_a_fence_holding_a_fence_is_one_example_and_the_entry_after_it_is_read() -> None:
    parsed = parse(REVISION)
    assert "2501.00001" not in {e.arxiv for e in parsed.entries}
    fast = next(e for e in parsed.entries if e.arxiv == "2501.09747")
    assert fast.line == 97 and fast.headings[-1] == "Layer Pruning"


def test_a_cell_of_several_links_keeps_each_with_its_label() -> None:
    flower = next(e for e in parse(REVISION).entries if e.arxiv == "2509.04996")
    assert (flower.venue, flower.year) == ("CoRL", 2025)
    assert flower.code == "https://github.com/intuitive-robots/flower_vla_pret"
    assert flower.cell_links == {"code": [("💻 Pret", "https://github.com/intuitive-robots/flower_vla_pret"),
                                          ("💻 FT", "https://github.com/intuitive-robots/flower_vla_calvin")]}
    assert flower.website == "https://intuitive-robots.github.io/flower_vla/"  # one default link: no cell_links
    labelled = parse_markdown("| Paper | Code |\n|---|---|\n| [P](https://arxiv.org/abs/2401.00001) | "
                              "[GitHub](https://github.com/a/b) ![stars](https://img.shields.io/x.svg) |\n")
    assert labelled.entries[0].cell_links == {"code": [("GitHub", "https://github.com/a/b")]}  # a badge is no link


def test_badges_news_and_contents_are_not_unreadable(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("import", "markdown", str(DIALECTS / REVISION), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert "0 unreadable" in res.stdout and "unreadable (" not in res.stdout
    assert "60 papers added" in res.stdout  # the 59 of the tables, and the survey itself (its badge), said so:
    assert ("line 3: 'A Survey on Efficient Vision-Language-Action Models' (arXiv 2510.17111), linked in a badge, "
            "is filed in no category (its title from the citation at line 183)") in res.stdout


def test_news_items_and_stray_links_outside_a_news_section() -> None:
    parsed = parse_markdown("# My List\n\n- **[2025.06.01]** We released [v2](https://github.com/a/b) 🔥\n"
                            "- [2024/03] RT-2: Vision-Language-Action Models. [[Paper](https://arxiv.org/abs/2307.15818)]\n"
                            "\nSee also [the other list](https://github.com/c/d).\n\n## Papers\n\n"
                            "Some prose with [a paper](https://arxiv.org/abs/2401.00001) in it.\n\n"
                            "### [A Heading Paper](https://arxiv.org/abs/2401.00002)\n\n"
                            "[1]: https://arxiv.org/abs/2401.00003\n")
    assert [e.arxiv for e in parsed.entries] == ["2307.15818"]  # a date first, but no announcement: an entry
    assert [(u.line, u.why) for u in parsed.skipped] == [
        (3, "a news item"), (6, "the list's introduction"), (14, "a link reference definition")]
    assert [(u.line, u.why) for u in parsed.unreadable] == [
        (10, "a paragraph with an arXiv link that is not an entry"),
        (12, "a heading with an arXiv link that is not an entry")]


def test_comments_in_items_headings_and_html() -> None:
    parsed = parse_markdown("## Sec <!-- [x](https://e.org) -->\n\n"
                            "- just text <!-- [old](https://arxiv.org/abs/2401.00001) -->\n"
                            "\n<div>\n<!-- [y](https://e.org) -->\n<a href=\"https://arxiv.org/abs/2401.00002\">Z</a>\n"
                            "</div>\n")
    assert parsed.entries == []
    assert [(u.line, u.why) for u in parsed.skipped] == [(1, "commented out"), (3, "commented out"),
                                                         (6, "commented out")]
    assert [(u.line, u.why) for u in parsed.unreadable] == [
        (7, "a line of HTML with an arXiv link that is not an entry")]


LINKY = [*PIECES, "[x](https://e.org)", "[![b](https://img.shields.io/b.svg)](https://e.org)", "[t](#top)",
         "<https://arxiv.org/abs/2401.00001>", "````", "~~~", "    ", "\t", "> ", "1. ", "| a | b |\n|---|---|\n",
         "| [P](https://arxiv.org/abs/2401.00002) | x | [y](https://e.org) |", "## News\n", "Year,Venue,Paper\n",
         "[1]: https://e.org\n", "<div>\n", "\r\n", "\ufeff"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINKY), max_size=60).map("".join))
def test_every_line_with_a_link_is_an_entry_unreadable_or_skipped(text: str) -> None:
    from vlacli.formats.importers.markdown import find_links
    from vlacli.formats.mdblocks import Heading, Item, blocks, split_lines

    parsed = parse_markdown(text)
    told = {r.line for r in [*parsed.entries, *parsed.unreadable, *parsed.skipped]}
    spans = {b.line: b.end for b in blocks(text) if isinstance(b, Item | Heading)}  # one record for the block
    covered = told | {n for line in told for n in range(line, spans.get(line, line) + 1)}
    for n, line in enumerate(split_lines(text.removeprefix("\ufeff")), 1):
        if any(not lk.image for lk in find_links(line)):
            assert n in covered, (n, line, parsed)


def test_create_categories_draws_the_taxonomy_a_person_would(vla: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    assert vla("init", str(root)).exit_code == 0
    res = vla("import", "markdown", str(DIALECTS / REVISION), "-C", str(root), "--create-categories")
    assert res.exit_code == 0, res.output
    tax = Catalog(root).taxonomy
    # No level for the H1 title, the "Efficient VLAs" wrapper or "Efficient Training" (its one sub-heading with
    # papers is Efficient Data Collection); no "2025", "More" (<summary>), News, Contents or Citation.
    assert [(c.name, c.parent) for c in tax] == [
        ("Efficient Model Design", None),
        ("Efficient Architectures", "efficient-model-design"),
        *[(name, "efficient-architectures") for name in (
            "Efficient Attention", "Transformer Alternatives", "Efficient Action Decoding", "Lightweight Component",
            "Mixture-of-Experts", "Hierarchical Systems")],
        ("Model Compression", "efficient-model-design"),
        *[(name, "model-compression") for name in ("Layer Pruning", "Quantization", "Token Optimization")],
        ("Efficient Data Collection", None),
        *[(name, "efficient-data-collection") for name in (
            "Human-in-the-Loop Data Collection", "Simulation Data Collection",
            "Internet-Scale and Cross-Domain Data Utilization", "Self-Exploration Data Collection",
            "Data Augmentation")],
    ]
    assert Catalog(root).get("2502.02175").categories == ["token-optimization"]  # under "2025" and "More"
    exported = vla("export", "markdown", "-C", str(root)).stdout
    assert max(len(x) - len(x.lstrip("#")) for x in exported.splitlines() if x.startswith("#")) == 5
    before = (root / "taxonomy.toml").read_bytes()
    again = vla("import", "markdown", str(DIALECTS / REVISION), "-C", str(root), "--create-categories")
    assert "categories created" not in again.stdout and (root / "taxonomy.toml").read_bytes() == before


def test_create_categories_reuses_the_categories_a_taxonomy_has(vla: Invoke, empty_catalog: Path) -> None:
    before = (empty_catalog / "taxonomy.toml").read_bytes()
    for name in (REVISION, "../survey/efficient-vlas-survey.README.md"):
        res = vla("import", "markdown", str(DIALECTS / name), "-C", str(empty_catalog), "--create-categories")
        assert res.exit_code == 0 and "categories created" not in res.stdout, res.output
    assert (empty_catalog / "taxonomy.toml").read_bytes() == before
    assert Catalog(empty_catalog).get("2509.04996").categories == ["efficient-action-decoding"]


def test_two_sections_with_a_sub_heading_of_one_name(vla: Invoke, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("# Awesome\n## Models\n### Others\n- A Paper. [[Paper](https://arxiv.org/abs/2401.00001)]\n"
                  "### Big\n- B Paper. [[Paper](https://arxiv.org/abs/2401.00002)]\n"
                  "## Data\n### Others\n- C Paper. [[Paper](https://arxiv.org/abs/2401.00003)]\n"
                  "### Real\n- D Paper. [[Paper](https://arxiv.org/abs/2401.00004)]\n")
    root = tmp_path / "fresh"
    vla("init", str(root))
    for _ in range(2):
        assert vla("import", "markdown", str(md), "-C", str(root), "--create-categories").exit_code == 0
    cat = Catalog(root)
    assert [(c.slug, c.parent) for c in cat.taxonomy] == [
        ("models", None), ("others", "models"), ("big", "models"), ("data", None), ("others-2", "data"),
        ("real", "data")]
    assert [cat.get(f"2401.0000{i}").categories for i in (1, 3)] == [["others"], ["others-2"]]


def test_a_cell_of_several_links_comes_back_as_it_was_written(vla: Invoke, empty_catalog: Path) -> None:
    assert vla("import", "markdown", str(DIALECTS / REVISION), "-C", str(empty_catalog)).exit_code == 0
    flower = Catalog(empty_catalog).get("2509.04996")
    assert flower.cell_links("code") == [("💻 Pret", "https://github.com/intuitive-robots/flower_vla_pret"),
                                         ("💻 FT", "https://github.com/intuitive-robots/flower_vla_calvin")]
    out = vla("export", "markdown", "-C", str(empty_catalog), "-c", "efficient-action-decoding").stdout
    row = next(x for x in out.splitlines() if "2509.04996" in x)
    source = next(x for x in (DIALECTS / REVISION).read_text(encoding="utf-8").splitlines()
                  if x.startswith("|") and "2509.04996" in x)
    assert row == source
