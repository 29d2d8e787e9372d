"""vla lint: each finding, the exit codes, JSON output."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

from conftest import SEED, Invoke

from vlacli import Catalog
from vlacli.core.paper import Paper
from vlacli.ops.lint import check_papers


def codes(vla: Invoke, catalog: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    res = vla("lint", "-C", str(catalog), "--format", "json", *extra)
    data = json.loads(res.stdout)
    return res.exit_code, data["findings"]


def test_bundled_catalog_is_clean(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("lint", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.stdout
    assert "0 errors" in res.stdout


def test_seed_tinyvla_robomamba_conflict(vla: Invoke, empty_catalog: Path) -> None:
    vla("import", "markdown", str(SEED), "-C", str(empty_catalog))
    code, findings = codes(vla, empty_catalog)
    assert code == 1
    dup = [f for f in findings if f["code"] == "duplicate-id"]
    assert len(dup) == 1
    assert dup[0]["papers"] == ["2406.04339", "tinyvla"]
    assert "arXiv 2406.04339 is filed under two different titles" in dup[0]["message"]


def test_title_under_two_ids_names_both(vla: Invoke, survey_catalog: Path) -> None:
    smol = Catalog(survey_catalog).get("2506.01844").title
    assert vla("set", "2409.12514", "--title", smol, "-C", str(survey_catalog)).exit_code == 0
    res = vla("lint", "-C", str(survey_catalog))
    assert res.exit_code == 1
    line = next(x for x in res.stdout.splitlines() if "duplicate-title" in x)
    assert "2409.12514" in line and "2506.01844" in line


def test_each_error(vla: Invoke, survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    (papers / "2506.01844.toml").write_text('title = "A"\narxiv = "2506.01844"\ncategories = ["nope"]\n'
                                            'website = "ftp://x"\n')
    (papers / "bad.toml").write_text('title = "B"\narxiv = "2513.00001"\ncategories = ["quantization"]\n')
    (papers / "uncat.toml").write_text('title = "C"\n')
    code, findings = codes(vla, survey_catalog)
    assert code == 1
    got = {(f["code"], tuple(f["papers"])) for f in findings if f["level"] == "error"}
    assert ("unknown-category", ("2506.01844",)) in got
    assert ("bad-url", ("2506.01844",)) in got
    assert ("bad-id", ("bad",)) in got
    assert ("no-category", ("uncat",)) in got
    warnings = {(f["code"], tuple(f["papers"])) for f in findings if f["level"] == "warning"}
    assert ("no-authors", ("uncat",)) in warnings and ("no-year", ("uncat",)) in warnings


def test_malformed_file_is_a_finding_not_a_crash(vla: Invoke, survey_catalog: Path) -> None:
    (survey_catalog / "papers" / "broken.toml").write_text('title = "x\n')
    code, findings = codes(vla, survey_catalog)
    assert code == 1
    bad = [f for f in findings if f["code"] == "malformed"]
    assert bad and bad[0]["where"] == "papers/broken.toml" and "line 1" in bad[0]["message"]


def test_empty_category_is_a_warning(vla: Invoke, survey_catalog: Path) -> None:
    code, findings = codes(vla, survey_catalog)
    assert code == 0
    empty = sorted(f["message"].split("'")[1] for f in findings if f["code"] == "empty-category")
    assert empty == ["data-efficient-pre-training", "efficient-action-representation",
                     "other-pre-training-strategies", "rl-based-method", "supervised-fine-tuning"]
    assert vla("lint", "-C", str(survey_catalog), "--strict").exit_code == 1


def test_preprint_now_published_from_the_cache_only() -> None:
    from conftest import TAXONOMY

    from vlacli.core.taxonomy import Taxonomy
    from vlacli.storage.store import read_toml

    tax = Taxonomy.from_dict(read_toml(TAXONOMY))
    p = Paper(key="2506.01844", arxiv="2506.01844", title="S", venue="arXiv", year=2025, authors=["A"],
              categories=["quantization"])

    class Rec:
        journal_ref = "CoRL 2025"
        doi = None

    found = check_papers(tax, [p], lambda i: Rec() if i == "2506.01844" else None)
    assert any(f.code == "now-published" and "CoRL 2025" in f.message for f in found)
    p.pinned = ["venue"]
    assert not any(f.code == "now-published" for f in check_papers(tax, [p], lambda i: Rec()))


def test_lint_reads_without_network_or_write(vla: Invoke, survey_catalog: Path) -> None:
    before = {p.name: p.read_bytes() for p in (survey_catalog / "papers").iterdir()}
    vla("lint", "-C", str(survey_catalog))
    assert {p.name: p.read_bytes() for p in (survey_catalog / "papers").iterdir()} == before


def test_readme_stale_and_fresh(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    res = vla("export", "markdown", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    readme.write_text(f"# Survey\n\n<!-- vla:begin -->\n{res.stdout}<!-- vla:end -->\n\nFooter\n")
    ok = vla("lint", "-C", str(survey_catalog), "--readme", str(readme))
    assert ok.exit_code == 0, ok.stdout
    vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog))
    vla("remove", "minivla", "--yes", "-C", str(survey_catalog))
    stale = vla("lint", "-C", str(survey_catalog), "--readme", str(readme))
    assert stale.exit_code == 1
    line = next(x for x in stale.stdout.splitlines() if "stale-readme" in x)
    assert "no longer in the catalog: MiniVLA: A Better VLA" in line and "in other categories now: 2506.01844" in line
    fix = re.search(r"run '(vla [^']*)' to update it", line)  # the command it names runs as shown
    assert fix is not None and fix.group(1) == f"vla export markdown --in-place {readme}"
    assert vla(*shlex.split(fix.group(1))[1:], "-C", str(survey_catalog)).exit_code == 0
    assert vla("lint", "-C", str(survey_catalog), "--readme", str(readme)).exit_code == 0


def test_readme_without_markers(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# nothing\n")
    res = vla("lint", "-C", str(survey_catalog), "--readme", str(readme))
    assert res.exit_code == 1 and "has no <!-- vla:begin --> … <!-- vla:end --> markers" in res.stderr


def test_import_report_shows_what_lint_would_flag(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("import", "markdown", str(SEED), "-C", str(empty_catalog))
    assert "lint (1):" in res.stdout and "[duplicate-id]" in res.stdout


def test_pre_commit_hook_runs_vla_lint() -> None:
    from conftest import ROOT

    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "id: vla-lint" in text and "entry: vla lint" in text
    shutil.which("vla")  # the entry point the hook runs


def test_readme_names_changed_papers_and_accepts_crlf(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    section = vla("export", "markdown", "-C", str(survey_catalog)).stdout
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(f"# S\n<!-- vla:begin -->\n{section}<!-- vla:end -->\n".replace("\n", "\r\n").encode())
    assert vla("lint", "-C", str(survey_catalog), "--readme", str(crlf)).exit_code == 0
    vla("set", "2506.01844", "--venue", "CoRL", "-C", str(survey_catalog))
    res = vla("lint", "-C", str(survey_catalog), "--readme", str(crlf))
    assert res.exit_code == 1 and "changed: 2506.01844 (venue)" in res.stdout


def test_lint_counts_a_malformed_file_once(vla: Invoke, survey_catalog: Path) -> None:
    (survey_catalog / "papers" / "wt.toml").write_text('title = "X"\nyear = "2020"\ncategories = ["quantization"]\n')
    res = vla("lint", "-C", str(survey_catalog))
    assert res.exit_code == 1 and res.stderr == ""
    assert res.stdout.count("wt.toml") == 1 and res.stdout.endswith("59 papers: 1 error, 5 warnings\n")


def test_arxiv_field_not_in_bare_form(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text(path.read_text().replace("arxiv = '2506.01844'", "arxiv = 'arXiv:2506.01844'"))
    res = vla("lint", "-C", str(survey_catalog))
    assert res.exit_code == 1 and "is not in its bare form '2506.01844'" in res.stdout
    assert vla("export", "markdown", "-C", str(survey_catalog)).exit_code == 0  # no crash


def test_import_report_folds_a_rule_that_many_papers_break(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    bib = tmp_path / "many.bib"
    bib.write_text("".join(f"@misc{{k{i}, title={{Paper number {i}}}, eprint={{2501.{i:05d}}}}}\n"
                           for i in range(1, 13)))
    res = vla("import", "bibtex", str(bib), "-q", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert "lint (12):" in lines
    assert sum("[no-category]" in x for x in lines) == 6  # five examples and the count
    assert "  ... and 7 more [no-category] (all: vla lint --rule no-category)" in lines
    full = vla("lint", "--rule", "no-category", "-C", str(empty_catalog))
    assert full.exit_code == 1 and full.stdout.count("[no-category]") == 12
