"""The paths vla takes for big catalogs give exactly what the simple paths give."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke, numbered_bib

import vlacli.formats.exporters.bibtex as bibtex_exporter


def test_bibtex_written_in_chunks_is_the_same_text(vla: Invoke, survey_catalog: Path,
                                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    whole = vla("export", "bibtex", "-C", str(survey_catalog))
    monkeypatch.setattr(bibtex_exporter, "CHUNK", 5)
    chunked = vla("export", "bibtex", "-C", str(survey_catalog))
    assert chunked.exit_code == 0 and chunked.stdout == whole.stdout
    out = tmp_path / "refs.bib"
    assert vla("export", "bibtex", "-C", str(survey_catalog), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == whole.stdout
    assert whole.stdout.count("\n@") == 57 and whole.stdout.startswith("@")


def test_markdown_export_does_not_need_abstracts(vla: Invoke, survey_catalog: Path) -> None:
    first = vla("export", "markdown", "-C", str(survey_catalog))
    again = vla("export", "markdown", "-C", str(survey_catalog))  # now from the index, without abstracts
    assert first.exit_code == 0 and first.stdout == again.stdout


def test_writes_are_proportional(vla: Invoke, survey_catalog: Path, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    """Tagging one paper rewrites one file; importing N papers writes each file once."""
    import vlacli.storage.store as store

    written: list[Path] = []
    real_commit = store.commit

    def counted(root: Path, writes: list[tuple[Path, object]], *args: object, **kwargs: object) -> None:
        written.extend(Path(p) for p, _ in writes)
        real_commit(root, writes, *args, **kwargs)  # type: ignore[arg-type]

    import vlacli.storage.catalog

    monkeypatch.setattr(vlacli.storage.catalog, "commit", counted)  # every catalog write goes through it

    def in_catalog(root: Path) -> list[str]:
        return sorted(p.name for p in written if root in p.parents)

    assert vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog)).exit_code == 0
    assert in_catalog(survey_catalog) == ["2506.01844.toml"]

    written.clear()
    fresh = tmp_path / "fresh"
    assert vla("init", str(fresh)).exit_code == 0
    written.clear()
    bib = numbered_bib(tmp_path / "refs.bib", 40)
    assert vla("import", "bibtex", str(bib), "-C", str(fresh), "-q").exit_code == 0
    names = in_catalog(fresh)
    assert len(names) == 40 and len(set(names)) == 40
