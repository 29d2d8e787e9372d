"""The arXiv commands' help, their guide (docs/guides/arxiv.md), import cost and progress bar."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Invoke, page

from vlacli.cli.progress import Progress

COMMANDS = ("add", "refresh", "resolve")


@pytest.mark.parametrize("name", COMMANDS)
def test_help_and_guide(vla: Invoke, name: str) -> None:
    res = vla(name, "--help")
    assert res.exit_code == 0 and "Usage: vla " + name in res.stdout
    assert f"`vla {name}" in page("guides/arxiv.md")


def test_guide() -> None:
    text = page("guides/arxiv.md")
    assert text.startswith("# Adding papers from arXiv\n") and "<!-- section: arxiv -->" not in text
    for needle in ("--offline", "--dry-run", "--apply", "--from", "one request every three"):
        assert needle in text
    for needle in ("VLA_ARXIV_URL", "VLA_CACHE_DIR"):
        assert needle in page("reference/environment.md") and needle in text


def test_help_does_not_import_network_or_xml_libraries() -> None:
    code = ("import sys\nfrom vlacli.cli.app import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "import vlacli.sources.arxiv\n"
            "print(sorted(m for m in ('httpx', 'defusedxml', 'bibtexparser') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    bar = Progress(quiet=False, label="arXiv requests")
    bar(0, 1)
    assert bar._progress is None  # one request: no bar
    bar(1, 3)
    assert bar._progress is not None
    bar.close()
    quiet = Progress(quiet=True, label="arXiv requests")
    quiet(1, 3)
    assert quiet._progress is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    piped = Progress(quiet=False, label="arXiv requests")
    piped(1, 3)
    assert piped._progress is None


def test_read_id_lines(tmp_path: Path) -> None:
    import io

    from vlacli.ops.add import read_id_lines

    text = "# header\n\n  2506.01844  \nhttps://arxiv.org/abs/2410.05273#frag\n1605.08386 # note\n"
    assert read_id_lines(io.StringIO(text)) == ["2506.01844", "https://arxiv.org/abs/2410.05273#frag",
                                                "1605.08386"]


def test_readme_network_figures_are_the_codes() -> None:
    """The deadlines, cap, retries and field caps the guide states are the ones in the code."""
    from vlacli.sources.arxiv.atom import CAPS
    from vlacli.sources.arxiv.client import MIN_INTERVAL, arxiv_service

    text = " ".join(page("guides/arxiv.md").split())
    svc = arxiv_service("http://export.arxiv.org/api/query")
    assert svc.min_interval == MIN_INTERVAL == 3.0 and "one request every three seconds" in text
    for label, value in (("to connect", svc.connect_timeout), ("silence while reading", svc.read_timeout),
                         ("one attempt, from connecting to the last byte of the answer", svc.request_deadline),
                         ("one answer: waiting for the turn, attempts and the waits between them", svc.deadline)):
        assert f"| {label} | {value:g} s |" in text, label
    assert f"| size of an answer (decoded) | {svc.max_bytes // 1_000_000} MB |" in text
    policy = svc.retry
    waits = [policy.backoff_after(n) for n in range(1, policy.attempts)]
    assert f"{policy.attempts} attempts in all, {waits[0]:g}, {waits[1]:g} and {waits[2]:g} s apart" in text
    assert f"up to {policy.max_retry_after:g} s" in text
    for phrase, key in (("title", "title"), ("abstract", "abstract"), ("an author's name", "author"),
                        ("authors", "authors"), ("an affiliation", "affiliation"), ("comment", "comment"),
                        ("journal ref", "journal_ref"), ("DOI", "doi")):
        assert (f"{phrase} {CAPS[key]:,}" in text or f"{CAPS[key]:,} {phrase}" in text), phrase
    assert f"{CAPS['affiliations']} per author" in text
    assert f"{CAPS['categories']} arXiv categories of {CAPS['category']} characters" in text


def test_retry_lines(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from vlacli.sources.net import Retry

    event = Retry("arXiv", "did not answer (timeout)", 6.0, 3, 4)
    Progress(quiet=False, label="arXiv requests").retry(event)
    Progress(quiet=True, label="arXiv requests").retry(event)
    assert capsys.readouterr().err == "arXiv did not answer (timeout); retrying in 6 s, attempt 3 of 4\n"

    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def flush(self) -> None:
            raise BrokenPipeError

        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stderr", Closed())
    Progress(quiet=False, label="arXiv requests").retry(event)  # a retry line that cannot be written is no failure
