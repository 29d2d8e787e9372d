"""vla list/show/categories/init/tag/untag/set/remove, catalog discovery and safety."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import BUNDLED, TAXONOMY, Invoke

from vlacli import Catalog
from vlacli.errors import CatalogFormatError, PaperNotFound, ReadOnlyCatalog


# -- list ------------------------------------------------------------------------------------
def test_list_bundled_survey(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("list", "--catalog", str(survey_catalog))
    assert res.exit_code == 0
    lines = res.stdout.splitlines()  # not a terminal: tab-separated, one line a paper
    assert len(lines) == 58
    assert (
        "2025\tarXiv\tSmolVLA: A Vision-Language-Action Model for Affordable and Efficient Robotics\t"
        "lightweight-component,internet-scale-and-cross-domain-data-utilization\t2506.01844"
    ) in lines
    table = vla("list", "--catalog", str(survey_catalog), "--format", "table")
    assert "58 papers" in table.stdout and "SmolVLA" in table.stdout


def test_list_quantization_is_exactly_the_seed_section(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("list", "-C", str(survey_catalog), "--category", "quantization", "--format", "ids")
    assert res.stdout.split() == ["2506.12723"]


def test_list_pillar_includes_its_nine_leaves(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("list", "-C", str(survey_catalog), "--category", "efficient-model-design", "--format", "ids")
    got = set(res.stdout.split())
    cat = Catalog(survey_catalog)
    leaves = [s for s in cat.taxonomy.subtree("efficient-model-design") if cat.taxonomy.is_leaf(s)]
    assert len(leaves) == 9
    expected = {p.key for p in cat.papers() if set(p.categories) & set(leaves)}
    assert got == expected and len(got) == 35


def test_list_json_and_csv(vla: Invoke, survey_catalog: Path) -> None:
    data = json.loads(vla("list", "-C", str(survey_catalog), "--format", "json").stdout)
    assert len(data) == 58
    assert list(data[0])[:3] == ["key", "link", "arxiv"]
    rows = list(csv.DictReader(io.StringIO(vla("list", "-C", str(survey_catalog), "-f", "csv").stdout)))
    assert len(rows) == 58 and rows[0]["key"]


def test_list_filters_and_sort(vla: Invoke, survey_catalog: Path) -> None:
    ids = vla("list", "-C", str(survey_catalog), "--year", "2024", "-f", "ids").stdout.split()
    cat = Catalog(survey_catalog)
    assert set(ids) == {p.key for p in cat.papers() if p.year == 2024}
    assert vla("list", "-C", str(survey_catalog), "--venue", "rss", "-f", "ids").stdout.split() == ["2411.00508"]
    assert vla("list", "-C", str(survey_catalog), "--search", "SMOLVLA", "-f", "ids").stdout.split() == ["2506.01844"]
    titles = json.loads(vla("list", "-C", str(survey_catalog), "--sort", "title", "-f", "json").stdout)
    assert [t["title"].casefold() for t in titles] == sorted(t["title"].casefold() for t in titles)
    rev = vla("list", "-C", str(survey_catalog), "--sort", "year", "--reverse", "-f", "ids").stdout.split()
    assert rev == vla("list", "-C", str(survey_catalog), "--sort", "year", "-f", "ids").stdout.split()[::-1]


def test_list_bad_filters(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("list", "-C", str(survey_catalog), "--category", "quantisation-typo")
    assert res.exit_code == 1
    assert res.stderr == "error: unknown category 'quantisation-typo' (closest: quantization)\n"
    # A value of the wrong form is a usage error, by the same rule a README marker's value is checked with.
    res = vla("list", "-C", str(survey_catalog), "--year", "soon")
    assert res.exit_code == 2
    assert res.stderr == "error: Invalid value for '--year' / '-y': year 'soon' is not a year or a range like " \
                         "2023-2025 (see 'vla list --help')\n"
    res = vla("list", "-C", str(survey_catalog), "--sort", "colour")
    assert res.exit_code == 2
    assert res.stderr == "error: Invalid value for '--sort': unknown sort 'colour' (one of: year, title, venue, key, " \
                         "updated, citations) (see 'vla list --help')\n"
    res = vla("stats", "-C", str(survey_catalog), "--year", "2025-2023")
    assert res.exit_code == 2 and "ends before it starts" in res.stderr
    res = vla("list", "-C", str(survey_catalog), "--category", "efficient")
    assert res.exit_code == 1 and "ambiguous category 'efficient'" in res.stderr


# -- show and categories --------------------------------------------------------------------------
def test_show_any_id_form(vla: Invoke, survey_catalog: Path) -> None:
    for ref in ("2506.01844", "arXiv:2506.01844v1", "https://arxiv.org/pdf/2506.01844v2.pdf"):
        res = vla("show", ref, "-C", str(survey_catalog))
        assert res.exit_code == 0, res.stderr
        assert "SmolVLA" in res.stdout and "https://arxiv.org/abs/2506.01844" in res.stdout
        assert "https://huggingface.co/blog/smolvla" in res.stdout


def test_show_unknown_paper(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("show", "2506.01845", "-C", str(survey_catalog))
    assert res.exit_code == 1
    assert res.stderr.startswith("error: no paper '2506.01845' in the catalog")
    assert "2506.01844" in res.stderr  # the closest keys


def test_a_title_given_for_a_key_names_the_papers_it_is_in(vla: Invoke, survey_catalog: Path) -> None:
    """`vla show SmolVLA`, a first guess, names the key to use; words in no title say nothing more."""
    res = vla("show", "SmolVLA", "-C", str(survey_catalog))
    assert res.exit_code == 1 and res.stderr == (
        "error: no paper 'SmolVLA' in the catalog ('SmolVLA' is in the title of 2506.01844: name a paper by "
        "its key, arXiv ID or citation key)\n")
    res = vla("tag", "efficient", "quantization", "-C", str(survey_catalog))
    assert res.exit_code == 1 and "'efficient' is in the title of 2406.04339, 2409.12514, 2410.08001, …:" in res.stderr
    res = vla("show", "xyzzy", "-C", str(survey_catalog))
    assert res.stderr == "error: no paper 'xyzzy' in the catalog\n"


def test_show_json(vla: Invoke, survey_catalog: Path) -> None:
    rec = json.loads(vla("show", "minivla", "--json", "-C", str(survey_catalog)).stdout)
    assert rec["link"] == "https://ai.stanford.edu/blog/minivla/"


def test_categories_tree_with_counts(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("categories", "-C", str(survey_catalog))
    assert res.exit_code == 0
    lines = res.stdout.splitlines()  # not a terminal: slug, name, parent, papers; tab-separated
    assert "quantization\tQuantization\tmodel-compression\t1" in lines
    assert "efficient-model-design\tEfficient Model Design\t\t35" in lines
    assert len(lines) == 26


# -- init and discovery ---------------------------------------------------------------------------
def test_init_and_discovery(vla: Invoke, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    res = vla("init", "--taxonomy", str(TAXONOMY))
    assert res.exit_code == 0 and "created catalog ./catalog (26 categories)" in res.stdout
    sub = isolated / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert Catalog.open().root.resolve() == (isolated / "catalog").resolve()
    other = isolated / "other"
    assert vla("init", str(other)).exit_code == 0
    monkeypatch.setenv("VLA_CATALOG", str(other))
    assert Catalog.open().root == other
    assert Catalog.open(isolated / "catalog").root == isolated / "catalog"  # --catalog wins


def test_init_twice_is_an_error(vla: Invoke, empty_catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    res = vla("init", str(empty_catalog))
    assert res.exit_code == 1 and "exists already (taxonomy.toml is there)" in res.stderr
    monkeypatch.chdir(empty_catalog.parent)  # named as every command names it, not 'cat already holds a catalog'
    res = vla("init", empty_catalog.name)
    assert res.stderr == f"error: catalog ./{empty_catalog.name} exists already (taxonomy.toml is there)\n"


def test_missing_catalog_dir(vla: Invoke, isolated: Path) -> None:
    res = vla("list", "--catalog", str(isolated / "nope"))
    assert res.exit_code == 1
    assert "catalog" in res.stderr and "does not exist" in res.stderr and "vla init" in res.stderr


def test_catalog_option_naming_the_repository_points_to_its_catalog(vla: Invoke, isolated: Path) -> None:
    """`vla -C repo list` in a survey's repository names its catalog/, rather than telling the user
    to make a second catalog in the repository's root with 'vla init repo'."""
    repo = isolated / "repo"
    assert vla("init", str(repo / "catalog")).exit_code == 0
    for args in (("-C", str(repo), "list"), ("list", "-C", str(repo))):
        res = vla(*args)
        assert res.exit_code == 1 and res.stdout == ""
        assert res.stderr == (f"error: catalog {repo} is not a vla catalog (no taxonomy.toml) "
                              f"(its catalog/ is one: pass --catalog {repo / 'catalog'})\n")
    assert not (repo / "taxonomy.toml").exists()


def test_bundled_fallback_is_read_only(vla: Invoke, isolated: Path) -> None:
    cat = Catalog.open()
    assert cat.read_only and len(cat) == 58
    res = vla("tag", "2506.01844", "quantization")
    assert res.exit_code == 1
    assert "read-only" in res.stderr and "vla init" in res.stderr and "--catalog" in res.stderr
    with pytest.raises(ReadOnlyCatalog):
        cat.tag("2506.01844", ["quantization"])


# -- tag, untag, set, remove ----------------------------------------------------------------------
def test_tag_untag(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("tag", "2506.01844", "Quantization", "token", "-C", str(survey_catalog))
    assert res.exit_code == 0
    assert res.stdout == f"2506.01844: tagged quantization, token-optimization · {survey_catalog}\n"
    assert Catalog(survey_catalog).get("2506.01844").categories[-2:] == ["quantization", "token-optimization"]
    assert "already in" in vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog)).stdout
    res = vla("untag", "2506.01844", "quantization", "-C", str(survey_catalog))
    assert res.stdout == f"2506.01844: untagged quantization · {survey_catalog}\n"
    assert "quantization" not in Catalog(survey_catalog).get("2506.01844").categories
    # run twice, or with categories it is in and some it is not: each category is told
    res = vla("tag", "2506.01844", "quantization", "Token Optimization", "-C", str(survey_catalog))
    assert res.stdout == f"2506.01844: tagged quantization; already in token-optimization · {survey_catalog}\n"
    res = vla("untag", "2506.01844", "Quantization", "layer", "-C", str(survey_catalog))
    assert res.stdout == f"2506.01844: untagged quantization; not in layer-pruning · {survey_catalog}\n"
    res = vla("untag", "2506.01844", "quantization", "-C", str(survey_catalog))
    assert res.stdout == f"2506.01844: not in quantization · {survey_catalog}\n"


def test_tag_unknown_category_changes_nothing(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    before = path.read_bytes()
    res = vla("tag", "2506.01844", "quantisation-typo", "-C", str(survey_catalog))
    assert res.exit_code == 1
    assert res.stderr == "error: unknown category 'quantisation-typo' (closest: quantization)\n"
    assert path.read_bytes() == before


def test_tag_unknown_paper(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("tag", "9999.99999", "quantization", "-C", str(survey_catalog))
    assert res.exit_code == 1 and "no paper '9999.99999'" in res.stderr


def test_set_pins_and_validates(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("set", "2506.01844", "--venue", "CoRL", "--year", "2025", "-C", str(survey_catalog))
    assert res.exit_code == 0
    p = Catalog(survey_catalog).get("2506.01844")
    assert (p.venue, p.year) == ("CoRL", 2025) and p.pinned == ["venue", "year"]
    assert vla("set", "2506.01844", "--website", "ftp://x", "-C", str(survey_catalog)).exit_code == 1
    assert vla("set", "2506.01844", "-C", str(survey_catalog)).exit_code == 1
    res = vla("set", "2506.01844", "--code", "", "-C", str(survey_catalog))
    assert res.exit_code == 0 and Catalog(survey_catalog).get("2506.01844").code is None


TWO_CODE_LINKS = ("code = 'https://github.com/a/pret'\nlinks = ["
                  "{role = 'code', url = 'https://github.com/a/pret', label = '💻 Pret'}, "
                  "{role = 'code', url = 'https://github.com/a/ft', label = '💻 FT'}, "
                  "{role = 'website', url = 'https://a.github.io', label = 'Project'}]\n")


def test_set_code_makes_the_code_cell_that_one_link(vla: Invoke, survey_catalog: Path) -> None:
    """A cell of several links: `vla set --code ''` left them in `links`, out of sight, and a later
    `--code` equal to the first brought them all back; `--code URL` left the others there too."""
    path = survey_catalog / "papers" / "2312.01990.toml"
    path.write_text(path.read_text(encoding="utf-8") + TWO_CODE_LINKS, encoding="utf-8")
    assert vla("set", "2312.01990", "--code", "", "-C", str(survey_catalog)).exit_code == 0
    p = Catalog(survey_catalog).get("2312.01990")
    assert (p.code, p.cell_links("code")) == (None, [])
    assert p.links == [{"role": "website", "url": "https://a.github.io", "label": "Project"}]  # the other cell's
    assert vla("set", "2312.01990", "--code", "https://github.com/a/pret", "-C", str(survey_catalog)).exit_code == 0
    p = Catalog(survey_catalog).get("2312.01990")
    assert p.cell_links("code") == [("💻", "https://github.com/a/pret")]
    assert [link["role"] for link in p.links] == ["website"]
    path.write_text(path.read_text(encoding="utf-8").split("links = [")[0].replace(
        "code = 'https://github.com/a/pret'\n", "") + TWO_CODE_LINKS, encoding="utf-8")
    res = vla("add", "2312.01990", "--code", "https://github.com/a/other", "-C", str(survey_catalog))  # no fetch
    assert res.exit_code == 0, res.output
    p = Catalog(survey_catalog).get("2312.01990")
    assert p.cell_links("code") == [("💻", "https://github.com/a/other")]
    assert [link["role"] for link in p.links] == ["website"]


def test_set_arxiv_refiles_a_slug_paper(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("set", "minivla", "--arxiv", "arXiv:2401.00001", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.stderr
    assert res.stdout == f"minivla: re-filed under arXiv 2401.00001 · {survey_catalog}\n"
    assert not (survey_catalog / "papers" / "minivla.toml").exists()
    p = Catalog(survey_catalog).get("2401.00001")
    assert p.arxiv == "2401.00001" and p.title.startswith("MiniVLA")
    res = vla("set", "2401.00001", "--arxiv", "2506.01844", "-C", str(survey_catalog))
    assert res.exit_code == 1 and "already filed" in res.stderr
    res = vla("set", "2401.00001", "--venue", "CoRL", "--arxiv", "2401.00001v2", "-C", str(survey_catalog))
    assert res.stdout == f"2401.00001: already filed under arXiv 2401.00001; set venue='CoRL' · {survey_catalog}\n"


def test_remove(vla: Invoke, survey_catalog: Path) -> None:
    res = vla("remove", "minivla", "-C", str(survey_catalog))  # not a terminal, no --yes
    assert res.exit_code == 1
    assert res.stderr == "error: not removing minivla without a confirmation (pass --yes to remove it)\n"
    assert len(Catalog(survey_catalog)) == 58
    res = vla("remove", "minivla", "--yes", "-C", str(survey_catalog))
    assert res.exit_code == 0
    assert res.stdout == f"removed minivla: MiniVLA: A Better VLA with a Smaller Footprint · {survey_catalog}\n"
    assert len(Catalog(survey_catalog)) == 57
    assert vla("remove", "minivla", "--yes", "-C", str(survey_catalog)).exit_code == 1


def test_remove_asks_on_a_terminal(vla: Invoke, survey_catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vlacli.cli.commands import edit

    monkeypatch.setattr(edit, "stdin_is_terminal", lambda: True)
    res = vla("remove", "minivla", "-C", str(survey_catalog), input="n\n")
    assert res.exit_code == 0 and res.stdout.endswith("kept minivla\n")
    assert "remove minivla (MiniVLA: A Better VLA with a Smaller Footprint) from" in res.stdout
    assert len(Catalog(survey_catalog)) == 58
    res = vla("remove", "minivla", "-C", str(survey_catalog), input="y\n")
    assert res.exit_code == 0 and "removed minivla" in res.stdout
    assert len(Catalog(survey_catalog)) == 57


# -- the files ------------------------------------------------------------------------------------
def test_unknown_fields_survive_a_rewrite(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text(path.read_text() + 'reviewer = "ana"\n[notes]\nread = true\n')
    assert vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog)).exit_code == 0
    data = tomllib.loads(path.read_text())
    assert data["reviewer"] == "ana" and data["notes"] == {"read": True}
    assert "quantization" in data["categories"]


def test_malformed_toml_names_path_and_line(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text('title = "x"\nyear = 20 25\n')
    res = vla("list", "-C", str(survey_catalog))  # the others are listed (issue 11, item 9)
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 57
    assert res.stderr.startswith(f"warning: {path}:2:")
    assert "invalid TOML" in res.stderr and "Traceback" not in res.stderr
    res = vla("export", "bibtex", "-C", str(survey_catalog))  # an export refuses to leave it out
    assert res.exit_code == 1 and res.stderr.startswith(f"error: {path}:2:") and res.stdout == ""


def test_bad_field_type_names_the_line(survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text('title = "x"\n\nyear = "2025"\n')
    with pytest.raises(CatalogFormatError) as err:
        Catalog(survey_catalog).papers()
    assert err.value.line == 3 and "must be an integer" in str(err.value)


def test_unknown_category_in_a_file_is_reported(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    text = path.read_text()
    assert "'lightweight-component'" in text
    path.write_text(text.replace("'lightweight-component'", "'lightweigth-component'"))
    res = vla("list", "-C", str(survey_catalog), "-f", "ids")
    assert res.exit_code == 0
    assert "category 'lightweigth-component' is not in the taxonomy (closest: lightweight-component)" in res.stderr


def test_hand_edit_is_seen_through_the_index(vla: Invoke, survey_catalog: Path) -> None:
    assert "SmolVLA" in vla("list", "-C", str(survey_catalog), "-s", "smolvla").stdout
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text(path.read_text().replace("SmolVLA:", "TinierVLA:"))
    res = vla("list", "-C", str(survey_catalog), "-s", "tiniervla", "-f", "ids")
    assert res.stdout.split() == ["2506.01844"]


def test_atomic_write_leaves_no_temp_files(survey_catalog: Path) -> None:
    cat = Catalog(survey_catalog)
    for _ in range(3):
        cat.tag("2506.01844", ["quantization"])
        cat.untag("2506.01844", ["quantization"])
    assert not [p for p in (survey_catalog / "papers").iterdir() if not p.name.endswith(".toml")]


def test_library_api(survey_catalog: Path) -> None:
    cat = Catalog.open(survey_catalog)
    assert [p.key for p in cat.query(category="quantization")] == ["2506.12723"]
    with pytest.raises(PaperNotFound):
        cat.get("nope")


def test_parallel_tags_lose_no_update(empty_catalog: Path, tmp_path: Path) -> None:
    """20 vla processes started at once, each adding a different category to one paper."""
    cat = Catalog(empty_catalog)
    from vlacli.core.paper import Paper

    cat.add(Paper(key="2506.01844", arxiv="2506.01844", title="SmolVLA"))
    slugs = [c.slug for c in cat.taxonomy][:20]
    env = {**os.environ, "VLA_CATALOG": str(empty_catalog)}
    vla_bin = shutil.which("vla", path=str(Path(sys.executable).parent))
    cmd = [vla_bin] if vla_bin else [sys.executable, "-m", "vlacli"]
    procs = [subprocess.Popen([*cmd, "tag", "2506.01844", s], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for s in slugs]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert sorted(Catalog(empty_catalog).get("2506.01844").categories) == sorted(slugs)


def test_bundled_catalog_is_the_repo_catalog() -> None:
    assert (BUNDLED / "taxonomy.toml").is_file()
    assert len(list((BUNDLED / "papers").glob("*.toml"))) == 58


# -- where the catalog is: wherever you stand in it, beside it, or none ------------------------------
def test_lookup_inside_a_catalog_folder_whatever_its_name(vla: Invoke, isolated: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    mylist = isolated / "lists" / "mylist"
    assert vla("init", str(mylist), "--taxonomy", str(TAXONOMY)).exit_code == 0
    monkeypatch.chdir(mylist)
    cat = Catalog.open()
    assert cat.root.resolve() == mylist.resolve() and not cat.read_only
    res = vla("list", "-f", "table")
    assert res.exit_code == 0 and res.stdout == "no papers yet (add some with vla add or vla import) · .\n"
    res = vla("tag", "2506.01844", "quantization")  # a write goes to it, not to the bundled survey
    assert res.exit_code == 1 and res.stderr.startswith("error: no paper '2506.01844' in the catalog")


def test_lookup_below_a_catalog_folder(vla: Invoke, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mylist = isolated / "mylist"
    assert vla("init", str(mylist), "--taxonomy", str(TAXONOMY)).exit_code == 0
    monkeypatch.chdir(mylist / "papers")
    assert Catalog.open().root.resolve() == mylist.resolve()
    assert vla("list", "-f", "table", "-c", "quantization").stdout == "no papers match · ..\n"


def test_lookup_beside_a_catalog_dir(vla: Invoke, isolated: Path, survey_catalog: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(survey_catalog, isolated / "repo" / "catalog")
    monkeypatch.chdir(isolated / "repo")
    assert Catalog.open().root.resolve() == (isolated / "repo" / "catalog").resolve()
    assert vla("list", "-f", "table").stdout.splitlines()[-1] == "58 papers · ./catalog"
    (isolated / "repo" / "docs").mkdir()
    monkeypatch.chdir(isolated / "repo" / "docs")  # below the folder that holds catalog/
    assert Catalog.open().root.resolve() == (isolated / "repo" / "catalog").resolve()
    res = vla("tag", "2506.01844", "quantization")
    assert res.stdout.endswith(f" · {(isolated / 'repo' / 'catalog').resolve()}\n")


def test_lookup_none_is_the_bundled_survey(vla: Invoke, isolated: Path) -> None:
    cat = Catalog.open()
    assert cat.read_only and cat.root.resolve() == BUNDLED.resolve()
    assert vla("list", "-f", "table").stdout.splitlines()[-1] == "58 papers · bundled survey, read-only"
    res = vla("categories")
    assert res.exit_code == 0  # piped: tab-separated lines only; the footer goes to a terminal


def test_lookup_explicit_first(vla: Invoke, isolated: Path, survey_catalog: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    mylist = isolated / "mylist"
    assert vla("init", str(mylist)).exit_code == 0
    monkeypatch.chdir(mylist)
    assert Catalog.open(survey_catalog).root == survey_catalog
    monkeypatch.setenv("VLA_CATALOG", str(survey_catalog))
    assert Catalog.open().root == survey_catalog
    assert vla("list", "-f", "table").stdout.splitlines()[-1] == f"58 papers · {survey_catalog}"


def test_catalog_option_before_or_after_the_command(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    after = vla("list", "-C", str(survey_catalog), "-f", "ids")
    before = vla("-C", str(survey_catalog), "list", "-f", "ids")
    assert before.exit_code == 0 and before.stdout == after.stdout and len(before.stdout.split()) == 58
    assert vla("--catalog", str(survey_catalog), "show", "minivla").exit_code == 0
    res = vla("-C", str(survey_catalog), "category", "add", "robotics")  # a subcommand gets it too
    assert res.exit_code == 0 and res.stdout.startswith("added robotics (Robotics) as a pillar · ")
    other = tmp_path / "other"
    assert vla("init", str(other), "--taxonomy", str(TAXONOMY)).exit_code == 0
    res = vla("-C", str(survey_catalog), "list", "-C", str(other), "-f", "ids")  # the command's own wins
    assert res.exit_code == 0 and res.stdout == ""
    res = vla("-C", str(tmp_path / "nope"), "list")
    assert res.exit_code == 1 and "does not exist" in res.stderr


def test_describe() -> None:
    from vlacli.storage.discovery import describe

    here = Path.cwd()
    assert describe(here / "catalog", False) == "./catalog"
    assert describe(here, False) == "."
    assert describe(here.parent, False) == ".."
    assert describe(BUNDLED, True) == "bundled survey, read-only"
    assert describe(Path("/elsewhere/cat"), False) == "/elsewhere/cat"
