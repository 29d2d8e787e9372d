"""vla stats: the figures, the terminal view, JSON, and the papers-per-year SVG."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT, Invoke
from hypothesis import given
from hypothesis import strategies as st

from vlacli import Catalog
from vlacli.core.paper import Paper
from vlacli.core.stats import NO_PILLAR, _ticks, chart_svg, compute, describe, render_svg, stats_record
from vlacli.core.taxonomy import Category, Taxonomy
from vlacli.core.venues import is_preprint_venue
from vlacli.errors import InputError
from vlacli.readme.sections import CHART_FILE, chart_path, chart_section

GOLDEN = Path(__file__).resolve().parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"


def two_pillars() -> Taxonomy:
    return Taxonomy([Category("models", "Models"), Category("small", "Small", parent="models"),
                     Category("data", "Data & <Sets>")])


def test_the_survey_in_figures() -> None:
    cat = Catalog(BUNDLED)
    papers = cat.papers()
    s = compute(cat.taxonomy, papers)
    assert s.papers == 58
    assert [slug for slug, _ in s.pillars] == ["efficient-model-design", "efficient-training",
                                               "efficient-data-collection"]
    assert s.years == [2024, 2025]
    assert s.year_totals == {2024: 7, 2025: 51}
    assert s.per_year[2025] == {"efficient-model-design": 28, "efficient-training": 0,
                                "efficient-data-collection": 24}
    assert s.published == sum(not is_preprint_venue(p.venue) for p in papers) == 6
    assert s.preprints == 52
    assert s.venues == [("CoRL", 1), ("ICRA", 1), ("IROS", 1), ("NeurIPS", 1), ("RA-L", 1), ("RSS", 1)]
    assert s.no_code == sorted(p.key for p in papers if not p.code) and len(s.no_code) == 33
    assert len(s.no_website) == 29 and len(s.no_links) == 26
    assert describe(s) == "Papers per year: 2024: 7; 2025: 51."


def test_pillars_years_and_the_rest() -> None:
    papers = [
        Paper(key="a", title="A", year=2020, categories=["small", "data"], venue="CoRL 2020", code="https://c"),
        Paper(key="b", title="B", year=2023, categories=["small"], venue="arXiv preprint arXiv:2301.00001"),
        Paper(key="c", title="C", year=2023, categories=["elsewhere"], venue="  CoRL   2020 ",
              website="https://w"),
        Paper(key="d", title="D", categories=["data"], venue="ICRA"),
    ]
    s = compute(two_pillars(), papers)
    assert s.pillars == [("models", "Models"), ("data", "Data & <Sets>"), NO_PILLAR]
    assert s.years == [2020, 2021, 2022, 2023]  # the years between, with no papers, too
    assert s.per_year[2020] == {"models": 1, "data": 1, "": 0}  # a paper in two pillars counts in both
    assert s.per_year[2021] == {"models": 0, "data": 0, "": 0}
    assert s.per_year[2023] == {"models": 1, "data": 0, "": 1}
    assert s.year_totals == {2020: 1, 2021: 0, 2022: 0, 2023: 2}
    assert s.no_year == ["d"]
    assert s.venues == [("CoRL 2020", 2), ("ICRA", 1)]  # spaces folded, preprints apart
    assert (s.published, s.preprints) == (3, 1)
    assert (s.no_code, s.no_website, s.no_links) == (["b", "c", "d"], ["a", "b", "d"], ["b", "d"])
    record = stats_record(s)
    assert list(record) == ["papers", "pillars", "per_year", "no_year", "venues", "published", "preprints",
                            "no_code", "no_website", "no_code_or_website"]
    assert record["per_year"][0] == {"year": 2020, "papers": 1, "pillars": {"models": 1, "data": 1, "": 0}}


def test_nothing_to_count() -> None:
    s = compute(Taxonomy(), [])
    assert (s.papers, s.years, s.venues, s.pillars) == (0, [], [], [])
    assert s.share(0) == 0.0
    ET.fromstring(render_svg(s))  # still a chart, with no bars
    assert describe(s) == "Papers per year: no paper has a year."


def test_the_survey_chart_is_its_golden_file() -> None:
    cat = Catalog(BUNDLED)
    svg = chart_svg(cat, cat.papers())
    assert svg == (GOLDEN / "papers-per-year.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [r.find(f"{SVG}title").text for r in bars] == [  # type: ignore[union-attr]
        "2024, Efficient Model Design: 7", "2024, Efficient Data Collection: 2",
        "2025, Efficient Model Design: 28", "2025, Efficient Data Collection: 24"]
    assert int(bars[2].get("height", 0)) > int(bars[3].get("height", 0)) > int(bars[0].get("height", 0))


def test_the_readmes_chart_is_up_to_date() -> None:
    assert (ROOT / "docs" / "papers-per-year.svg").read_bytes() == (GOLDEN / "papers-per-year.svg").read_bytes()


def test_one_pillar_or_none_draws_the_years_papers() -> None:
    papers = [Paper(key=str(i), title="T", year=2020 + i % 3, categories=["models"]) for i in range(7)]
    root = ET.fromstring(render_svg(compute(Taxonomy([Category("models", "Models")]), papers)))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert titles[1:] == ["2020, Papers: 3", "2021, Papers: 2", "2022, Papers: 2"]


@given(st.lists(st.tuples(st.integers(1990, 2030), st.sampled_from(["small", "data", "x"])), max_size=30),
       st.text(max_size=30))
def test_any_catalog_makes_a_well_formed_byte_stable_chart(rows: list[tuple[int, str]], name: str) -> None:
    tax = Taxonomy([Category("models", name or "M"), Category("small", "S", parent="models"),
                    Category("data", "D")])
    papers = [Paper(key=str(i), title="T", year=y, categories=[c]) for i, (y, c) in enumerate(rows)]
    svg = render_svg(compute(tax, papers))
    ET.fromstring(svg)  # well-formed, whatever the names hold
    assert render_svg(compute(tax, list(reversed(papers)))) == svg


def test_ticks_are_round() -> None:
    assert _ticks(1) == [0, 1]
    assert _ticks(5) == [0, 1, 2, 3, 4, 5]
    assert _ticks(7) == [0, 2, 4, 6, 8]
    assert _ticks(28) == [0, 10, 20, 30]
    assert _ticks(51) == [0, 20, 40, 60]
    assert _ticks(999) == [0, 200, 400, 600, 800, 1000]


def test_chart_section_is_the_image() -> None:
    assert chart_section() == f"![Papers per year]({CHART_FILE})\n"
    assert chart_section("docs/my chart (1).svg") == "![Papers per year](docs/my%20chart%20%281%29.svg)\n"


def test_a_readmes_chart_stays_beside_it(tmp_path: Path) -> None:
    readme = tmp_path / "repo" / "README.md"
    assert chart_path(readme, "papers-per-year.svg") == tmp_path / "repo" / "papers-per-year.svg"
    assert chart_path(readme, "docs/chart.SVG") == tmp_path / "repo" / "docs" / "chart.SVG"
    for bad in ("", " ", "/etc/chart.svg", "../chart.svg", "docs/../../chart.svg", "chart.png", "C:/x.svg",
                "..\\chart.svg", "a\nb.svg"):
        with pytest.raises(InputError) as e:
            chart_path(readme, bad)
        assert str(e.value) == (f"chart file {bad!r}: give a .svg path inside the README's folder, such as "
                                "'papers-per-year.svg'")


def test_stats_in_the_terminal(vla: Invoke) -> None:
    res = vla("stats")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "Papers per year and pillar (58 papers)"
    assert lines[1].split()[:4] == ["2024", "Efficient", "Model", "Design"] and lines[1].endswith(" 7")
    assert "all pillars" in lines[4] and lines[4].endswith(" 7")
    assert lines[5].startswith("2025") and lines[5].endswith(" 28")
    assert "A paper filed under two pillars counts in both." in lines
    assert "Top venues (published papers)" in lines
    assert ["CoRL", "1", "2", "%"] in [line.split() for line in lines]
    assert any(line.startswith("Published at a venue") and line.endswith("6  10 %") for line in lines)
    assert any(line.startswith("arXiv only (preprint)") and line.endswith("52  90 %") for line in lines)
    assert any(line.startswith("Without code ") and line.endswith("33  57 %") for line in lines)
    assert any(line.startswith("Without code or website") and line.endswith("26  45 %") for line in lines)


def test_stats_filters_as_list_does(vla: Invoke) -> None:
    res = vla("stats", "-c", "quantization", "--format", "json")
    assert res.exit_code == 0
    record = json.loads(res.stdout)
    assert record["papers"] == 1 and record["per_year"][0]["pillars"]["efficient-model-design"] == 1
    res = vla("stats", "-c", "nope")
    assert res.exit_code == 1 and res.stderr.startswith("error: unknown category 'nope'")


def test_stats_json(vla: Invoke) -> None:
    res = vla("stats", "--format", "json")
    assert res.exit_code == 0
    cat = Catalog(BUNDLED)
    assert json.loads(res.stdout) == stats_record(compute(cat.taxonomy, cat.papers()))


def test_stats_svg(vla: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    res = vla("stats", "--svg", str(out))
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == f"{out}: written\n"
    assert out.read_text(encoding="utf-8") == (GOLDEN / "papers-per-year.svg").read_text(encoding="utf-8")
    res = vla("stats", "--svg", "-")
    assert res.stdout == out.read_text(encoding="utf-8")
    res = vla("stats", "--svg", "-", "--format", "json")
    assert (res.exit_code, res.stderr) == (1, "error: --svg and --format json cannot be used together\n")
    res = vla("stats", "--svg", str(tmp_path / "missing" / "chart.svg"))
    assert res.exit_code == 1
    assert res.stderr.startswith(f"error: {tmp_path / 'missing' / 'chart.svg'}: cannot write it: ")


def test_stats_of_an_empty_catalog(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("stats", "-C", str(empty_catalog))
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == "Papers per year and pillar (0 papers)"
    assert vla("stats", "-C", str(empty_catalog), "--svg", "-").stdout.startswith("<svg ")
