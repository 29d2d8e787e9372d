"""vla export markdown: the survey README's tables, its in-place update, and escaping."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT, SEED, Invoke
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vlacli import Catalog
from vlacli.core.paper import Paper
from vlacli.core.taxonomy import Category, Taxonomy
from vlacli.formats.exporters.markdown import escape_cell, escape_text, escape_url, render, unescape_text
from vlacli.formats.importers.markdown import parse_markdown
from vlacli.formats.mdblocks import Table, blocks
from vlacli.readme.markers import BEGIN, END

GOLDEN = Path(__file__).resolve().parent / "golden"
HEADER_ROW = "| Year | Venue | Paper | Website | Code |\n|------|-------|-------|---------|------|\n"
CORRECTIONS = ROOT / "scripts" / "survey-corrections.toml"


def small_taxonomy() -> Taxonomy:
    return Taxonomy([
        Category("models", "Models", figure="assets/Models.png", caption="Fig. 1: **Models** and their parts."),
        Category("compression", "Compression", parent="models"),
        Category("quantization", "Quantization", parent="compression"),
        Category("pruning", "Pruning", parent="compression"),
        Category("data", "Data"),
        Category("collection", "Collection", parent="data", figure="assets/Collection.png"),
        Category("augmentation", "Augmentation", parent="data"),
    ])


def small_papers() -> list[Paper]:
    return [
        Paper(key="2506.01844", arxiv="2506.01844", title="SmolVLA: A Vision-Language-Action Model for Robotics",
              authors=["Mustafa Shukor", "Dana Aubakirova"], year=2025, venue="arXiv",
              categories=["quantization", "collection"], website="https://huggingface.co/blog/smolvla",
              code="https://github.com/huggingface/lerobot", primary_category="cs.LG",
              abstract="10x smaller & 50% faster than {big} VLAs, with $\\pi_0$-like results."),
        Paper(key="2406.04339", arxiv="2406.04339", title="RoboMamba: Efficient VLA with Mamba",
              authors=["Jiaming Liu", "Paweł Budzianowski"], year=2024, venue="NeurIPS", categories=["pruning"],
              doi="10.5555/robo_mamba.2024"),
        Paper(key="minivla", title="MiniVLA: A Better VLA | with <b>pipes</b> [and] `ticks`",
              url="https://ai.stanford.edu/blog/mini(vla)/", year=2024, venue="arXiv",
              authors=["Ludwig van Beethoven", "José Ñúñez"], categories=["quantization"]),
        Paper(key="2409.12514", arxiv="2409.12514", title="TinyVLA: Fast, Data-Efficient VLAs", year=2025,
              venue="RA-L", categories=["pruning", "quantization"], authors=["Junjie Wen"]),
        Paper(key="2510.00406", arxiv="2510.00406", year=2025, venue="arXiv", authors=["Zhaoshu Yu"],
              title='Efficient VLAs: 100% of $ & # _ ~ ^ \\ {braces} "quotes" @home',
              categories=["compression"]),
        Paper(key="untitled-notes", title="Untitled notes on VLA"),
    ]


def build_small_catalog(root: Path) -> Catalog:
    cat = Catalog.init(root, small_taxonomy())
    for p in small_papers():
        cat.add(p)
    return Catalog(root)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    build_small_catalog(tmp_path / "small")
    return tmp_path / "small"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("VLA_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


def test_golden(vla: Invoke, small: Path, tmp_path: Path) -> None:
    res = vla("export", "markdown", "-C", str(small))
    assert res.exit_code == 0, res.output
    check_golden("small.md", res.stdout)
    out = tmp_path / "out.md"
    assert vla("export", "markdown", "-C", str(small), "--output", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == res.stdout
    assert vla("export", "markdown", "-C", str(small)).stdout == res.stdout  # byte-identical on re-run


def test_heading_levels_and_layout(vla: Invoke, small: Path) -> None:
    lines = vla("export", "markdown", "-C", str(small)).stdout.splitlines()
    headings = [ln for ln in lines if ln.startswith("#")]
    # max depth 2: pillars ###, groups ####, every leaf ##### (Collection sits right under a pillar).
    assert headings == ["### Models", "#### Compression", "##### Quantization", "##### Pruning", "### Data",
                        "##### Collection", "##### Augmentation"]
    i = lines.index("### Models")
    assert lines[i + 1: i + 3] == ["![Models](assets/Models.png)", "Fig. 1: **Models** and their parts."]
    j = lines.index("##### Augmentation")  # an empty category keeps its heading, with no table
    assert lines[j + 1:] == [""]
    k = lines.index("#### Compression")  # a paper filed under a group is listed under it
    assert lines[k + 2] == "| Year | Venue | Paper | Website | Code |"


def test_rows_sorted_by_year_then_arxiv_and_each_category(vla: Invoke, small: Path) -> None:
    out = vla("export", "markdown", "-C", str(small)).stdout
    quant = out.split("##### Quantization\n", 1)[1].split("#####", 1)[0]
    rows = [ln for ln in quant.splitlines() if ln.startswith("| 20")]
    assert [r.split(" | ")[0] for r in rows] == ["| 2024", "| 2025", "| 2025"]
    assert "2409.12514" in rows[1] and "2506.01844" in rows[2]  # same year: arXiv ID order
    assert out.count("(https://arxiv.org/abs/2506.01844)") == 2  # in both of its categories
    assert "Untitled notes" not in out  # no category, no table


def test_category_limits_to_subtree(vla: Invoke, small: Path) -> None:
    res = vla("export", "markdown", "-C", str(small), "--category", "compression")
    assert res.exit_code == 0
    headings = [ln for ln in res.stdout.splitlines() if ln.startswith("#")]
    assert headings == ["#### Compression", "##### Quantization", "##### Pruning"]
    assert "huggingface.co/blog/smolvla" in res.stdout  # filed under quantization too
    res = vla("export", "markdown", "-C", str(small), "--category", "nope")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: unknown category 'nope'")


def test_no_value_breaks_the_table_or_injects_html(vla: Invoke, small: Path) -> None:
    out = vla("export", "markdown", "-C", str(small)).stdout
    row = next(ln for ln in out.splitlines() if "MiniVLA" in ln)
    assert row == ("| 2024 | arXiv | [MiniVLA: A Better VLA \\| with &lt;b&gt;pipes&lt;/b&gt; &#91;and&#93; "
                   "&#96;ticks&#96;](https://ai.stanford.edu/blog/mini%28vla%29/) | - | - |")
    [table] = [b for b in blocks(HEADER_ROW + row + "\n") if isinstance(b, Table)]
    assert len(table.rows) == 1 and table.rows[0].cells[2].startswith("[MiniVLA: A Better VLA | with &lt;b&gt;")
    assert "<b>" not in out


def test_bundled_export_has_every_seed_pair(vla: Invoke, tmp_path: Path, empty_catalog: Path) -> None:
    """Every (paper, category) pair of the seed's tables is in the export, under the seed's heading."""
    seed_cat = tmp_path / "seed"
    shutil.copytree(empty_catalog, seed_cat)
    assert vla("import", "markdown", str(SEED), "--corrections", str(CORRECTIONS), "-C", str(seed_cat)).exit_code == 0
    exported = tmp_path / "export.md"
    assert vla("export", "markdown", "-C", str(BUNDLED), "-o", str(exported)).exit_code == 0
    assert vla("import", "markdown", str(exported), "-C", str(empty_catalog)).exit_code == 0

    def pairs(root: Path) -> set[tuple[str, str]]:
        return {(p.arxiv or p.key, c) for p in Catalog(root).papers() for c in p.categories}

    seed_pairs = pairs(seed_cat)
    assert len(seed_pairs) > 60
    assert seed_pairs <= pairs(empty_catalog)
    # And under the seed's headings: each leaf's section lists its papers.
    text = exported.read_text(encoding="utf-8")
    tax = Catalog(BUNDLED).taxonomy
    for arxiv, slug in seed_pairs:
        section = text.split(f"##### {tax[slug].name}\n", 1)[1].split("\n#", 1)[0]
        assert (f"abs/{arxiv})" in section) or Catalog(BUNDLED).get(arxiv).title in section


def test_seed_round_trip(vla: Invoke, tmp_path: Path, empty_catalog: Path) -> None:
    """export markdown of the bundled catalog -> import markdown into an empty catalog -> the same papers."""
    exported = tmp_path / "export.md"
    assert vla("export", "markdown", "-C", str(BUNDLED), "-o", str(exported)).exit_code == 0
    res = vla("import", "markdown", str(exported), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output

    def view(root: Path) -> dict[str, tuple[object, ...]]:
        return {p.key: (p.title, p.arxiv, p.year, p.venue, p.url, p.website, p.code, sorted(p.categories))
                for p in Catalog(root).papers()}

    assert view(empty_catalog) == view(BUNDLED)
    assert len(view(BUNDLED)) == 58


def seed_with_markers(tmp_path: Path) -> tuple[Path, str, str]:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("### Efficient Model Design")
    stop = text.index("## Contact Us")
    before, after = text[:start] + BEGIN + "\n", END + "\n\n" + text[stop:]
    readme = tmp_path / "README.md"
    readme.write_text(before + text[start:stop] + after, encoding="utf-8")
    return readme, before, after


def test_in_place_on_the_seed_readme(vla: Invoke, tmp_path: Path, survey_catalog: Path) -> None:
    BUNDLED = survey_catalog  # a writable copy: --in-place records what it wrote in the catalog
    readme, before, after = seed_with_markers(tmp_path)
    res = vla("export", "markdown", "-C", str(BUNDLED), "--in-place", str(readme))
    assert res.exit_code == 0
    assert res.stderr == f"{readme}: updated\n"
    first = readme.read_bytes()
    text = first.decode("utf-8")
    assert text.startswith(before) and text.endswith(after)
    body = vla("export", "markdown", "-C", str(BUNDLED)).stdout
    assert text == before + body + after
    mtime = readme.stat().st_mtime_ns
    res = vla("export", "markdown", "-C", str(BUNDLED), "--in-place", str(readme))
    assert res.exit_code == 0
    assert res.stderr == f"{readme}: already up to date\n"
    assert readme.read_bytes() == first
    assert readme.stat().st_mtime_ns == mtime


def test_in_place_keeps_crlf_and_every_other_byte(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "R.md"
    readme.write_bytes(b"\xef\xbb\xbf# Title\r\n\r\n<!-- vla:begin -->\r\nold\r\n<!-- vla:end -->\r\ntail\r\n")
    assert vla("export", "markdown", "-C", str(small), "-i", str(readme)).exit_code == 0
    data = readme.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# Title\r\n\r\n<!-- vla:begin -->\r\n### Models\r\n")
    assert data.endswith(b"\r\n<!-- vla:end -->\r\ntail\r\n")
    assert b"old" not in data and b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize(("content", "message"), [
    ("# no markers\n", " has no <!-- vla:begin --> … <!-- vla:end --> markers (put them around the part vla "
                       "should write, each on its own line)"),
    ("Quoted in prose: `<!-- vla:begin -->` and <!-- vla:end --> are not markers.\n", " has no <!-- vla:begin --> "
     "… <!-- vla:end --> markers (put them around the part vla should write, each on its own line)"),
    ("<!-- vla:begin -->\nx\n", ":1: <!-- vla:begin --> is never closed with <!-- vla:end -->"),
    ("<!-- vla:begin -->\n<!-- vla:begin -->\n<!-- vla:end -->\n",
     ":2: <!-- vla:begin --> inside the section opened on line 1 (close that one with <!-- vla:end --> first)"),
    ("text\n<!-- vla:end -->\n<!-- vla:begin -->\n", ":2: <!-- vla:end --> with no <!-- vla:begin --> before it"),
    ("<!-- vla:begin --catgory x -->\n<!-- vla:end -->\n", ":1: unknown option '--catgory' in the "
     "<!-- vla:begin --> marker (it may record --chart, --category, --year, --venue, --search, --columns, "
     "--style, --template, --rows)"),
    ("<!-- vla:begin --year -->\n<!-- vla:end -->\n",
     ":1: option --year in the <!-- vla:begin --> marker needs a value"),
    ("<!-- vla:begin --search 'open -->\n<!-- vla:end -->\n",
     ":1: cannot read the options of the <!-- vla:begin --> marker (No closing quotation)"),
    ("<!-- vla:begin -->\n<!-- vla:end --category x -->\n", ":2: <!-- vla:end --> takes no options"),
])
def test_in_place_marker_errors(vla: Invoke, small: Path, tmp_path: Path, content: str, message: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(content, encoding="utf-8")
    res = vla("export", "markdown", "-C", str(small), "--in-place", str(readme))
    assert res.exit_code == 1
    assert res.stderr == f"error: {readme}{message}\n"
    assert readme.read_text(encoding="utf-8") == content
    lint = vla("lint", "-C", str(small), "--readme", str(readme))
    assert lint.exit_code == 1 and lint.stderr == f"error: {readme}{message}\n"


def test_sections_each_refreshed_with_the_filters_their_markers_record(vla: Invoke, tmp_path: Path,
                                                                       survey_catalog: Path) -> None:
    BUNDLED = survey_catalog  # a writable copy: --in-place records what it wrote in the catalog
    readme = tmp_path / "README.md"
    readme.write_text("# Survey\n\nIntro.\n\n<!-- vla:begin -->\nold\n<!-- vla:end -->\n\nProse.\n\n"
                      "  <!-- vla:begin   --category=quantization -->\nold\n  <!-- vla:end -->\n"
                      "<!-- vla:begin --category 'Efficient Data Collection' --year 2025 -->\n<!-- vla:end -->\nEnd\n")
    res = vla("export", "markdown", "-C", str(BUNDLED), "-i", str(readme))
    assert (res.exit_code, res.stderr) == (0, f"{readme}: updated\n")
    text = readme.read_text()
    full = vla("export", "markdown", "-C", str(BUNDLED)).stdout
    quant = vla("export", "markdown", "-C", str(BUNDLED), "-c", "quantization").stdout
    data = vla("export", "markdown", "-C", str(BUNDLED), "-c", "Efficient Data Collection", "-y", "2025").stdout
    assert text == ("# Survey\n\nIntro.\n\n<!-- vla:begin -->\n" + full + "<!-- vla:end -->\n\nProse.\n\n"
                    "  <!-- vla:begin --category quantization -->\n" + quant + "  <!-- vla:end -->\n"
                    "<!-- vla:begin --category 'Efficient Data Collection' --year 2025 -->\n" + data +
                    "<!-- vla:end -->\nEnd\n")
    assert "2506.12723" in quant and "| 2025 |" in data and data != full
    assert vla("lint", "-C", str(BUNDLED), "--readme", str(readme)).exit_code == 0
    again = vla("export", "markdown", "-C", str(BUNDLED), "-i", str(readme))
    assert again.stderr == f"{readme}: already up to date\n" and readme.read_text() == text
    res = vla("export", "markdown", "-C", str(BUNDLED), "-i", str(readme), "-c", "quantization")
    assert res.exit_code == 1 and "has 3 generated sections" in res.stderr and readme.read_text() == text


def test_filters_given_for_a_one_section_readme_are_recorded_in_its_marker(vla: Invoke, survey_catalog: Path,
                                                                          tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("<!-- vla:begin -->\n<!-- vla:end -->\n")
    res = vla("export", "markdown", "-C", str(survey_catalog), "-i", str(readme), "-c", "Quantization")
    assert res.exit_code == 0, res.output
    assert readme.read_text().startswith("<!-- vla:begin --category quantization -->\n##### Quantization\n")
    ok = vla("lint", "-C", str(survey_catalog), "--readme", str(readme))
    assert ok.exit_code == 0, ok.stdout  # not stale: lint re-renders with the recorded filter
    vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog))
    stale = vla("lint", "-C", str(survey_catalog), "--readme", str(readme))
    line = next(x for x in stale.stdout.splitlines() if "stale-readme" in x)
    assert line.startswith(f"{readme}:1: error: the generated section (--category quantization) is stale "
                           "(missing from the README: 2506.01844)")


def test_options_of_other_formats_are_errors(vla: Invoke, small: Path, tmp_path: Path) -> None:
    res = vla("export", "markdown", "-C", str(small), "--ascii")
    assert (res.exit_code, res.stderr) == (1, "error: --ascii is for bibtex, not markdown\n")
    res = vla("export", "bibtex", "-C", str(small), "--in-place", str(tmp_path / "x.md"))
    assert (res.exit_code, res.stderr) == (1, "error: --in-place is for markdown, not bibtex\n")
    res = vla("export", "markdown", "-C", str(small), "-i", str(tmp_path / "x.md"), "-o", str(tmp_path / "y"))
    assert (res.exit_code, res.stderr) == (1, "error: --in-place and --output cannot be used together\n")
    res = vla("export", "yaml", "-C", str(small))
    assert (res.exit_code, res.stderr) == (1, "error: unknown export format 'yaml' (one of: bibtex, csl-json, csv, "
                                              "html, json, markdown)\n")
    res = vla("export", "markdown", "-C", str(small), "-i", str(tmp_path / "missing.md"))
    assert (res.exit_code, res.stderr) == (1, f"error: {tmp_path / 'missing.md'}: no such file\n")


# -- escaping, as a property ------------------------------------------------------------------------
SPECIAL = "{}%&$#_~^\\|<>[]@\"`*'!()-:;,/"
NON_ASCII = "éüłßøçñÅ中文αβπ—–“”’"
word = st.text(alphabet=st.sampled_from(list(SPECIAL + NON_ASCII + "abcXYZ019")), min_size=1, max_size=8)
# Catalog titles are clean: single spaces, no space or dot at either end.
title_strategy = st.lists(word, min_size=1, max_size=6).map(" ".join).filter(lambda t: t.strip(" .") == t)
url_tail = st.text(alphabet=st.sampled_from(list(SPECIAL + NON_ASCII + "abc019 ?=.")), max_size=20)


@settings(max_examples=150, deadline=None)
@given(title=title_strategy, text=st.text(max_size=30), tail=url_tail)
@example(title="A b", text="", tail="&#10;")  # a reference in an address: read as written, in every column
@example(title="A b", text="", tail="&amp;\\(")
def test_markdown_escaping_round_trips(title: str, text: str, tail: str) -> None:
    assert unescape_text(escape_text(text)) == text
    url = "https://example.org/" + tail
    tax = Taxonomy([Category("leaf", "Leaf")])
    paper = Paper(key="p", title=title, url=url, year=2025, venue="arXiv", categories=["leaf"],
                  website=url, code=url)
    parsed = parse_markdown(render(tax, [paper]))
    assert parsed.unreadable == []
    [entry] = parsed.entries
    assert entry.title == title  # the importer decodes what the exporter escaped
    assert entry.url == entry.website == entry.code == escape_url(url)
    assert entry.headings == ["Leaf"]


@given(st.text(alphabet=st.sampled_from(list("abcXYZ019-._~:/?#[]@!$&'*+,;=%")), max_size=30))
@example("&#0;")
def test_valid_urls_are_not_changed(tail: str) -> None:
    url = "https://example.org/" + tail
    assert escape_url(url) == url


def test_escape_text_examples() -> None:
    assert escape_text("a|b [c] <i> `x` *y* _z_ AT&T &amp; \\") == (
        "a\\|b &#91;c&#93; &lt;i&gt; &#96;x&#96; &#42;y&#42; &#95;z&#95; AT&T &amp;amp; &#92;")
    assert escape_text("line\nbreak") == "line&#10;break"
    assert escape_text("&copy &#12; &") == "&amp;copy &amp;#12; &"
    assert html.unescape(escape_text("&copy")) == "&copy"
    assert escape_cell("-") == "&#45;"  # a bare dash means "none"
    assert [e.title for e in parse_markdown(render(Taxonomy([Category("c", "C")]), [
        Paper(key="p", title="-", url="https://e.org/", categories=["c"])])).entries] == ["-"]


def test_links_that_are_not_web_addresses_are_left_out_with_a_warning(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text(path.read_text().replace("website = ", "website = 'javascript:alert(1)'\nold_website = ", 1))
    res = vla("export", "markdown", "-C", str(survey_catalog))
    assert res.exit_code == 0
    assert "javascript:" not in res.stdout
    row = next(x for x in res.stdout.splitlines() if "2506.01844" in x)
    assert row.split(" | ")[3] == "-"  # the website cell
    assert res.stderr.strip() == (f"warning: {path}: website 'javascript:alert(1)' is not an http(s) address; "
                                  "left out of the Markdown")


def test_markers_in_code_blocks_are_examples_and_a_bom_is_kept(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    example = ("Use them like this:\n\n```markdown\n<!-- vla:begin --category quantization -->\n<!-- vla:end -->\n```\n"
               "~~~\n<!-- vla:begin -->\n~~~\n\n    <!-- vla:end -->\n\n")
    readme.write_bytes(("\ufeff<!-- vla:begin -->\nold\n<!-- vla:end -->\n" + example).encode())
    res = vla("export", "markdown", "-C", str(small), "-i", str(readme))
    assert res.exit_code == 0, res.stderr
    text = readme.read_bytes().decode()
    body = vla("export", "markdown", "-C", str(small)).stdout
    assert text == "\ufeff<!-- vla:begin -->\n" + body + "<!-- vla:end -->\n" + example
    lint = vla("lint", "-C", str(small), "--readme", str(readme))
    assert "stale-readme" not in lint.stdout and lint.stderr == "", lint.output


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--search", "a-->b", "--search 'a-->b' cannot be recorded in a README marker (it may not hold a line break "
                          "or '-->')"),
    ("--venue", "x\ny", "--venue 'x\\ny' cannot be recorded in a README marker (it may not hold a line break "
                        "or '-->')"),
    ("--search", " ", "--search needs a value"),
])
def test_filters_a_marker_cannot_hold_are_refused(vla: Invoke, small: Path, tmp_path: Path, option: str,
                                                  value: str, message: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("<!-- vla:begin -->\n<!-- vla:end -->\n")
    res = vla("export", "markdown", "-C", str(small), "-i", str(readme), option, value)
    assert (res.exit_code, res.stderr) == (1, f"error: {message}\n")
    assert readme.read_text() == "<!-- vla:begin -->\n<!-- vla:end -->\n"


def test_a_filter_with_a_gt_sign_round_trips(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("<!-- vla:begin -->\n<!-- vla:end -->\n")
    assert vla("export", "markdown", "-C", str(small), "-i", str(readme), "-s", "a>b").exit_code == 0
    assert readme.read_text().startswith("<!-- vla:begin --search 'a>b' -->\n")
    again = vla("export", "markdown", "-C", str(small), "-i", str(readme))
    assert (again.exit_code, again.stderr) == (0, f"{readme}: already up to date\n")


@pytest.mark.parametrize(("marker", "message"), [
    ("--category nosuch", "unknown category 'nosuch'"),
    ("--year 2025-2020", "year range '2025-2020' ends before it starts"),
])
def test_a_bad_filter_in_a_marker_names_the_readme_and_line(vla: Invoke, small: Path, tmp_path: Path,
                                                             marker: str, message: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# T\n<!-- vla:begin {marker} -->\n<!-- vla:end -->\n")
    for args in (("export", "markdown", "-i", str(readme)), ("lint", "--readme", str(readme))):
        res = vla(*args, "-C", str(small))
        assert res.exit_code == 1
        assert res.stderr.startswith(f"error: {readme}:2: {message}"), res.stderr


def test_an_unwritable_readme_is_one_line(vla: Invoke, small: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import vlacli.storage.store

    readme = tmp_path / "README.md"
    readme.write_text("<!-- vla:begin -->\n<!-- vla:end -->\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(vlacli.storage.store, "atomic_write", refuse)
    res = vla("export", "markdown", "-C", str(small), "-i", str(readme))
    assert (res.exit_code, res.stderr) == (1, f"error: {readme}: cannot write it: Permission denied\n")


def test_fences_are_read_as_commonmark_reads_them(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    example = ("```\nx\n```python\n<!-- vla:begin -->\nEXAMPLE\n<!-- vla:end -->\n```\n"  # ```python closes nothing
               "```<!-- vla:begin -->``` is a marker, in inline code.\n\n")
    readme.write_text("\ufeff```\n<!-- vla:begin -->\n```\n" + example + "<!-- vla:begin -->\n<!-- vla:end -->\n")
    res = vla("export", "markdown", "-C", str(small), "-i", str(readme))
    assert res.exit_code == 0, res.stderr
    body = vla("export", "markdown", "-C", str(small)).stdout
    assert readme.read_text() == ("\ufeff```\n<!-- vla:begin -->\n```\n" + example + "<!-- vla:begin -->\n" + body
                                  + "<!-- vla:end -->\n")


def test_a_fence_vla_writes_inside_a_section_does_not_hide_the_end_marker(vla: Invoke, small: Path,
                                                                         tmp_path: Path) -> None:
    tax = small / "taxonomy.toml"
    tax.write_text(tax.read_text().replace('caption = "', 'caption = "```` ', 1))
    readme = tmp_path / "README.md"
    readme.write_text("<!-- vla:begin -->\n<!-- vla:end -->\nafter\n")
    assert vla("export", "markdown", "-C", str(small), "-i", str(readme)).exit_code == 0
    assert "\n```` " in readme.read_text()
    again = vla("export", "markdown", "-C", str(small), "-i", str(readme))
    assert (again.exit_code, again.stderr) == (0, f"{readme}: already up to date\n")


def test_a_marker_indented_as_code_gets_a_hint(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("\t<!-- vla:begin -->\nx\n<!-- vla:end -->\n")
    res = vla("export", "markdown", "-C", str(small), "-i", str(readme))
    assert res.stderr == (f"error: {readme}:3: <!-- vla:end --> with no <!-- vla:begin --> before it (a marker "
                          "indented by a tab or four spaces is Markdown code, not a marker)\n")


# -- several links per cell --------------------------------------------------------------------------
def test_a_cell_of_several_links_is_written_as_it_was_read(vla: Invoke, small: Path, tmp_path: Path) -> None:
    cat = Catalog(small)
    p = cat.get("2409.12514")
    p.set_cell_links("code", [("💻 Pret", "https://github.com/x/flower_vla_pret"),
                              ("💻 FT", "https://github.com/x/flower_vla_calvin")])
    p.set_cell_links("website", [("Project | *page*", "https://x.github.io/a b")])
    cat.save(p)
    out = vla("export", "markdown", "-C", str(small)).stdout
    row = next(x for x in out.splitlines() if "2409.12514" in x)
    assert row.endswith(" | [Project \\| &#42;page&#42;](https://x.github.io/a%20b) | "
                        "[💻 Pret](https://github.com/x/flower_vla_pret) / "
                        "[💻 FT](https://github.com/x/flower_vla_calvin) |")
    [entry] = [e for e in parse_markdown(out).entries if e.arxiv == "2409.12514"][:1]
    assert entry.cell_links == {"code": p.cell_links("code"),  # the URL as written, percent-encoded
                                "website": [("Project | *page*", "https://x.github.io/a%20b")]}
    # The survey's own cells, one default link each, are written as before.
    assert "| [🌐](https://huggingface.co/blog/smolvla) | [💻](https://github.com/huggingface/lerobot) |" in out


label_strategy = st.lists(word, min_size=1, max_size=3).map(" ".join).filter(lambda t: t.strip(" .") == t)
cell_strategy = st.lists(st.tuples(label_strategy | st.just("💻") | st.just("🌐"),
                                   url_tail.map(lambda t: "https://example.org/" + t)), max_size=3)


@settings(max_examples=150, deadline=None)
@given(website=cell_strategy, code=cell_strategy)
def test_cells_of_several_links_round_trip(website: list[tuple[str, str]], code: list[tuple[str, str]]) -> None:
    paper = Paper(key="p", title="A Paper", url="https://example.org/p", year=2025, venue="arXiv",
                  categories=["leaf"])
    paper.set_cell_links("website", website)
    paper.set_cell_links("code", code)
    [entry] = parse_markdown(render(Taxonomy([Category("leaf", "Leaf")]), [paper])).entries
    for role in ("website", "code"):
        want = [(label, escape_url(url)) for label, url in paper.cell_links(role)]
        assert getattr(entry, role) == (want[0][1] if want else None)
        if len(want) > 1 or (want and want[0][0] != {"website": "🌐", "code": "💻"}[role]):
            assert entry.cell_links[role] == want
        else:
            assert role not in entry.cell_links


# -- deeper than Markdown can show ---------------------------------------------------------------------
def test_no_heading_deeper_than_six_and_lint_warns(vla: Invoke, tmp_path: Path) -> None:
    chain = ["a", "b", "c", "d", "e"]  # five levels: ### #### ##### ###### and one more
    tax = Taxonomy([Category(s, s.upper(), parent=chain[i - 1] if i else None) for i, s in enumerate(chain)]
                   + [Category("f", "F", parent="a")])
    cat = Catalog.init(tmp_path / "deep", tax)
    cat.add(Paper(key="p", title="P", url="https://e.org/p", year=2024, categories=["e", "f"], authors=["X"]))
    out = vla("export", "markdown", "-C", str(tmp_path / "deep")).stdout
    assert [x for x in out.splitlines() if x.startswith("#")] == ["### A", "#### B", "##### C", "###### D",
                                                                  "###### E", "###### F"]
    res = vla("lint", "-C", str(tmp_path / "deep"))
    assert res.exit_code == 0  # a warning
    assert ("taxonomy.toml: warning: the taxonomy is 5 levels deep, but Markdown's headings can show 4: the "
            "Markdown export puts e at the level of their parent (######) [deep-taxonomy]") in res.stdout
    assert "deep-taxonomy" not in vla("lint", "-C", str(BUNDLED)).stdout


def test_lint_names_a_cell_whose_links_were_edited(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("<!-- vla:begin -->\n<!-- vla:end -->\n")
    assert vla("export", "markdown", "-C", str(small), "-i", str(readme)).exit_code == 0
    text = readme.read_text()
    readme.write_text(text.replace("[💻](https://github.com/huggingface/lerobot)",
                                   "[💻 A](https://github.com/huggingface/lerobot) / [💻 B](https://github.com/b/c)"))
    res = vla("lint", "-C", str(small), "--readme", str(readme))
    assert "was edited by hand since vla wrote it (changed: 2506.01844 (code))" in res.stdout, res.stdout
