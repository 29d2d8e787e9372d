"""Races of issue 11, each reproduced exactly: one vla process is held at a named pause point
(``VLA_TEST_PAUSE``, see ``paused.py``) while another acts, then let go. No sleeps, no luck."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tools
from arxiv_server import ArxivReplay
from conftest import Invoke, numbered_bib
from paused import Held
from tools import requires

from vlacli import Catalog, Paper


def keys(stdout: str) -> list[str]:
    return stdout.split()


def survey_keys(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "papers").glob("*.toml"))


# -- 1. a reader while a paper is removed --------------------------------------------------------

@pytest.mark.parametrize("point", ["index.listed", "index.stated"])
def test_a_reader_skips_a_file_removed_while_it_reads(vla: Invoke, survey_catalog: Path, tmp_path: Path,
                                                      point: str) -> None:
    """Removed between the listing and its stat: the whole catalog came back empty. Between the
    stat and the read: a traceback. Now the file is simply not there."""
    want = [k for k in survey_keys(survey_catalog) if k != "minivla"]
    with Held(["list", "-C", str(survey_catalog), "-f", "ids"], point, tmp_path) as reader:
        assert vla("remove", "minivla", "--yes", "-C", str(survey_catalog)).exit_code == 0
        done = reader.release()
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(keys(done.stdout)) == want


def test_a_reader_sees_a_paper_re_filed_while_it_reads(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    """Its old file vanished after the listing: the folder is listed again, the paper is seen under its new key."""
    with Held(["list", "-C", str(survey_catalog), "-f", "ids"], "index.listed", tmp_path) as reader:
        assert vla("set", "minivla", "--arxiv", "2410.99999", "-C", str(survey_catalog)).exit_code == 0
        done = reader.release()
    assert (done.returncode, done.stderr) == (0, "")
    assert "2410.99999" in keys(done.stdout) and "minivla" not in keys(done.stdout)
    assert len(keys(done.stdout)) == 58


def test_export_in_place_during_a_remove_keeps_the_readme(vla: Invoke, survey_catalog: Path,
                                                          tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Papers\n\n<!-- vla:begin -->\n<!-- vla:end -->\n")
    assert vla("export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog)).exit_code == 0
    before = readme.read_text()
    assert "SmolVLA" in before and "MiniVLA" in before
    with Held(["export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog)], "index.listed",
              tmp_path) as writer:
        assert vla("remove", "minivla", "--yes", "-C", str(survey_catalog)).exit_code == 0
        done = writer.release()
    assert done.returncode == 0, done.stderr
    after = readme.read_text()
    assert "SmolVLA" in after and "MiniVLA" not in after  # one row less, never an empty section
    assert vla("export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog)).stderr.endswith(
        "already up to date\n")


# -- 2. read-modify-writes re-read under the lock ------------------------------------------------

def test_a_tag_landing_during_an_import_is_kept(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    bib = tmp_path / "more.bib"
    bib.write_text("@article{smol, title={SmolVLA: A Vision-Language-Action Model for Affordable and Efficient "
                   "Robotics}, eprint={2506.01844}, doi={10.1234/smolvla}}\n")
    path = survey_catalog / "papers" / "2506.01844.toml"
    assert "quantization" not in tomllib.loads(path.read_text())["categories"]
    with Held(["import", "bibtex", str(bib), "--merge", "-C", str(survey_catalog)], "catalog.lock",
              tmp_path) as importer:
        res = vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog))
        assert res.stdout.startswith("2506.01844: tagged quantization")
        done = importer.release()
    assert done.returncode == 0, done.stderr
    data = tomllib.loads(path.read_text())
    assert "quantization" in data["categories"] and data["doi"] == "10.1234/smolvla"


MD = """# Reading list

## {heading}

* **{name}**: "{name}: {title}", *CoRL 2024*. [[Paper](https://arxiv.org/abs/{arxiv})]
"""


def test_two_imports_creating_categories_at_once_keep_both(vla: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    assert vla("init", str(root)).exit_code == 0
    alpha, beta = tmp_path / "alpha.md", tmp_path / "beta.md"
    alpha.write_text(MD.format(heading="Alpha Methods", name="AlphaVLA", title="Fast robots", arxiv="2401.00001"))
    beta.write_text(MD.format(heading="Beta Methods", name="BetaVLA", title="Slow robots", arxiv="2401.00002"))
    with Held(["import", "markdown", str(alpha), "--create-categories", "-C", str(root)], "catalog.lock",
              tmp_path) as first:
        assert vla("import", "markdown", str(beta), "--create-categories", "-C", str(root)).exit_code == 0
        done = first.release()
    assert done.returncode == 0, done.stderr
    cat = Catalog(root)
    assert {c.slug for c in cat.taxonomy} >= {"alpha-methods", "beta-methods"}
    assert cat.get("2401.00001").categories == ["alpha-methods"]
    assert cat.get("2401.00002").categories == ["beta-methods"]
    assert vla("lint", "-C", str(root)).exit_code == 0


# -- 3. two `vla add` of one ID ------------------------------------------------------------------

def test_two_adds_of_one_id_keep_both_categories(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                                 tmp_path: Path) -> None:
    """The second found no paper when it looked, fetched it, and found it filed when it came to write:
    it failed with "no paper '1605.08386' in the catalog" and its category was lost."""
    env = {"VLA_ARXIV_URL": server.url, "VLA_CACHE_DIR": str(tmp_path / "cache-second")}
    with Held(["add", "1605.08386", "--category", "quantization", "-C", str(empty_catalog)], "catalog.lock",
              tmp_path, env=env) as second:
        first = vla("add", "1605.08386", "--category", "token-optimization", "-C", str(empty_catalog))
        assert first.exit_code == 0, first.output
        done = second.release()
    assert done.returncode == 0, done.stderr
    assert "no paper" not in done.stderr
    categories = Catalog(empty_catalog).get("1605.08386").categories
    assert sorted(categories) == ["quantization", "token-optimization"]


# -- 5. a multi-file change killed half-way ------------------------------------------------------

@pytest.mark.parametrize("point", ["catalog.wrote", "commit.journaled"])
def test_a_paper_re_filed_under_its_arxiv_id_is_re_filed_and_filled_as_one_change(
        vla: Invoke, empty_catalog: Path, server: ArxivReplay, tmp_path: Path, point: str) -> None:
    """`vla resolve --apply` (and `vla add` or `vla accept` of a paper filed without an ID) re-filed the
    paper, then filled in arXiv's fields, as two changes: killed between them, the paper sat under its
    arXiv ID with no arXiv field and no authors, `vla refresh` skipped it and `vla add ID` called it
    present. Now the next writer finishes the whole change."""
    title = "testing deep learning models: a first comparative study of multiple testing techniques"
    Catalog.open(empty_catalog).add(Paper(key="dl-testing", title=title, venue="ICSTW", year=2022,
                                          categories=["quantization"]))
    with Held(["resolve", "--apply", "dl-testing", "-C", str(empty_catalog)], point, tmp_path,
              env={"VLA_ARXIV_URL": server.url}) as resolver:
        resolver.kill()
    assert vla("tag", "dl-testing", "layer-pruning", "-C", str(empty_catalog)).exit_code == 0  # finishes it
    data = tomllib.loads((empty_catalog / "papers" / "2202.12139.toml").read_text())
    assert data["arxiv"] == "2202.12139" and data["previous_keys"] == ["dl-testing"]
    assert data["authors"] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert (data["title"], data["venue"], data["year"]) == (title, "ICSTW", 2022)
    assert data["categories"] == ["quantization", "layer-pruning"]
    assert not (empty_catalog / "papers" / "dl-testing.toml").exists()
    assert vla("lint", "-C", str(empty_catalog)).exit_code == 0


@pytest.mark.parametrize("point", ["catalog.wrote", "commit.journaled"])
def test_set_arxiv_killed_between_its_writes_is_finished_by_a_rerun(vla: Invoke, survey_catalog: Path,
                                                                     tmp_path: Path, point: str) -> None:
    cmd = ["set", "minivla", "--arxiv", "2410.99999", "--venue", "CoRL 2025", "-C", str(survey_catalog)]
    with Held(cmd, point, tmp_path) as setter:
        setter.kill()
    lint = vla("lint", "-C", str(survey_catalog))
    assert lint.exit_code == 1
    assert (".vla.pending: error: an interrupted change (re-filing 'minivla' as '2410.99999'): the next vla "
            "command that writes finishes it [interrupted]") in lint.stdout
    again = vla(*cmd)
    assert again.exit_code == 0, again.output
    assert "minivla" not in survey_keys(survey_catalog)
    data = tomllib.loads((survey_catalog / "papers" / "2410.99999.toml").read_text())
    assert data["arxiv"] == "2410.99999" and data["venue"] == "CoRL 2025" and data["title"].startswith("MiniVLA")
    assert vla("lint", "-C", str(survey_catalog)).exit_code == 0
    assert not list(survey_catalog.rglob("*.tmp")) and not (survey_catalog / ".vla.pending").exists()


def test_set_arxiv_run_again_after_another_writer_finished_it_succeeds(vla: Invoke, survey_catalog: Path,
                                                                      tmp_path: Path) -> None:
    cmd = ["set", "minivla", "--arxiv", "2410.99999", "--venue", "CoRL 2025", "-C", str(survey_catalog)]
    with Held(cmd, "commit.journaled", tmp_path) as setter:
        setter.kill()
    assert vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog)).exit_code == 0  # finishes it
    again = vla(*cmd)
    assert again.exit_code == 0
    assert again.stdout.startswith("2410.99999: already filed under arXiv 2410.99999; set venue='CoRL 2025'")
    assert vla(*cmd).exit_code == 0  # and again: it is done, and says so
    assert vla("show", "minivla", "-C", str(survey_catalog), "--json").exit_code == 0  # the old key still finds it
    data = tomllib.loads((survey_catalog / "papers" / "2410.99999.toml").read_text())
    assert data["previous_keys"] == ["minivla"]


def test_any_writer_finishes_an_interrupted_change(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    with Held(["set", "minivla", "--arxiv", "2410.99999", "-C", str(survey_catalog)], "commit.journaled",
              tmp_path) as setter:
        setter.kill()
    listing = vla("list", "-C", str(survey_catalog), "-f", "ids")  # a reader warns
    assert "an interrupted change (re-filing 'minivla' as '2410.99999')" in listing.stderr
    assert vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog)).exit_code == 0
    assert "minivla" not in survey_keys(survey_catalog) and "2410.99999" in survey_keys(survey_catalog)
    assert vla("lint", "-C", str(survey_catalog)).exit_code == 0


def test_an_import_killed_while_renaming_is_finished_whole(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    bib = numbered_bib(tmp_path / "refs.bib", 30)
    with Held(["import", "bibtex", str(bib), "--category", "quantization", "-C", str(empty_catalog)],
              "commit.journaled", tmp_path) as importer:
        importer.kill()
    assert survey_keys(empty_catalog) == []  # nothing in place yet: the papers wait in temp files
    assert vla("lint", "-C", str(empty_catalog)).exit_code == 1
    assert vla("tag", "2401.00001", "token-optimization", "-C", str(empty_catalog)).exit_code == 0  # finishes it
    assert len(survey_keys(empty_catalog)) == 30
    assert not list(empty_catalog.rglob("*.tmp"))
    assert vla("lint", "-C", str(empty_catalog)).exit_code == 0


# -- 6. temp files of killed writes --------------------------------------------------------------

def test_temp_files_of_a_killed_write_are_removed_by_the_next_writer_and_a_live_process_s_kept(
        vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    """Killed with its new files written to temp files and no journal yet: the import did nothing, and
    the next writer deletes its 300 temp files (not the temp file of a process still running)."""
    import subprocess
    import sys

    bib = numbered_bib(tmp_path / "refs.bib", 300)
    with Held(["import", "bibtex", str(bib), "--category", "quantization", "-C", str(empty_catalog)],
              "commit.temps", tmp_path) as importer:
        importer.kill()
    papers = empty_catalog / "papers"
    assert len(list(papers.glob(".*.tmp"))) == 300 and survey_keys(empty_catalog) == []
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        theirs = papers / f".2401.99999.toml.{live.pid}.0.tmp"
        theirs.write_text("being written")
        assert vla("list", "-C", str(empty_catalog)).exit_code == 0  # a reader deletes nothing
        assert len(list(papers.glob(".*.tmp"))) == 301
        assert vla("import", "bibtex", str(bib), "-C", str(empty_catalog), "-q").exit_code == 0
        assert [p.name for p in papers.glob(".*.tmp")] == [theirs.name]
        assert len(survey_keys(empty_catalog)) == 300
    finally:
        live.communicate(b"")
    assert not (empty_catalog / ".vla.writing").exists()


@requires("git")
def test_git_ignores_the_lock_the_journal_and_temp_files(vla: Invoke, tmp_path: Path) -> None:
    import subprocess

    git = tools.path("git")
    assert git is not None
    root = tmp_path / "repo" / "catalog"
    assert vla("init", str(root)).exit_code == 0
    subprocess.run([git, "init", "-q", str(root.parent)], check=True)
    names = ["catalog/.vla.lock", "catalog/.vla.writing", "catalog/.vla.pending",
             "catalog/papers/.2401.00001.toml.123.0.tmp", "catalog/.taxonomy.toml.123.4.tmp"]
    res = subprocess.run([git, "check-ignore", *names], cwd=root.parent, capture_output=True, text=True, check=False)
    assert res.stdout.split() == names
    here = Path(__file__).resolve().parents[1]  # this repository's own .gitignore, for its bundled catalog
    res = subprocess.run([git, "check-ignore", "catalog/papers/.2506.01844.toml.1.0.tmp", "catalog/.vla.pending"],
                         cwd=here, capture_output=True, text=True, check=False)
    assert res.stdout.split() == ["catalog/papers/.2506.01844.toml.1.0.tmp", "catalog/.vla.pending"]
