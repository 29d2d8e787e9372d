"""The arXiv commands' help, README section, import cost and progress bar."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Invoke

from vlacli.cli.commands import arxiv as arxiv_cmd

COMMANDS = ("add", "refresh", "resolve")


@pytest.mark.parametrize("name", COMMANDS)
def test_help_and_readme(vla: Invoke, name: str) -> None:
    res = vla(name, "--help")
    assert res.exit_code == 0 and "Usage: vla " + name in res.stdout
    assert f"`vla {name}" in (ROOT / "README.md").read_text()


def test_readme_section() -> None:
    text = (ROOT / "README.md").read_text()
    assert "### Adding papers from arXiv" in text and "<!-- section: arxiv -->" not in text
    for needle in ("VLA_ARXIV_URL", "VLA_CACHE_DIR", "--offline", "--dry-run", "--apply", "--from",
                   "one request every three"):
        assert needle in text


def test_help_does_not_import_network_or_xml_libraries() -> None:
    code = ("import sys\nfrom vlacli.cli.app import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "import vlacli.arxiv\n"
            "print(sorted(m for m in ('httpx', 'defusedxml', 'bibtexparser') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    bar = arxiv_cmd._Bar(quiet=False)
    bar(0, 1)
    assert bar._progress is None  # one request: no bar
    bar(1, 3)
    assert bar._progress is not None
    bar.close()
    quiet = arxiv_cmd._Bar(quiet=True)
    quiet(1, 3)
    assert quiet._progress is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    piped = arxiv_cmd._Bar(quiet=False)
    piped(1, 3)
    assert piped._progress is None


def test_read_id_lines(tmp_path: Path) -> None:
    import io

    from vlacli.arxiv.add import read_id_lines

    text = "# header\n\n  2506.01844  \nhttps://arxiv.org/abs/2410.05273#frag\n1605.08386 # note\n"
    assert read_id_lines(io.StringIO(text)) == ["2506.01844", "https://arxiv.org/abs/2410.05273#frag",
                                                "1605.08386"]
