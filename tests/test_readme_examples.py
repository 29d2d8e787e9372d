"""A walkthrough of the README and the docs' pages as a new user makes it: every ```console block whose
commands can run here is run (in a fresh survey repository, a home folder of its own, or against the arXiv
replay server), after the files its page shows with a title (```markdown title="~/list/README.md"), and
its output compared; every other `vla …` the pages show names a real command and parses with the real
parser."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import BUNDLED, PAGES, ROOT, Invoke
from typer.testing import CliRunner

from vlacli.cli.app import COMMANDS, app

TEXTS = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in PAGES}
# A fenced code block: its fence on a line of its own, its info string (language, title="…"), its text.
FENCED = re.compile(r"^(?P<fence>```+)(?P<info>[^`\n]*)\n(?P<text>.*?)^(?P=fence)[ \t]*$", re.M | re.S)


def fenced(text: str) -> list[tuple[int, str, str]]:
    """Every fenced block of a page: (line of its fence, info string, text)."""
    return [(text[:m.start()].count("\n") + 1, m.group("info").strip(), m.group("text"))
            for m in FENCED.finditer(text)]


# (page, line, text) of every console block
BLOCKS = [(name, line, block) for name, text in TEXTS.items() for line, info, block in fenced(text)
          if info == "console"]
# A page's files, written before its console blocks run: {page: {path: text}}
FILES = {name: {m.group(1): block for _, info, block in fenced(text) if (m := re.search(r'title="([^"]+)"', info))}
         for name, text in TEXTS.items()}
# Console blocks run elsewhere, with the setting they need: name the test that checks each.
ELSEWHERE = {
    "$ vla add 2506.01844\narXiv answered HTTP 503": "test_arxiv_client / test_net_*: retries against scripted faults",
    "$ vla sync README.md\n": "test_sync.test_the_readme_example: a README people edited",
    "$ vla watch --since 2022-01-01\n": "test_watch_arxiv: saved searches over the replay server's recorded answers",
    "$ vla venues --all\n": "test_venues_cli: the bundled survey against the Semantic Scholar stand-in",
}
# Commands the pages may name before they land from another branch.
PENDING: set[str] = set()
HOME_SHOWN = "/home/me"


def runnable() -> list[tuple[str, int, str]]:
    return [(name, line, text) for name, line, text in BLOCKS if not any(text.startswith(k) for k in ELSEWHERE)]


def steps(block: str) -> list[tuple[str, list[str]]]:
    """A console block's commands, each with the lines it prints."""
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        else:
            out[-1][1].append(line)
    return out


def test_every_console_block_is_run_here_or_elsewhere() -> None:
    assert len(BLOCKS) >= 8 and {name for name, _, _ in BLOCKS} >= {"docs/guides/adopting.md",
                                                                    "docs/getting-started.md"}
    for key in ELSEWHERE:
        assert sum(text.startswith(key) for _, _, text in BLOCKS) == 1, key
    assert len(runnable()) == len(BLOCKS) - len(ELSEWHERE)


@pytest.mark.parametrize(("page", "line", "block"), runnable(), ids=[f"{p}:{line}" for p, line, _ in runnable()])
def test_console_block(page: str, line: int, block: str, vla: Invoke, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    home = tmp_path / "home"
    repo = tmp_path / "survey-repo"  # a survey's repository: README.md beside catalog/
    home.mkdir()
    shutil.copytree(BUNDLED, repo / "catalog")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(repo)
    for path, text in FILES[page].items():  # the files the page shows, where it says they are
        target = Path(os.path.expanduser(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if "vla add 1605.08386" in block:  # arXiv's recorded answers, served on 127.0.0.1
        request.getfixturevalue("server")
        shutil.rmtree(repo / "catalog" / "papers")
        (repo / "catalog" / "papers").mkdir()
    for command, expected in steps(block):
        words = [os.path.expanduser(w) for w in shlex.split(command)]
        if words[0] == "cd":
            monkeypatch.chdir(words[1])
            continue
        assert words[0] == "vla", command
        res = vla(*words[1:])
        out, err = (text.replace(str(home), HOME_SHOWN).splitlines() for text in (res.stdout, res.stderr))
        # A terminal shows both streams; the README shows them in the order they are written.
        on_err = [shown for shown in expected if any(matches(shown, e) for e in err)]
        assert len(on_err) == len(err), (f"{page} line {line}: {command}", err)
        rest = [shown for shown in expected if shown not in on_err]
        assert len(rest) == len(out), (f"{page} line {line}: {command}", out)
        for shown, printed in zip(rest, out, strict=True):
            assert matches(shown, printed), (page, line, shown, printed)


def matches(shown: str, printed: str) -> bool:
    """Is ``printed`` what the README shows, where "…" stands for what it leaves out?"""
    return re.fullmatch(".*?".join(map(re.escape, shown.split("…"))), printed) is not None


# -- every other `vla …` the pages show -------------------------------------------------------------------
SAMPLES = {"ID": "2506.01844", "CATEGORY": "quantization", "FILE": "refs.bib", "DIR": "/tmp/x", "FORMAT": "csv",
           "README": "README.md", "X": "quantization", "W": "diffusion", "SLUG": "robotics", "NAME": "Robotics",
           "RULE": "no-authors", "TEXT": "diffusion", "WORD": "robots", "COMMAND": "list"}


def shown_commands() -> list[str]:
    """Every `vla …` of the pages: code spans, and the lines of code blocks."""
    found = []
    for text in TEXTS.values():
        blocks = fenced(text)
        prose = FENCED.sub("", text)
        found += re.findall(r"(?<!`)`(vla [^`]+)`(?!`)", prose)
        for _, _, block in blocks:
            found += [m.group(1) for m in re.finditer(r"(?:^|\$ |run: |&& )(vla [^\n#]*)", block, re.M)]
    out = []
    for text in found:
        for part in " ".join(text.split()).split("&&"):
            part = part.strip()
            if part.startswith("vla "):
                out.append(part.replace("<TAB>", ""))
    return out


def test_every_command_the_pages_name_exists() -> None:
    shown = shown_commands()
    assert len(shown) > 80
    for text in shown:
        word = shlex.split(text.replace("'", ""))[1]
        if word.startswith("-") or word in SAMPLES:
            continue
        assert word in COMMANDS or word in PENDING, text


def test_every_complete_command_the_pages_show_parses(commands_parsed: list[str]) -> None:
    """Those written out in full (not a synopsis with […], "…" or a|b) go through the real parser,
    placeholders filled in; the command itself is not run."""
    parsed = 0
    for text in dict.fromkeys(shown_commands()):
        if re.search(r"[…\[|]|/--", text) or "-completion" in text:
            continue  # completion's script depends on the shell that runs the tests: test_completion has each
        words = [SAMPLES.get(w, w) for w in shlex.split(text.split(" > ")[0])][1:]
        if words[0] in PENDING:
            continue
        if not words[0].startswith("-") and len(words) == 1 and words[0] not in ("list", "categories", "lint",
                                                                               "init", "resolve", "sync"):
            continue  # a command named in prose (`vla add`), not an example
        if len(words) <= 2 and words[0] in ("export", "import", "category", "show", "tag", "untag", "set", "remove",
                                            "add", "refresh"):
            continue  # `vla import markdown`: a format or a subcommand named in prose
        before = len(commands_parsed)
        res = CliRunner().invoke(app, words, catch_exceptions=False)
        if res.exit_code == 2 and "requires an argument" in res.output and words[-1].startswith("--"):
            continue  # an option named in prose (`vla lint --readme`)
        ran = len(commands_parsed) == before + 1 or words[-1] == "--help"
        assert (res.exit_code, ran) == (0, True), (text, res.output)
        parsed += 1
    assert parsed >= 30
