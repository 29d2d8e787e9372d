"""`vla sync`: rows people added, changed or deleted in a README's generated tables come back into
the catalog; what changed in the catalog since vla wrote the tables is kept; twice changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from arxiv_server import ArxivReplay
from conftest import ROOT, Invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_round_trip import edit_row, rows

from vlacli import Catalog

HEAD = "# My survey\n\nSome prose.\n\n<!-- vla:begin -->\n<!-- vla:end -->\n\nMore prose.\n"


def exported_readme(vla: Invoke, catalog: Path, folder: Path) -> Path:
    readme = folder / "README.md"
    readme.write_text(HEAD, encoding="utf-8")
    res = vla("export", "markdown", "--in-place", str(readme), "-C", str(catalog))
    assert res.exit_code == 0, res.output
    return readme


def test_sync_takes_in_added_changed_and_deleted_rows(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    readme = exported_readme(vla, survey_catalog, tmp_path)
    assert (survey_catalog / "readme-base.toml").is_file()
    text = readme.read_text(encoding="utf-8")
    text = edit_row(text, "2508.19958", 1, "CoRL")  # a venue changed
    text = text.replace("RoboMamba: Efficient Vision-Language-Action Model for Robotic Reasoning and Manipulation",
                        "RoboMamba: Renamed")  # a title changed
    hirt = next(line for line in text.splitlines() if "abs/2410.05273" in line)
    text = text.replace(hirt + "\n", "", 1)  # a row deleted (HiRT out of Hierarchical Systems)
    pruning = ("##### Layer Pruning\n\n| Year | Venue | Paper | Website | Code |\n"
               "|------|-------|-------|---------|------|\n")
    assert pruning in text
    text = text.replace(pruning, pruning + hirt + "\n"  # the same paper added to another table
                        + "| 2025 | ICML | [Without An ID](https://example.org/paper) | - "
                          "| [💻](https://github.com/a/b) |\n")
    readme.write_text(text, encoding="utf-8")

    dry = vla("sync", str(readme), "--dry-run", "-C", str(survey_catalog))
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[-1] == f"{readme}: 5 edits to take in (dry run: nothing written) · {survey_catalog}"
    assert readme.read_text(encoding="utf-8") == text

    res = vla("sync", str(readme), "--offline", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    out = res.stdout.splitlines()
    assert "changed 2508.19958 venue: arXiv → CoRL" in out
    assert "untagged 2410.05273 from hierarchical-systems" in out
    assert "tagged 2410.05273 in layer-pruning" in out
    assert "added without-an-id (new, from the row) in layer-pruning" in out
    assert any(line.startswith("changed 2406.04339 title: RoboMamba: Efficient") for line in out)
    assert out[-1] == f"{readme}: 5 edits taken in; sections rewritten · {survey_catalog}"

    cat = Catalog(survey_catalog)
    assert cat.get("2508.19958").venue == "CoRL"
    assert cat.get("2406.04339").title == "RoboMamba: Renamed"
    assert cat.get("2410.05273").categories == ["layer-pruning"]
    new = cat.get("without-an-id")
    assert (new.venue, new.year, new.url, new.code) == ("ICML", 2025, "https://example.org/paper",
                                                         "https://github.com/a/b")
    assert sorted(rows(readme.read_text(encoding="utf-8"))) == sorted(rows(text))
    assert readme.read_text(encoding="utf-8").startswith("# My survey\n\nSome prose.\n")

    again = vla("sync", str(readme), "-C", str(survey_catalog))
    assert again.stdout.splitlines() == [f"{readme}: 0 edits taken in; sections already up to date · {survey_catalog}"]
    lint = vla("lint", "--readme", str(readme), "-C", str(survey_catalog))
    assert "stale-readme" not in lint.stdout and "edited-readme" not in lint.stdout


def test_catalog_changes_since_the_export_are_not_undone(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    """A paper tagged (or a field set) after the README was written is not an edit of the README:
    a sync keeps it, and writes it into the tables."""
    readme = exported_readme(vla, survey_catalog, tmp_path)
    assert vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog)).exit_code == 0
    assert vla("set", "2506.01844", "--venue", "NeurIPS", "-C", str(survey_catalog)).exit_code == 0
    res = vla("sync", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [f"{readme}: 0 edits taken in; sections rewritten · {survey_catalog}"]
    smol = Catalog(survey_catalog).get("2506.01844")
    assert "quantization" in smol.categories and smol.venue == "NeurIPS"
    assert re.search(r"\| NeurIPS \| \[SmolVLA[^\n]*\n", readme.read_text(encoding="utf-8"))


def test_without_a_record_missing_rows_untag_nothing(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    readme = exported_readme(vla, survey_catalog, tmp_path)
    (survey_catalog / "readme-base.toml").unlink()
    text = readme.read_text(encoding="utf-8")
    hirt = next(line for line in text.splitlines() if "abs/2410.05273" in line)
    readme.write_text(text.replace(hirt + "\n", ""), encoding="utf-8")
    res = vla("sync", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert any("no record of what vla last wrote" in line for line in res.stdout.splitlines())
    assert Catalog(survey_catalog).get("2410.05273").categories == ["hierarchical-systems"]


def test_lint_tells_a_contributor_to_sync(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    readme = exported_readme(vla, survey_catalog, tmp_path)
    readme.write_text(edit_row(readme.read_text(encoding="utf-8"), "2508.19958", 1, "CoRL"), encoding="utf-8")
    res = vla("lint", "--readme", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 1
    [finding] = [line for line in res.stdout.splitlines() if "[edited-readme]" in line]
    assert "run 'vla sync" in finding and "2508.19958 (venue)" in finding


VENUES = st.sampled_from(["CoRL", "ICRA", "NeurIPS", "RSS", "arXiv", "IROS"])
TITLES = st.text(st.sampled_from("abcdefghij XYZ-:"), min_size=3, max_size=30).map(lambda t: " ".join(t.split()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 200), st.sampled_from(["year", "venue", "title"]),
                                st.integers(2019, 2026), VENUES, TITLES), min_size=1, max_size=6))
def test_export_edit_sync_export_gives_the_edited_readme(vla: Invoke, survey_catalog: Path, tmp_path_factory: object,
                                                         edits: list[tuple[int, str, int, str, str]]) -> None:
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp())
    catalog = work / "catalog"
    shutil.copytree(survey_catalog, catalog)
    readme = exported_readme(vla, catalog, work)
    text = readme.read_text(encoding="utf-8")
    ids = sorted(set(re.findall(r"abs/(\d{4}\.\d{5})\)", text)))
    for pick, what, year, venue, title in edits:
        aid = ids[pick % len(ids)]
        if what == "year":
            text = edit_row(text, aid, 0, str(year))
        elif what == "venue":
            text = edit_row(text, aid, 1, venue)
        elif title.strip(" -:") and len(title.strip()) >= 3:
            text = re.sub(rf"\[[^\]]*\]\(https://arxiv\.org/abs/{re.escape(aid)}\)",
                          f"[{title.strip()}](https://arxiv.org/abs/{aid})", text)
    readme.write_text(text, encoding="utf-8")
    res = vla("sync", str(readme), "--offline", "-C", str(catalog))
    assert res.exit_code == 0, res.output
    assert sorted(rows(readme.read_text(encoding="utf-8"))) == sorted(rows(text))
    again = vla("export", "markdown", "-C", str(catalog))
    assert sorted(rows(again.stdout)) == sorted(rows(text))
    shutil.rmtree(work)


def test_a_new_row_arxiv_cannot_give_is_made_from_the_row_with_one_note(
        vla: Invoke, survey_catalog: Path, tmp_path: Path, server: ArxivReplay) -> None:
    readme = exported_readme(vla, survey_catalog, tmp_path)
    pruning = ("##### Layer Pruning\n\n| Year | Venue | Paper | Website | Code |\n"
               "|------|-------|-------|---------|------|\n")
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace(pruning, pruning + "| 2025 | arXiv | [A New One](https://arxiv.org/abs/2501.12345)"
                                                      " | - | - |\n"), encoding="utf-8")
    server.script(404)
    res = vla("sync", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert f"note: arXiv answered HTTP 404 for {server.url}; made from the README's rows instead: 2501.12345" \
        in res.stdout.splitlines()
    assert Catalog(survey_catalog).get("2501.12345").title == "A New One"


def test_the_readme_example(vla: Invoke, survey_catalog: Path, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's `vla sync` example, in a survey's repository: a venue edited, HiRT's row moved
    from Hierarchical Systems to the end of Layer Pruning's table; the output as the README shows it."""
    block = re.search(r"```console\n\$ vla sync README\.md\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    assert block is not None
    repo = tmp_path / "repo"
    repo.mkdir()
    survey_catalog.rename(repo / "catalog")
    monkeypatch.chdir(repo)
    readme = exported_readme(vla, repo / "catalog", repo)
    text = edit_row(readme.read_text(encoding="utf-8"), "2508.19958", 1, "CoRL")
    hirt = next(line for line in text.splitlines() if "abs/2410.05273" in line)
    fast = next(line for line in text.splitlines() if "abs/2501.09747" in line)  # Layer Pruning's one row
    text = text.replace(hirt + "\n", "", 1).replace(fast + "\n", fast + "\n" + hirt + "\n")
    readme.write_text(text, encoding="utf-8")
    res = vla("sync", "README.md")
    assert res.exit_code == 0, res.output
    assert res.stdout == block.group(1)
