"""`vla sync`: rows people added, changed or deleted in a README's generated tables come back into
the catalog; what changed in the catalog since vla wrote the tables is kept; twice changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from arxiv_server import ArxivReplay
from conftest import Invoke, page
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


BAD_RECORDS = {
    "readme = 1": "'readme' must be a table of tables ([readme.\"PATH\"], one a README)",
    'readme = {"README.md" = 3}': "[readme.\"README.md\"] must be a table",
    '[readme."README.md"]\nsections = 5': "[readme.\"README.md\"]: 'sections' must be a list of strings",
    '[readme."README.md"]\nsections = [1]': "[readme.\"README.md\"]: 'sections' must be a list of strings",
}


def test_a_record_that_is_not_what_vla_writes_is_one_line(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    """readme-base.toml is committed and can be edited or merged badly: every command that reads it
    says which file and what is wrong, in one line, and writes nothing."""
    readme = exported_readme(vla, survey_catalog, tmp_path)
    record = survey_catalog / "readme-base.toml"
    before = readme.read_text(encoding="utf-8")
    for text, why in BAD_RECORDS.items():
        record.write_text(text + "\n", encoding="utf-8")
        for args in (["sync", str(readme), "--offline"], ["export", "markdown", "--in-place", str(readme)],
                     ["lint", "--readme", str(readme)]):
            res = vla(*args, "-C", str(survey_catalog))
            assert res.exit_code == 1, (text, args, res.output)
            assert res.stderr == f"error: {record}: {why} (delete it: the next 'vla export markdown --in-place' " \
                                 "writes it anew)\n", (text, args)
        assert record.read_text(encoding="utf-8") == text + "\n"
        assert readme.read_text(encoding="utf-8") == before


def section_readme(vla: Invoke, catalog: Path, folder: Path, marker: str) -> Path:
    readme = folder / "README.md"
    readme.write_text(f"# My survey\n\n{marker}\n<!-- vla:end -->\n", encoding="utf-8")
    res = vla("export", "markdown", "--in-place", str(readme), "-C", str(catalog))
    assert res.exit_code == 0, res.output
    return readme


def test_a_section_whose_marker_now_selects_other_papers_untags_nothing(vla: Invoke, survey_catalog: Path,
                                                                         tmp_path: Path) -> None:
    """The record says which papers vla wrote under the filters of that time: a person who points the
    section at another category (and empties it for vla to fill) deleted no rows."""
    readme = section_readme(vla, survey_catalog, tmp_path, "<!-- vla:begin --category quantization -->")
    filed = [p.key for p in Catalog(survey_catalog).papers() if "quantization" in p.categories]
    assert filed
    readme.write_text("# My survey\n\n<!-- vla:begin --category layer-pruning -->\n<!-- vla:end -->\n",
                      encoding="utf-8")
    lint = vla("lint", "--readme", str(readme), "-C", str(survey_catalog))
    assert "edited-readme" not in lint.stdout and "stale-readme" in lint.stdout
    res = vla("sync", str(readme), "--offline", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert f"note: {readme}:3: the section's marker selects other papers than when vla wrote it; compared " \
           "with the catalog" in res.stdout.splitlines()
    assert not any(line.startswith("untagged") for line in res.stdout.splitlines())
    assert [p.key for p in Catalog(survey_catalog).papers() if "quantization" in p.categories] == filed
    again = vla("sync", str(readme), "-C", str(survey_catalog))
    assert again.stdout.splitlines() == [f"{readme}: 0 edits taken in; sections already up to date · {survey_catalog}"]


def test_a_renamed_category_keeps_its_sections_record(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    """`vla category rename` rewrites the marker; the section still selects the same papers, so a row
    deleted afterwards still untags its paper."""
    readme = section_readme(vla, survey_catalog, tmp_path, "<!-- vla:begin --category layer-pruning -->")
    res = vla("category", "rename", "layer-pruning", "--slug", "pruned-layers", "--readme", str(readme),
              "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert "<!-- vla:begin --category pruned-layers -->" in readme.read_text(encoding="utf-8")
    text = readme.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "arxiv.org/abs/" in line)
    key = re.search(r"abs/([0-9.]+)\)", row)[1]  # type: ignore[index]
    readme.write_text(text.replace(row + "\n", ""), encoding="utf-8")
    res = vla("sync", str(readme), "--offline", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert f"untagged {key} from pruned-layers" in " ".join(res.stdout.splitlines())
    assert "pruned-layers" not in Catalog(survey_catalog).get(key).categories


def test_a_sync_keeps_the_abstracts_of_the_papers_it_changes(vla: Invoke, survey_catalog: Path,
                                                              tmp_path: Path) -> None:
    """A row without an arXiv ID is looked up among the papers read without their abstracts; a paper
    changed after that was taken from that read and written back without its abstract."""
    readme = exported_readme(vla, survey_catalog, tmp_path)
    abstracts = {p.key: p.abstract for p in Catalog(survey_catalog).papers()}
    assert abstracts["2506.01844"]
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    mini = next(i for i, line in enumerate(lines) if "[MiniVLA" in line)
    smol = next(i for i, line in enumerate(lines) if i > mini and "abs/2506.01844" in line)
    lines[mini] = lines[mini].replace("| 2025 | arXiv |", "| 2025 | CoRL |")
    lines[smol] = lines[smol].replace("| 2025 | arXiv |", "| 2025 | NeurIPS |")
    readme.write_text("".join(lines), encoding="utf-8")
    res = vla("sync", str(readme), "--offline", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[:2] == ["changed minivla venue: arXiv → CoRL",
                                           "changed 2506.01844 venue: arXiv → NeurIPS"]
    after = {p.key: p.abstract for p in Catalog(survey_catalog).papers()}
    assert after == abstracts


def test_find_gives_the_whole_paper_after_a_read_without_abstracts(survey_catalog: Path) -> None:
    cat = Catalog(survey_catalog)
    assert all(p.abstract is None for p in cat.papers(abstracts=False))
    assert cat.find("2506.01844").abstract  # type: ignore[union-attr]
    assert cat.get("https://arxiv.org/abs/2312.01990v2").abstract


def test_a_record_linked_out_of_the_catalog_is_never_written(vla: Invoke, survey_catalog: Path,
                                                               tmp_path: Path) -> None:
    """A cloned repository can carry a link: the record is written like every catalog file, never
    through a link that leads out of the catalog, and the README is left alone."""
    outside = tmp_path / "outside.toml"
    outside.write_text("", encoding="utf-8")
    link = survey_catalog / "readme-base.toml"
    link.symlink_to(outside)
    readme = tmp_path / "README.md"
    readme.write_text(HEAD, encoding="utf-8")
    res = vla("export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog))
    assert (res.exit_code, res.stderr) == (1, f"error: {link} is a symbolic link to {outside}: it leads out of the "
                                              "catalog (vla does not write through it; put the file itself in its "
                                              "place)\n")
    assert outside.read_text(encoding="utf-8") == "" and readme.read_text(encoding="utf-8") == HEAD
    edited = HEAD.replace("<!-- vla:end -->", "| 2025 | CoRL | [A New Paper](https://example.org/new) | - | - |\n"
                                              "<!-- vla:end -->")
    readme.write_text(edited, encoding="utf-8")
    before = sorted(p.name for p in (survey_catalog / "papers").iterdir())
    res = vla("sync", str(readme), "--offline", "-C", str(survey_catalog))
    assert res.exit_code == 1 and res.stderr.startswith(f"error: {link} is a symbolic link to {outside}")
    assert sorted(p.name for p in (survey_catalog / "papers").iterdir()) == before
    assert outside.read_text(encoding="utf-8") == "" and readme.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(("broken", "why"), [
    (lambda row: "| 2025 | arXiv | - |" + row.split(") |", 1)[1], "a table row with no title"),
    (lambda row: row.replace("(https://arxiv.org/abs/2506.12723)", "(https://arxiv.org/abs/2506.12723"),
     "a Paper cell with an address that is not a link vla can read"),
])
def test_a_row_vla_cannot_read_stops_the_sync(vla: Invoke, survey_catalog: Path, tmp_path: Path,
                                              broken: Callable[[str], str], why: str) -> None:
    """A row the reader cannot read is no deleted row: sync untagged its paper (and, for a link with
    its parenthesis missing, filed a second paper titled with the broken Markdown). Now nothing is
    taken in, and the error names the line."""
    readme = section_readme(vla, survey_catalog, tmp_path, "<!-- vla:begin --category quantization -->")
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "abs/2506.12723" in line)
    lines[n] = broken(lines[n])
    readme.write_text("".join(lines), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (survey_catalog / "papers").iterdir()}
    for args in (["--dry-run"], ["--offline"]):
        res = vla("sync", str(readme), *args, "-C", str(survey_catalog))
        assert res.exit_code == 1, res.output
        assert res.stderr.startswith(f"error: {readme}:{n + 1}: {why}: "), res.stderr
        assert res.stderr.endswith("(fix the row or delete it, then run 'vla sync' again)\n")
    assert {p.name: p.read_bytes() for p in (survey_catalog / "papers").iterdir()} == before
    assert readme.read_text(encoding="utf-8") == "".join(lines)


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
    """The guide's `vla sync` example (docs/guides/sync.md), in a survey's repository: a venue edited, HiRT's
    row moved from Hierarchical Systems to the end of Layer Pruning's table; the output as the guide shows it."""
    block = re.search(r"```console\n\$ vla sync README\.md\n(.*?)```", page("guides/sync.md"), re.S)
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
