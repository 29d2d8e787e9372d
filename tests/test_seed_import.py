"""The survey's README imported by vla's own code, paper by paper."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BUNDLED, ROOT, SEED, Invoke

from vlacli import Catalog

CORRECTIONS = ROOT / "scripts" / "survey-corrections.toml"

# key -> (year, venue, categories) as the corrected import must give them.
EXPECTED = {
    "2312.01990": (2024, "ICRA", ["efficient-attention"]),
    "2403.13358": (2024, "IROS", ["mixture-of-experts", "simulation-data-collection"]),
    "2406.04339": (2024, "NeurIPS", ["transformer-alternatives", "lightweight-component"]),
    "2406.20095": (2025, "arXiv", ["data-augmentation"]),
    "2409.12514": (2025, "RA-L", ["efficient-action-decoding", "lightweight-component"]),
    "2410.05273": (2024, "CoRL", ["hierarchical-systems"]),
    "2410.08001": (2024, "arXiv", ["hierarchical-systems"]),
    "2410.15549": (2024, "arXiv", ["hierarchical-systems"]),
    "2411.00508": (2024, "RSS", ["lightweight-component", "human-in-the-loop-data-collection", "data-augmentation"]),
    "2501.09747": (2025, "arXiv", ["layer-pruning"]),
    "2502.01071": (2025, "arXiv", ["lightweight-component"]),
    "2502.02175": (2025, "arXiv", ["token-optimization"]),
    "2502.05485": (2025, "arXiv", ["hierarchical-systems"]),
    "2502.14795": (2025, "arXiv", ["internet-scale-and-cross-domain-data-utilization"]),
    "2502.19645": (2025, "arXiv", ["efficient-action-decoding"]),
    "2503.02310": (2025, "arXiv", ["efficient-action-decoding"]),
    "2503.10631": (2025, "arXiv", ["efficient-action-decoding"]),
    "2503.14526": (2025, "arXiv", ["simulation-data-collection"]),
    "2504.19854": (2025, "arXiv", ["lightweight-component"]),
    "2505.03233": (2025, "arXiv", ["simulation-data-collection"]),
    "2505.09601": (2025, "arXiv", ["simulation-data-collection"]),
    "2505.18793": (2025, "arXiv", ["human-in-the-loop-data-collection"]),
    "2506.01844": (2025, "arXiv", ["lightweight-component", "internet-scale-and-cross-domain-data-utilization"]),
    "2506.08822": (2025, "arXiv", ["efficient-action-decoding"]),
    "2506.12723": (2025, "arXiv", ["lightweight-component", "quantization"]),
    "2506.13725": (2025, "arXiv", ["efficient-action-decoding"]),
    "2506.16201": (2025, "arXiv", ["transformer-alternatives", "efficient-action-decoding"]),
    "2506.18088": (2025, "arXiv", ["simulation-data-collection"]),
    "2506.18897": (2025, "arXiv", ["efficient-action-decoding"]),
    "2507.01016": (2025, "arXiv", ["efficient-action-decoding"]),
    "2507.02190": (2025, "arXiv", ["simulation-data-collection"]),
    "2507.12440": (2025, "arXiv", ["internet-scale-and-cross-domain-data-utilization"]),
    "2507.12768": (2025, "arXiv", ["self-exploration-data-collection"]),
    "2507.14049": (2025, "arXiv", ["lightweight-component"]),
    "2507.15597": (2025, "arXiv", ["internet-scale-and-cross-domain-data-utilization"]),
    "2507.17462": (2025, "arXiv", ["data-augmentation"]),
    "2507.17520": (2025, "arXiv", ["data-augmentation"]),
    "2507.22424": (2025, "arXiv", ["efficient-action-decoding"]),
    "2508.02190": (2025, "arXiv", ["mixture-of-experts"]),
    "2508.05186": (2025, "arXiv", ["mixture-of-experts"]),
    "2508.10259": (2025, "arXiv", ["efficient-action-decoding"]),
    "2508.16845": (2025, "arXiv", ["efficient-action-decoding"]),
    "2508.19958": (2025, "arXiv", ["efficient-attention"]),
    "2508.20072": (2025, "arXiv", ["efficient-action-decoding"]),
    "2509.08820": (2025, "arXiv", ["data-augmentation"]),
    "2509.09674": (2025, "arXiv", ["self-exploration-data-collection"]),
    "2509.14687": (2025, "arXiv", ["simulation-data-collection"]),
    "2509.15212": (2025, "arXiv", ["internet-scale-and-cross-domain-data-utilization"]),
    "2509.19752": (2025, "arXiv", ["self-exploration-data-collection"]),
    "2509.21243": (2025, "arXiv", ["efficient-attention"]),
    "2509.21354": (2025, "arXiv", ["efficient-attention"]),
    "2509.21986": (2025, "arXiv", ["internet-scale-and-cross-domain-data-utilization"]),
    "2509.22199": (2025, "arXiv", ["internet-scale-and-cross-domain-data-utilization"]),
    "2509.22407": (2025, "arXiv", ["internet-scale-and-cross-domain-data-utilization"]),
    "2509.24948": (2025, "arXiv", ["self-exploration-data-collection"]),
    "2509.25681": (2025, "arXiv", ["efficient-attention"]),
    "2510.00406": (2025, "arXiv", ["self-exploration-data-collection"]),
    "minivla": (2025, "arXiv", ["lightweight-component"]),
}


def _import(vla: Invoke, catalog: Path, *extra: str) -> str:
    res = vla("import", "markdown", str(SEED), "--catalog", str(catalog), *extra)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_expected_table_has_58_papers() -> None:
    assert len(EXPECTED) == 58


def test_corrected_import_gives_the_58_papers(vla: Invoke, empty_catalog: Path) -> None:
    out = _import(vla, empty_catalog, "--corrections", str(CORRECTIONS))
    got = {p.key: (p.year, p.venue, p.categories) for p in Catalog(empty_catalog).papers()}
    assert got == EXPECTED
    assert "58 papers added, 8 repeats merged" in out
    assert "0 unreadable" in out


def test_corrections_are_applied(vla: Invoke, empty_catalog: Path) -> None:
    _import(vla, empty_catalog, "--corrections", str(CORRECTIONS))
    cat = Catalog(empty_catalog)
    assert cat.get("2409.12514").title.startswith("TinyVLA")
    assert cat.get("2406.04339").title.startswith("RoboMamba")
    assert cat.get("2410.05273").title.startswith("HiRT")
    assert cat.get("2410.08001").title.startswith("Towards Synergistic")
    assert cat.get("2410.15549").title.startswith("A Dual Process VLA")
    assert cat.get("2502.05485").title.startswith("HAMSTER")
    smol = "SmolVLA: A Vision-Language-Action Model for Affordable and Efficient Robotics"
    assert cat.get("2506.01844").title == smol
    # the published venue wins over arXiv, with its year
    clip = cat.get("2411.00508")
    assert (clip.venue, clip.year) == ("RSS", 2024)
    minivla = cat.get("minivla")
    assert minivla.arxiv is None
    assert minivla.url == "https://ai.stanford.edu/blog/minivla/"


def test_uncorrected_import_reports_conflict_and_linkless_rows(vla: Invoke, empty_catalog: Path) -> None:
    out = _import(vla, empty_catalog)
    assert "line 37: arXiv 2406.04339 is given for 'TinyVLA" in out
    assert "but it is 'RoboMamba" in out
    for line in (72, 73, 74, 75):
        assert f"line {line}: " in out and "has no link; kept by slug" in out
    assert "venue arXiv → RSS (a published venue wins over arXiv)" in out
    assert "title spelled two ways" in out
    cat = Catalog(empty_catalog)
    # TinyVLA is kept apart, holding the ID it claims, so that lint flags it.
    tiny = cat.get("tinyvla")
    assert tiny.arxiv == "2406.04339"
    assert cat.get("2406.04339").title.startswith("RoboMamba")
    assert sorted(cat.get("hirt").categories) == ["hierarchical-systems"]


def test_corrected_import_matches_the_bundled_papers(vla: Invoke, empty_catalog: Path) -> None:
    _import(vla, empty_catalog, "--corrections", str(CORRECTIONS))
    mine = {p.key: (p.title, p.year, p.venue, p.categories, p.website, p.code)
            for p in Catalog(empty_catalog).papers()}
    bundled = {p.key: (p.title, p.year, p.venue, p.categories, p.website, p.code)
               for p in Catalog(BUNDLED).papers()}
    assert mine == bundled


def test_importing_twice_adds_nothing(vla: Invoke, empty_catalog: Path) -> None:
    _import(vla, empty_catalog, "--corrections", str(CORRECTIONS))
    before = {p.name: p.read_bytes() for p in (empty_catalog / "papers").iterdir()}
    out = _import(vla, empty_catalog, "--corrections", str(CORRECTIONS))
    assert "0 papers added" in out and "0 updated" in out
    after = {p.name: p.read_bytes() for p in (empty_catalog / "papers").iterdir()}
    assert before == after


def test_dry_run_writes_nothing(vla: Invoke, empty_catalog: Path) -> None:
    out = _import(vla, empty_catalog, "--dry-run")
    assert "58 papers would be added" in out
    assert list((empty_catalog / "papers").iterdir()) == []


def test_bundled_catalog_lists_58_papers(vla: Invoke) -> None:
    res = vla("list", "--catalog", str(BUNDLED), "--format", "json")
    assert res.exit_code == 0
    assert len(json.loads(res.stdout)) == 58
