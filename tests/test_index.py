"""The read index: derived, disposable, never wrong."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vlacli import Catalog
from vlacli.errors import CatalogFormatError
from vlacli.storage.index import index_path, load_tables


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust files changed a moment ago: a test cannot wait the two seconds a user's files are older."""
    import vlacli.storage.index

    monkeypatch.setattr(vlacli.storage.index, "RACY_NS", 0)


def _age(folder: Path, seconds: float = 10) -> None:
    """Make files look older than the racy window, as they would be on a user's disk."""
    past = time.time() - seconds
    for p in folder.iterdir():
        os.utime(p, (past, past))


def test_index_is_built_and_used(survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    _age(papers)
    tables, parsed = load_tables(papers)
    assert len(tables) == 58 and len(parsed) == 58
    assert index_path(papers, "-tables").is_file()
    tables2, parsed2 = load_tables(papers)
    assert tables2 == tables and parsed2 == set()  # everything from the index


def test_changed_added_removed_files_are_read_again(survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    _age(papers)
    load_tables(papers)
    smol = papers / "2506.01844.toml"
    smol.write_text(smol.read_text().replace("SmolVLA:", "SmallVLA:"))
    (papers / "minivla.toml").unlink()
    (papers / "new.toml").write_text('title = "New"\n')
    tables, parsed = load_tables(papers)
    assert parsed == {"2506.01844.toml", "new.toml"}
    assert "minivla.toml" not in tables
    assert tables["2506.01844.toml"]["title"].startswith("SmallVLA:")
    # Records come in name order whether each was read from its file or taken from the index.
    assert list(tables) == sorted(p.name for p in papers.glob("*.toml"))
    for abstracts in (False, True):
        assert list(load_tables(papers, abstracts=abstracts)[0]) == list(tables)


def test_unreadable_index_is_ignored_and_rebuilt(survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    _age(papers)
    load_tables(papers)
    ipath = index_path(papers, "-tables")
    ipath.write_bytes(b"\x00garbage")
    tables, parsed = load_tables(papers)
    assert len(tables) == 58 and len(parsed) == 58
    assert load_tables(papers)[1] == set()


def test_a_bad_file_is_never_cached(survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    (papers / "2506.01844.toml").write_text('title = "x"\nyear = "soon"\n')
    _age(papers)
    for _ in range(2):
        with pytest.raises(CatalogFormatError, match="must be an integer"):
            Catalog(survey_catalog).papers()


def test_no_index_when_the_cache_dir_is_not_writable(survey_catalog: Path, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("VLA_CACHE_DIR", str(blocker / "sub"))
    assert len(Catalog(survey_catalog).papers()) == 58


def test_abstracts_are_kept_apart_and_found_when_needed(survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    smol = papers / "2506.01844.toml"
    text = smol.read_text()
    assert "abstract = '" in text
    smol.write_text(text.replace("abstract = '", "abstract = 'A zebra of a model. ", 1))
    _age(papers)
    _, parsed = load_tables(papers, abstracts=True)  # reads every file, builds both parts
    assert len(parsed) == 58
    lean, parsed = load_tables(papers, abstracts=False)
    assert parsed == set() and "abstract" not in lean["2506.01844.toml"]
    full, parsed = load_tables(papers, abstracts=True)
    assert parsed == set() and full["2506.01844.toml"]["abstract"].startswith("A zebra")
    cat = Catalog(survey_catalog)
    assert [p.key for p in cat.query(search="zebra")] == ["2506.01844"]
    assert cat.get("2506.01844").abstract.startswith("A zebra")  # type: ignore[union-attr]


def test_a_lean_load_keeps_no_abstracts_and_a_full_one_reads_them(survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    _age(papers)
    lean, parsed = load_tables(papers, abstracts=False)
    assert len(parsed) == 58 and not any("abstract" in t for t in lean.values())
    full, parsed = load_tables(papers, abstracts=True)  # the abstracts were not kept: read again
    assert len(parsed) == 58 and sum("abstract" in t for t in full.values()) >= 55
    assert load_tables(papers, abstracts=True)[1] == set()


def test_a_broken_abstract_part_means_reading_the_files(survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    _age(papers)
    load_tables(papers)
    index_path(papers, "-tables-abstracts-000").write_bytes(b"nonsense")
    full, parsed = load_tables(papers, abstracts=True)
    assert len(parsed) == 58
    assert sum("abstract" in t for t in full.values()) >= 55


def test_many_files_are_parsed_in_parallel_with_the_same_result(survey_catalog: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import vlacli.storage.index

    papers = survey_catalog / "papers"
    serial, _ = load_tables(papers, use_index=False)
    monkeypatch.setattr(vlacli.storage.index, "PARALLEL_FROM", 2)
    parallel, parsed = load_tables(papers, use_index=False)
    assert parallel == serial and len(parsed) == 58
    (papers / "zz-broken.toml").write_text('title = "x\n')
    with pytest.raises(CatalogFormatError) as err:
        load_tables(papers, use_index=False)
    assert err.value.path.name == "zz-broken.toml" and err.value.line == 1


def test_abstracts_in_many_chunks(survey_catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vlacli.storage.index

    monkeypatch.setattr(vlacli.storage.index, "ABSTRACT_CHUNK", 10)
    papers = survey_catalog / "papers"
    _age(papers)
    first, _ = load_tables(papers, abstracts=True)
    chunks = sorted(p.name for p in index_path(papers).parent.glob("*-tables-abstracts-*.marshal"))
    assert len(chunks) == 6  # 58 papers, 10 a chunk
    (papers / "minivla.toml").unlink()
    smol = papers / "2506.01844.toml"
    smol.write_text(smol.read_text().replace("abstract = '", "abstract = 'Zebra. ", 1))
    past = time.time() - 5
    os.utime(smol, (past, past))  # changed, and out of the racy window
    lean, parsed = load_tables(papers, abstracts=False)
    assert parsed == {"2506.01844.toml"} and "minivla.toml" not in lean
    full, parsed = load_tables(papers, abstracts=True)
    assert parsed == {"2506.01844.toml"}  # its abstract was not kept by the lean load
    assert full["2506.01844.toml"]["abstract"].startswith("Zebra.")
    assert {k: v for k, v in full.items() if k != "2506.01844.toml"} == {
        k: v for k, v in first.items() if k not in ("2506.01844.toml", "minivla.toml")}
    assert load_tables(papers, abstracts=True)[1] == set()


def test_index_files_not_written_for_a_month_are_pruned(survey_catalog: Path) -> None:
    from vlacli.settings import cache_dir
    from vlacli.storage.index import STALE_AFTER_S

    folder = cache_dir() / "index"
    folder.mkdir(parents=True, exist_ok=True)
    old, recent = folder / "0000dead-gone-catalog-papers.marshal", folder / "0000beef-other-papers.marshal"
    for f in (old, recent):
        f.write_bytes(b"x")
    month_ago = time.time() - STALE_AFTER_S - 60
    os.utime(old, (month_ago, month_ago))
    Catalog(survey_catalog).papers()  # builds, so writes, this catalog's index
    assert not old.exists() and recent.exists()
    assert any(folder.glob("*papers*.marshal"))


def test_a_cold_load_lets_abstracts_go_while_it_writes_the_index_and_gets_them_all_back(
        survey_catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vlacli.storage.index

    papers = survey_catalog / "papers"
    _age(papers)
    want, _ = load_tables(papers, use_index=False)
    assert sum("abstract" in t for t in want.values()) >= 55
    assert load_tables(papers, abstracts=True)[0] == want  # the abstracts read back from the chunk files
    # A chunk file that cannot be read back: its papers' files are read again, nothing is lost.
    for p in index_path(papers).parent.glob("*.marshal"):
        p.unlink()
    real = vlacli.storage.index._abstract_chunks
    calls = []

    def unreadable_after_writing(*args: object) -> object:
        calls.append(1)
        return iter(()) if len(calls) > 1 else real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(vlacli.storage.index, "_abstract_chunks", unreadable_after_writing)
    got, parsed = load_tables(papers, abstracts=True)
    assert got == want and len(calls) == 2 and len(parsed) == 58


def test_a_file_gone_before_its_abstract_is_read_is_left_out(survey_catalog: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The last listing attempt: a paper whose record the index holds but whose abstract it lost is
    read again for the abstract, and is gone by then: it is left out, not returned from the index."""
    import marshal

    import vlacli.storage.index

    papers = survey_catalog / "papers"
    _age(papers)
    load_tables(papers)
    victim = sorted(p.name for p in papers.glob("*.toml"))[5]
    for chunk in vlacli.storage.index._abstract_paths(papers, "tables"):
        data = marshal.loads(chunk.read_bytes())
        data["entries"].pop(victim, None)
        chunk.write_bytes(marshal.dumps(data))

    def pause(point: str) -> None:
        if point == "index.stated":
            (papers / victim).unlink()

    monkeypatch.setattr(vlacli.storage.index, "pause_point", pause)
    problems: list[CatalogFormatError] = []
    out, _ = vlacli.storage.index._load(papers, True, None, True, "tables", problems, last=True)
    assert victim not in out and not problems
    assert list(out) == sorted(p.name for p in papers.glob("*.toml"))
