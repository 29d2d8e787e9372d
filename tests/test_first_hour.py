"""A new user's first hour (issue 14): help with examples and metavars, whole summaries, one sort order,
closed pipes, lint's summary per rule and its styles, plurals, the pre-commit hooks and the dev extra."""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Invoke, page
from rich.console import Console
from typer.testing import CliRunner

from vlacli import Catalog
from vlacli.cli.app import COMMANDS, app
from vlacli.core.paper import Paper

README = (ROOT / "README.md").read_text(encoding="utf-8")


def leaf_helps(vla: Invoke) -> dict[str, str]:
    """Every runnable command's --help, by its words after `vla` (`category add` for a subcommand)."""
    out = {}
    for name in COMMANDS:
        text = vla(name, "--help").stdout
        subs = re.findall(r"^  (\w+)  ", text.split("Commands:")[1], re.M) if "Commands:" in text else []
        if subs:
            out.update({f"{name} {sub}": vla(name, sub, "--help").stdout for sub in subs})
        else:
            out[name] = text
    return out


def examples_in(help_text: str) -> list[str]:
    assert "Examples:" in help_text, help_text
    return [line.strip() for line in help_text.split("Examples:")[1].splitlines() if line.strip()]


def test_every_command_shows_one_to_three_examples(vla: Invoke) -> None:
    helps = leaf_helps(vla)
    assert "category add" in helps and "category remove" in helps
    for name, text in helps.items():
        examples = examples_in(text)
        assert 1 <= len(examples) <= 3, name
        assert all(e.startswith(f"vla {name.split()[0]}") or e.startswith("vla -C") for e in examples), name


def test_every_example_parses(commands_parsed: list[str]) -> None:
    """Each example goes through the real parser (options, arguments, types); the command is not run."""
    total = 0
    for name, entry in COMMANDS.items():
        assert entry.examples, name
        for example in entry.examples:
            words = shlex.split(example.split(" > ")[0])
            assert words[0] == "vla" and name in words, example
            before = len(commands_parsed)
            res = CliRunner().invoke(app, words[1:], catch_exceptions=False)
            assert res.exit_code == 0 and len(commands_parsed) == before + 1, (example, res.output)
            total += 1
    assert total >= 2 * len(COMMANDS)


def test_metavars_say_what_to_give(vla: Invoke) -> None:
    for name, text in leaf_helps(vla).items():
        assert not re.search(r"<[^>\n]*>", text.split("Options:")[1].replace("<!--", "").replace("-->", "")), name
        assert re.match(r"Usage: vla [\w -]+ \[OPTIONS\]( (\{[A-Z]+(\.\.\.)?\}|\[[A-Z]+(\.\.\.)?\]))*\n", text), name
    assert "-C, --catalog DIR" in vla("list", "--help").stdout
    assert "-c, --category CATEGORY" in vla("list", "--help").stdout
    assert "--taxonomy FILE" in vla("init", "--help").stdout
    assert "--website URL" in vla("set", "--help").stdout
    assert "Usage: vla show [OPTIONS] {ID}" in vla("show", "--help").stdout
    assert "Usage: vla import [OPTIONS] {FORMAT} {FILE}" in vla("import", "--help").stdout


def test_summaries_are_whole_in_vla_help(vla: Invoke) -> None:
    text = vla("--help").stdout
    assert "..." not in text.split("Reading:")[1]
    flat = " ".join(text.split())
    for name, entry in COMMANDS.items():
        assert f"{name} {entry.summary}" in flat, name
    assert "-C, --catalog DIR" in text and "--install-completion" in text


def test_vla_help_lists_the_commands_by_task(vla: Invoke) -> None:
    """Each command in one panel of PANELS, the panels in their order, each command under its own."""
    from vlacli.cli.app import PANELS

    for name, entry in COMMANDS.items():
        assert entry.panel in PANELS, f"vla {name} has no panel of vla --help: give it one of {PANELS}"
    text = vla("--help").stdout
    found = re.findall(r"^(\S[^\n]*):\n((?:  .*\n)+)", text, re.M)
    panels = [(title, re.findall(r"^  (\S+)  ", rows, re.M)) for title, rows in found if title in PANELS]
    assert [title for title, _ in panels] == [p for p in PANELS if any(e.panel == p for e in COMMANDS.values())]
    for title, names in panels:
        assert names == [n for n, e in COMMANDS.items() if e.panel == title], title
    assert sum(len(names) for _, names in panels) == len(COMMANDS)


def test_vla_help_says_where_to_start(vla: Invoke, commands_parsed: list[str]) -> None:
    """The examples under `vla --help` are shown, and parse (the commands are not run)."""
    from vlacli.cli.app import START_HERE

    text = vla("--help").stdout
    start = text.split("Start here:")[1].split("Exit codes:")[0]
    assert all(line == line.rstrip() and len(line) <= 78 for line in start.splitlines() if line.strip())  # 80 columns
    for command, what in START_HERE:
        assert f"  {command}" in text and what in text
        if "COMMAND" in command:
            continue
        before = len(commands_parsed)
        res = CliRunner().invoke(app, shlex.split(command)[1:], catch_exceptions=False)
        assert res.exit_code == 0 and len(commands_parsed) == before + 1, (command, res.output)


def test_help_and_list_stay_fast() -> None:
    """Completion and -C at the root load nothing more for `vla --help` and `vla list`: no command
    module but the one that runs, no heavy library (see also test_docs)."""
    probe = (
        "import sys, io, contextlib\n"
        "from vlacli.cli.app import app\n"
        "for argv in (['--help'], ['-C', 'catalog', 'list', '--format', 'tsv']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            app(argv)\n"
        "        except SystemExit:\n"
        "            pass\n"
        "    mods = sorted(m for m in sys.modules if m.startswith('vlacli.cli.commands.'))\n"
        "    print(argv[0], mods, 'rich.table' in sys.modules, 'vlacli.ops.categories' in sys.modules)\n"
    )
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert res.stdout.splitlines() == ["--help [] False False",
                                       "-C ['vlacli.cli.commands.read'] False False"], res.stderr


# -- one order ------------------------------------------------------------------------------------------
def test_papers_without_a_year_come_last_in_list_as_in_exports(vla: Invoke, empty_catalog: Path) -> None:
    cat = Catalog(empty_catalog)
    for key, year in (("2401.00001", 2024), ("someday", None), ("2301.00001", 2023)):
        cat.add(Paper(key=key, arxiv=None if year is None else key, title=f"Paper {key}", year=year,
                      categories=["quantization"]))
    ids = vla("list", "-f", "ids", "-C", str(empty_catalog)).stdout.split()
    assert ids == ["2301.00001", "2401.00001", "someday"]
    assert vla("list", "-f", "ids", "-r", "-C", str(empty_catalog)).stdout.split() == [
        "2401.00001", "2301.00001", "someday"]
    md = vla("export", "markdown", "-C", str(empty_catalog)).stdout
    assert md.index("2301.00001") < md.index("2401.00001") < md.index("Paper someday")


# -- closed pipes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [["list", "-f", "table"], ["list"], ["categories"], ["show", "2506.01844"], ["lint"]])
def test_a_closed_pipe_exits_0(args: list[str], survey_catalog: Path) -> None:
    """`vla list -f table | head`: the reader has gone before vla writes (deterministically: the pipe's
    read end is closed before vla starts). Exit 0, nothing on stderr."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "vlacli", *args, "-C", str(survey_catalog)], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (0, "")


# -- lint -----------------------------------------------------------------------------------------------
def many_problems(root: Path) -> None:
    cat = Catalog(root)
    for i in range(1, 9):
        cat.add(Paper(key=f"2401.0000{i}", arxiv=f"2401.0000{i}", title=f"Paper {i}", year=2024,
                      categories=["quantization"] if i > 1 else []))


def test_lint_summary_line_per_rule(vla: Invoke, empty_catalog: Path) -> None:
    many_problems(empty_catalog)
    res = vla("lint", "-C", str(empty_catalog))
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert sum("[no-authors]" in line for line in lines) == 5
    assert "no-authors: 8 warnings (5 shown; all: vla lint --rule no-authors)" in lines
    assert "no-category: 1 error" in lines
    assert lines[-1] == "8 papers: 1 error, 26 warnings"
    res = vla("lint", "--rule", "no-authors", "-C", str(empty_catalog))
    assert res.exit_code == 0 and sum("[no-authors]" in line for line in res.stdout.splitlines()) == 8
    assert res.stdout.endswith("no-authors: 8 warnings\n8 papers: 0 errors, 8 warnings\n")
    res = vla("lint", "--rule", "no-author", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr.startswith("error: unknown lint rule 'no-author' (one of: duplicate-id, ")


def test_lint_styles_errors_and_warnings_apart_on_a_terminal(vla: Invoke, empty_catalog: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    many_problems(empty_catalog)
    assert "\x1b[" not in vla("lint", "-C", str(empty_catalog)).stdout  # piped: plain
    from vlacli.cli import render

    term = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="standard", highlight=False)
    monkeypatch.setattr(render, "console", term)
    vla("lint", "-C", str(empty_catalog))
    out = term.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1;31merror\x1b[0m" in out and "\x1b[33mwarning\x1b[0m" in out
    assert "no-category: \x1b[1;31m1 error\x1b[0m" in out


def test_plurals(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    bib = tmp_path / "one.bib"
    bib.write_text("@misc{k, title={Only one}, eprint={2501.00001}}\n", encoding="utf-8")
    res = vla("import", "bibtex", str(bib), "-C", str(empty_catalog))
    assert res.stdout.splitlines()[0] == f"{bib} into {empty_catalog}"
    assert res.stdout.endswith(f"{bib}: 1 paper added, 0 repeats merged, 0 updated, 0 already up to date, "
                               "0 conflicts, 0 unreadable\n")
    res = vla("lint", "--rule", "no-category", "-C", str(empty_catalog))
    assert res.stdout.endswith("no-category: 1 error\n1 paper: 1 error, 0 warnings\n")


# -- the dev extra and the pre-commit hooks -------------------------------------------------------------
def test_dev_extra_installs_the_development_tools() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = project["optional-dependencies"]["dev"]
    names = {re.split(r"[<>=\[ ]", d)[0] for d in dev}
    assert {"ruff", "mypy", "pre-commit"} <= names and "vla" in names  # vla[test]: the tests' own
    block = re.search(r"## Development\n.*?```bash\n(.*?)```", README, re.S)
    assert block is not None and "pip install -e '.[dev]'" in block.group(1)
    assert "ruff check src tests scripts && mypy" in block.group(1)


def test_pre_commit_hooks_file() -> None:
    """The manifest pre-commit reads: a list of hooks, each with the keys pre-commit requires, and the
    ids the README's snippet names."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and hooks
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert hook["language"] == "python" and hook["entry"].split()[0] == "vla"
        assert set(hook) <= {"id", "name", "entry", "language", "description", "files", "pass_filenames",
                             "always_run", "types", "args", "stages"}, hook
        re.compile(hook.get("files", ""))
        words = shlex.split(hook["entry"])[1:]
        assert words[0] in COMMANDS
    ids = {h["id"] for h in hooks}
    snippet = re.search(r"```yaml\nrepos:\n(.*?)```", page("guides/lint.md"), re.S)
    assert snippet is not None
    used = set(re.findall(r"- id: ([\w-]+)", snippet.group(1)))
    assert used and used <= ids
    rev = re.search(r"rev: (\S+)", snippet.group(1))
    assert rev is not None and not rev.group(1).startswith("v0."), "the repository has no tags to name"
    assert "v0.1.0" not in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


def test_pre_commit_hook_entries_run(vla: Invoke, survey_catalog: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    readme = survey_catalog.parent / "README.md"
    readme.write_text("# List\n<!-- vla:begin -->\n<!-- vla:end -->\n", encoding="utf-8")
    assert vla("export", "markdown", "--in-place", str(readme), "-C", str(survey_catalog)).exit_code == 0
    os.chdir(survey_catalog.parent)  # where pre-commit runs a hook: the repository's top
    for hook in hooks:
        res = vla(*shlex.split(hook["entry"])[1:], "-C", str(survey_catalog))
        assert res.exit_code == 0, (hook["id"], res.output)
