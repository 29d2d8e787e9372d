"""vla category add/rename/move/remove, and the library under it (vlacli.ops.categories)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import TAXONOMY, Invoke

from vlacli import Catalog
from vlacli.core.paper import Paper
from vlacli.errors import InputError, UnknownCategory
from vlacli.ops.categories import add_category, move_category, remove_category, rename_category


def taxonomy_of(root: Path) -> list[dict[str, object]]:
    data = tomllib.loads((root / "taxonomy.toml").read_text(encoding="utf-8"))
    cats: list[dict[str, object]] = data["category"]
    return cats


def slugs(root: Path) -> list[str]:
    return [str(c["slug"]) for c in taxonomy_of(root)]


@pytest.fixture
def small(tmp_path: Path, vla: Invoke) -> Path:
    """A catalog of two pillars (a with a1, a2; b) and three papers."""
    root = tmp_path / "small"
    assert vla("init", str(root)).exit_code == 0
    for args in (("a", "--name", "Alpha"), ("a1", "--parent", "a"), ("a2", "--parent", "a", "--alias", "second"),
                 ("b", "--name", "Beta")):
        res = vla("category", "add", *args, "-C", str(root))
        assert res.exit_code == 0, res.stderr
    cat = Catalog(root)
    cat.add(Paper(key="2401.00001", arxiv="2401.00001", title="One", categories=["a1"]))
    cat.add(Paper(key="2401.00002", arxiv="2401.00002", title="Two", categories=["a1", "b"]))
    cat.add(Paper(key="2401.00003", arxiv="2401.00003", title="Three", categories=["b"]))
    return root


def categories_of(root: Path, key: str) -> list[str]:
    return Catalog(root).get(key).categories


# -- the empty taxonomy explains itself ----------------------------------------------------------------
def test_empty_taxonomy_says_how_to_add_a_category(vla: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "new"
    res = vla("init", str(root))
    assert res.stdout == (f"created catalog {root} (0 categories)\n"
                          "add categories with 'vla category add SLUG --name NAME', or start from a taxonomy with "
                          "'vla init DIR --taxonomy FILE'\n")
    Catalog(root).add(Paper(key="2401.00001", arxiv="2401.00001", title="One"))
    res = vla("tag", "2401.00001", "robotics", "-C", str(root))
    assert res.exit_code == 1
    assert res.stderr == ("error: unknown category 'robotics': the taxonomy has no categories yet "
                          "(add it with 'vla category add robotics')\n")
    res = vla("add", "2506.01844", "-c", "Robot Learning", "-C", str(root))
    assert res.exit_code == 1
    assert res.stderr == ("error: unknown category 'Robot Learning': the taxonomy has no categories yet "
                          "(add it with 'vla category add robot-learning')\n")
    with pytest.raises(UnknownCategory):  # still an unknown category, for code that catches those
        Catalog(root).taxonomy.resolve("robotics")


# -- add ------------------------------------------------------------------------------------------------
def test_add(vla: Invoke, small: Path) -> None:
    assert slugs(small) == ["a", "a1", "a2", "b"]
    assert taxonomy_of(small)[2] == {"slug": "a2", "name": "A2", "parent": "a", "aliases": ["second"]}
    res = vla("category", "add", "a3", "--name", "Alpha three", "--parent", "Alpha", "-C", str(small))
    assert res.exit_code == 0
    assert res.stdout == f"added a3 (Alpha three) under a · {small}\n"
    assert slugs(small) == ["a", "a1", "a2", "a3", "b"]  # the last under its parent, in file order
    assert vla("list", "-c", "a", "-f", "ids", "-C", str(small)).stdout.split() == ["2401.00001", "2401.00002"]


@pytest.mark.parametrize(("args", "message"), [
    (("a1",), "error: category 'a1' already exists (A1)\n"),
    (("Robot_Learning",), "error: category slug 'Robot_Learning' must be lower-case words joined by hyphens "
                          "(for example 'robot-learning')\n"),
    (("c", "--name", "Beta"), "error: category 'c' (Beta) would answer to 'Beta', which already names 'b' "
                              "(choose another slug, name or alias)\n"),
    (("c", "--alias", "second"), "error: category 'c' (C) would answer to 'second', which already names 'a2' "
                                 "(choose another slug, name or alias)\n"),
    (("c", "--parent", "zzz"), "error: unknown category 'zzz'\n"),
    (("c", "--name", " "), "error: --name cannot be empty\n"),
])
def test_add_refused(vla: Invoke, small: Path, args: tuple[str, ...], message: str) -> None:
    before = (small / "taxonomy.toml").read_bytes()
    res = vla("category", "add", *args, "-C", str(small))
    assert res.exit_code == 1 and res.stderr == message
    assert (small / "taxonomy.toml").read_bytes() == before


def test_bundled_survey_is_read_only(vla: Invoke) -> None:
    res = vla("category", "add", "robotics")
    assert res.exit_code == 1 and "read-only" in res.stderr


# -- rename ---------------------------------------------------------------------------------------------
README = """# My list

<!-- vla:begin --category a1 -->
old table
<!-- vla:end -->

Prose.

<!-- vla:begin --category A1 --year 2024- -->
<!-- vla:end -->

<!-- vla:begin --category b -->
<!-- vla:end -->

```
<!-- vla:begin --category a1 -->
```
"""


def test_rename_slug_refiles_papers_and_markers(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"  # beside the catalog: followed by default
    readme.write_text(README, encoding="utf-8")
    res = vla("category", "rename", "a1", "--slug", "alpha-one", "--name", "Alpha one", "-C", str(small))
    assert res.exit_code == 0, res.stderr
    assert res.stdout == (f"renamed a1 (A1) to alpha-one (Alpha one) · {small}\n"
                          "  re-filed 2 papers: 2401.00001, 2401.00002\n"
                          f"  rewrote 2 README markers: {readme}:3, {readme}:9\n")
    assert categories_of(small, "2401.00002") == ["alpha-one", "b"]
    # the old slug stays an alias (its old name "A1" reads as the same word)
    assert taxonomy_of(small)[1] == {"slug": "alpha-one", "name": "Alpha one", "parent": "a", "aliases": ["a1"]}
    text = readme.read_text(encoding="utf-8")
    assert text == README.replace("--category a1 -->\nold", "--category alpha-one -->\nold").replace(
        "--category A1 --year 2024-", "--category alpha-one --year 2024-")
    assert vla("list", "-c", "a1", "-f", "ids", "-C", str(small)).stdout.split() == ["2401.00001", "2401.00002"]


def test_rename_and_remove_carry_into_the_inbox_and_the_watch(small: Path) -> None:
    """A candidate in the inbox filed under a renamed category, and the memory of its saved search,
    follow the rename (in the same change as the taxonomy); a removal --to another category likewise."""
    from vlacli.ops.inbox import Candidate, Inbox, read_inbox, write_inbox
    from vlacli.ops.watch import SearchState, WatchState, read_state, state_path
    from vlacli.storage.store import commit

    cat = Catalog(small)
    write_inbox(cat, Inbox(candidates=[Candidate(arxiv="2402.00009", title="Nine", categories=["a1", "b"])]))
    state = WatchState({"a1": SearchState("abs:one"), "a2": SearchState("abs:two")})
    commit(small, [(state_path(cat), state.dumps())])
    rename_category(Catalog(small), "a1", new_slug="alpha-one")
    assert read_inbox(Catalog(small)).candidates[0].categories == ["alpha-one", "b"]
    assert sorted(read_state(Catalog(small)).searches) == ["a2", "alpha-one"]
    remove_category(Catalog(small), "a2", to="b")
    assert sorted(read_state(Catalog(small)).searches) == ["alpha-one", "b"]


def test_rename_name_only_keeps_the_slug(vla: Invoke, small: Path) -> None:
    res = vla("category", "rename", "b", "--name", "Bravo", "-C", str(small))
    assert res.exit_code == 0 and res.stdout == f"renamed b (Beta) to b (Bravo) · {small}\n"
    assert taxonomy_of(small)[3] == {"slug": "b", "name": "Bravo", "aliases": ["Beta"]}
    assert categories_of(small, "2401.00003") == ["b"]


def test_rename_refused(vla: Invoke, small: Path) -> None:
    res = vla("category", "rename", "b", "-C", str(small))
    assert res.exit_code == 1 and res.stderr == "error: nothing to rename (give --name NAME, --slug SLUG or both)\n"
    res = vla("category", "rename", "b", "--slug", "a1", "-C", str(small))
    assert res.exit_code == 1 and res.stderr == "error: category 'a1' already exists (A1)\n"
    res = vla("category", "rename", "b", "--name", "Alpha", "-C", str(small))
    assert res.exit_code == 1 and res.stderr == "error: 'b' (Alpha) already names category 'a'\n"


def test_rename_a_parent_takes_its_children_along(small: Path) -> None:
    rename_category(Catalog(small), "a", new_slug="alpha")
    assert [(c["slug"], c.get("parent")) for c in taxonomy_of(small)] == [
        ("alpha", None), ("a1", "alpha"), ("a2", "alpha"), ("b", None)]


def test_an_interrupted_rename_is_finished_by_running_it_again(small: Path) -> None:
    cat = Catalog(small)
    cat.write_taxonomy(cat.taxonomy.renamed("a1", "alpha-one"))  # the taxonomy written, the papers not yet
    change = rename_category(Catalog(small), "a1", new_slug="alpha-one")
    assert change.papers == ["2401.00001", "2401.00002"]
    assert categories_of(small, "2401.00001") == ["alpha-one"]


def test_rename_rereads_under_the_lock(small: Path) -> None:
    """A Catalog that read the files earlier, while another process changed them: nothing is lost."""
    stale = Catalog(small)
    assert "a1" in stale.taxonomy and len(stale.papers()) == 3
    other = Catalog(small)
    add_category(other, "c")
    other.tag("2401.00003", ["a1"])
    rename_category(stale, "a1", new_slug="alpha-one")
    assert slugs(small) == ["a", "alpha-one", "a2", "b", "c"]
    assert categories_of(small, "2401.00003") == ["b", "alpha-one"]


# -- move -----------------------------------------------------------------------------------------------
def test_move(vla: Invoke, small: Path) -> None:
    res = vla("category", "move", "a2", "--parent", "b", "-C", str(small))
    assert res.exit_code == 0 and res.stdout == f"moved a2 under b · {small}\n"
    assert [(c["slug"], c.get("parent")) for c in taxonomy_of(small)] == [
        ("a", None), ("a1", "a"), ("b", None), ("a2", "b")]
    res = vla("category", "move", "a", "--top", "-C", str(small))
    assert res.exit_code == 0 and res.stdout == f"moved a as a pillar · {small}\n"
    assert slugs(small) == ["b", "a2", "a", "a1"]  # a pillar moved to the top goes last
    move_category(Catalog(small), "a", "b")  # a subtree moves whole
    assert [(c["slug"], c.get("parent")) for c in taxonomy_of(small)] == [
        ("b", None), ("a2", "b"), ("a", "b"), ("a1", "a")]


@pytest.mark.parametrize(("args", "message"), [
    (("a",), "error: say where it goes: --parent CATEGORY or --top\n"),
    (("a", "--parent", "b", "--top"), "error: give --parent CATEGORY or --top, not both\n"),
    (("a", "--parent", "a1"), "error: cannot move 'a' under 'a1', which is beneath it\n"),
    (("a", "--parent", "a"), "error: cannot move 'a' under 'a', which is itself\n"),
])
def test_move_refused(vla: Invoke, small: Path, args: tuple[str, ...], message: str) -> None:
    res = vla("category", "move", *args, "-C", str(small))
    assert res.exit_code == 1 and res.stderr == message


# -- remove ---------------------------------------------------------------------------------------------
def test_remove_refused_while_papers_are_filed_under_it(vla: Invoke, small: Path) -> None:
    before = (small / "taxonomy.toml").read_bytes()
    res = vla("category", "remove", "b", "-C", str(small))
    assert res.exit_code == 1
    assert res.stderr == ("error: 2 papers are filed under 'b' (2401.00002, 2401.00003) "
                          "(say where they go with --to CATEGORY, or untag them first)\n")
    Catalog(small).untag("2401.00003", ["b"])
    res = vla("category", "remove", "b", "-C", str(small))
    assert res.stderr == ("error: 1 paper is filed under 'b' (2401.00002) "
                          "(say where it goes with --to CATEGORY, or untag it first)\n")
    res = vla("category", "remove", "a", "-C", str(small))
    assert res.exit_code == 1
    assert res.stderr == "error: category 'a' has subcategories (a1, a2) (move or remove them first)\n"
    res = vla("category", "remove", "b", "--to", "b", "-C", str(small))
    assert res.exit_code == 1 and res.stderr == "error: --to 'b' is the category being removed\n"
    assert (small / "taxonomy.toml").read_bytes() == before


def test_remove_to_refiles_papers_and_markers(vla: Invoke, small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    res = vla("category", "remove", "b", "--to", "a1", "-C", str(small))
    assert res.exit_code == 0, res.stderr
    assert res.stdout == (f"removed b; its papers are in a1 · {small}\n"
                          "  re-filed 2 papers: 2401.00002, 2401.00003\n"
                          f"  rewrote 1 README marker: {readme}:12\n")
    assert slugs(small) == ["a", "a1", "a2"]
    assert categories_of(small, "2401.00002") == ["a1"]  # once, where it was
    assert categories_of(small, "2401.00003") == ["a1"]
    assert "<!-- vla:begin --category a1 -->\n<!-- vla:end -->\n\n```" in readme.read_text(encoding="utf-8")


def test_remove_an_empty_category(vla: Invoke, small: Path, tmp_path: Path) -> None:
    res = vla("category", "remove", "a2", "-C", str(small))
    assert res.exit_code == 0 and res.stdout == f"removed a2 · {small}\n"
    assert slugs(small) == ["a", "a1", "b"]



def test_remove_refused_while_a_readme_marker_names_it(small: Path, tmp_path: Path) -> None:
    readme = tmp_path / "elsewhere.md"
    readme.write_text("<!-- vla:begin --category a2 -->\n<!-- vla:end -->\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        remove_category(Catalog(small), "a2", readmes=[readme])
    assert str(err.value) == (f"README markers name 'a2' ({readme}:1) "
                              "(say where they go with --to CATEGORY, or edit them first)")
    assert "a2" in slugs(small)
    change = remove_category(Catalog(small), "a2", to="a1", readmes=[readme])
    assert change.markers == [f"{readme}:1"] and change.papers == []
    assert readme.read_text(encoding="utf-8") == "<!-- vla:begin --category a1 -->\n<!-- vla:end -->\n"


def test_survey_taxonomy_round_trip(empty_catalog: Path) -> None:
    """Editing keeps every other field of every category, and the file order."""
    cat = Catalog(empty_catalog)
    before = (empty_catalog / "taxonomy.toml").read_text(encoding="utf-8")
    add_category(cat, "robotics")
    remove_category(cat, "robotics")
    assert (empty_catalog / "taxonomy.toml").read_text(encoding="utf-8") == before
    assert tomllib.loads(before) == tomllib.loads(TAXONOMY.read_text(encoding="utf-8"))
