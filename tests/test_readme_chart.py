"""A README's chart section: `<!-- vla:begin --chart FILE -->` is refreshed by `export markdown --in-place`
(the SVG written beside the README, the section showing it) and checked by `lint --readme`."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke

from vlacli import Catalog
from vlacli.core.stats import chart_svg

README = ("# Survey\n\n<!-- vla:begin --chart papers-per-year.svg -->\n<!-- vla:end -->\n\n"
          "<!-- vla:begin --chart charts/2025.svg --year 2025 -->\nold\n<!-- vla:end -->\n\n"
          "<!-- vla:begin --category quantization -->\n<!-- vla:end -->\n")


def test_chart_sections_are_written_refreshed_and_checked(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    (tmp_path / "charts").mkdir()
    res = vla("export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    chart, chart_2025 = tmp_path / "papers-per-year.svg", tmp_path / "charts" / "2025.svg"
    assert res.stderr == f"{chart}: updated\n{chart_2025}: updated\n{readme}: updated\n"
    text = readme.read_text(encoding="utf-8")
    assert "<!-- vla:begin --chart papers-per-year.svg -->\n![Papers per year](papers-per-year.svg)\n" in text
    assert "<!-- vla:begin --chart charts/2025.svg --year 2025 -->\n![Papers per year](charts/2025.svg)\n" in text
    cat = Catalog(survey_catalog)
    assert chart.read_text(encoding="utf-8") == chart_svg(cat, cat.papers())
    assert chart_2025.read_text(encoding="utf-8") == chart_svg(cat, [p for p in cat.papers() if p.year == 2025])
    assert vla("lint", "--readme", str(readme), "-C", str(survey_catalog)).exit_code == 0

    again = vla("export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog))
    assert again.stderr == f"{readme}: already up to date\n"

    assert vla("set", "2506.01844", "--year", "2024", "-C", str(survey_catalog)).exit_code == 0
    lint = vla("lint", "--readme", str(readme), "-C", str(survey_catalog))
    assert lint.exit_code == 1
    assert f"the chart {chart} is out of date" in lint.stdout
    chart.unlink()
    assert f"the chart {chart} is missing" in vla("lint", "--readme", str(readme), "-C", str(survey_catalog)).stdout


def test_a_chart_can_only_be_an_svg_beside_the_readme(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    for target in ("../escape.svg", "/tmp/abs.svg", "chart.png"):
        readme.write_text(f"# S\n\n<!-- vla:begin --chart {target} -->\n<!-- vla:end -->\n", encoding="utf-8")
        res = vla("export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog))
        assert res.exit_code == 1, target
        assert res.stderr.startswith(f"error: {readme}:3: "), res.stderr
        assert not (tmp_path.parent / "escape.svg").exists()
