"""The one writer: TOML text that reads back exactly, atomic and durable writes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vlacli.storage.store import atomic_write, commit, dump_toml, toml_string

keys = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
values = st.one_of(st.text(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.booleans(),
                   st.lists(st.text(), max_size=4), st.dictionaries(keys, st.text(), max_size=3))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, max_size=8))
def test_dump_toml_reads_back_exactly(data: dict[str, object]) -> None:
    assert tomllib.loads(dump_toml(data)) == data


plain_tables = st.dictionaries(st.text(), st.one_of(st.text(), st.integers(), st.booleans()), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), st.dictionaries(st.text(), st.text(), max_size=6), max_size=4))
def test_tables_of_strings_read_back_exactly(data: dict[str, object]) -> None:
    """A paper's [bibtex], [bibtex_read], [csl] ...: any keys (dashes, colons, quotes, non-ASCII), any text."""
    assert tomllib.loads(dump_toml(data)) == data


# What dump_toml writes after the top-level strings, integers and lists of strings: tables (of
# strings and integers, nested, arrays of them) and other values, as tomli_w writes them.
not_simple = st.one_of(plain_tables, st.dictionaries(st.text(), plain_tables, max_size=2),
                       st.dictionaries(st.text(), st.lists(st.text(), max_size=2), max_size=2),
                       st.lists(plain_tables, min_size=1, max_size=3), st.lists(st.integers(), min_size=1, max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), not_simple, max_size=5))
def test_tables_are_written_as_tomli_w_writes_them(data: dict[str, object]) -> None:
    import tomli_w

    assert dump_toml(data) == tomli_w.dumps(data)


@given(st.text())
def test_toml_string_reads_back(value: str) -> None:
    assert tomllib.loads(f"v = {toml_string(value)}\n")["v"] == value


def test_literal_strings_where_possible() -> None:
    assert toml_string("plain") == "'plain'"
    assert toml_string("it's") == "'''it's'''"
    assert toml_string("a\nb") == "'''a\nb'''"
    assert toml_string("x'''y").startswith('"')
    assert toml_string("ends'").startswith('"')


def test_atomic_writes(tmp_path: Path) -> None:
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    atomic_write(tmp_path / "a.toml", "x = 1\n")
    commit(tmp_path, [(tmp_path / f"{i}.toml", f"n = {i}\n") for i in range(20)])
    commit(tmp_path, [(tmp_path / "a.toml", "x = 2\n")])
    assert (tmp_path / "a.toml").read_text() == "x = 2\n"
    assert (tmp_path / "19.toml").read_text() == "n = 19\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".toml")) == []  # no temp, no journal


@given(st.text())
def test_clean_collapses_white_space_like_split_join(text: str) -> None:
    from vlacli.text import clean

    assert clean(text) == " ".join(text.split())


def test_writes_go_through_links_and_keep_permissions(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "files"
    folder.mkdir()
    target = folder / "README.md"
    target.write_text("old\n")
    target.chmod(0o640)
    link = folder / "link.md"
    link.symlink_to(target)
    atomic_write(link, "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    many = [(folder / f"{i}.toml", "x = 1\n") for i in range(10)] + [(link, "newer\n")]
    commit(folder, many)
    assert link.is_symlink() and target.read_text() == "newer\n" and target.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0)
    os.umask(umask)
    assert (folder / "3.toml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_lazy_patterns_compile_on_first_use_and_behave_like_re() -> None:
    import re

    from vlacli._lazy import lazy_re

    pat = lazy_re(r"(\d+)-(?P<tail>[a-z]+)", re.I)
    assert pat._compiled is None  # type: ignore[attr-defined]
    assert pat.sub(r"\2", "12-AB x") == "AB x"
    assert pat._compiled is not None  # type: ignore[attr-defined]
    m = pat.fullmatch("7-q")
    assert m is not None and m.group("tail") == "q"
    assert pat.pattern == r"(\d+)-(?P<tail>[a-z]+)" and pat.flags & re.I
    assert pat.search("none") is None


def test_a_journal_naming_files_outside_the_catalog_is_refused(tmp_path: Path) -> None:
    import json

    import pytest

    from vlacli.errors import CatalogFormatError
    from vlacli.storage.store import JOURNAL_NAME, recover

    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    root = tmp_path / "cat"
    root.mkdir()
    (root / JOURNAL_NAME).write_text(json.dumps({"version": 1, "renames": [],
                                                 "deletes": ["papers/../../precious.txt"]}))
    with pytest.raises(CatalogFormatError, match="names a file outside the catalog"):
        recover(root)
    assert outside.read_text() == "keep me"
    (root / JOURNAL_NAME).write_text("{not json")
    with pytest.raises(CatalogFormatError, match="not a journal vla can read"):
        recover(root)


def test_commit_finishes_in_one_go_or_leaves_a_journal_that_finishes_it(tmp_path: Path) -> None:
    from vlacli.storage.store import JOURNAL_NAME, _create_temp, _write_journal, recover

    root = tmp_path / "cat"
    (root / "papers").mkdir(parents=True)
    old = root / "papers" / "old.toml"
    old.write_text("title = 'x'\n")
    commit(root, [(root / "papers" / "new.toml", "title = 'x'\n")], [old], note={"moves": [["old", "new"]]})
    assert sorted(p.name for p in (root / "papers").iterdir()) == ["new.toml"] and not (root / JOURNAL_NAME).exists()
    # As a process killed after writing its journal leaves it: the temp file, the journal, the old file.
    fd, tmp = _create_temp(str(root / "papers" / "newer.toml"))
    import os

    os.write(fd, b"title = 'y'\n")
    os.close(fd)
    _write_journal(root, [(tmp, str(root / "papers" / "newer.toml"))], [str(root / "papers" / "new.toml")], None)
    assert recover(root) == {}
    assert sorted(p.name for p in (root / "papers").iterdir()) == ["newer.toml"]
    assert recover(root) is None
