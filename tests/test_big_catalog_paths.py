"""The paths vla takes for big catalogs give exactly what the simple paths give."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

import vlacli.exporters.bibtex as bibtex_exporter


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
