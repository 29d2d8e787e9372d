"""Shell completion through Typer's own protocol (the `_VLA_COMPLETE` environment variable), in-process:
commands, options, category slugs and paper keys, for bash, zsh and fish."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlacli.cli.app import app


def complete(shell: str, line: str, **env: str) -> list[str]:
    """What the shell would offer for ``line`` (the word being typed is its last, maybe empty)."""
    words = line.split(" ")
    if shell == "bash":
        env.update({"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    res = CliRunner().invoke(app, [], env={"_VLA_COMPLETE": f"complete_{shell}", **env}, prog_name="vla")
    assert res.exit_code == 0, res.output
    out = res.stdout
    if shell == "bash":
        return out.split()
    if shell == "fish":
        return [line.split("\t")[0] for line in out.splitlines() if line]
    # zsh: _arguments '*: :(("value":"help" "value" ...))'
    import re

    inner = re.search(r"\(\((.*)\)\)", out, re.S)
    return re.findall(r'"((?:[^"\\]|\\.)*)"(?::"(?:[^"\\]|\\.)*")?', inner.group(1)) if inner else []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_commands_options_categories_and_papers(shell: str, survey_catalog: Path) -> None:
    assert complete(shell, "vla li") == ["list", "lint"]
    assert "category" in complete(shell, "vla cat") and "categories" in complete(shell, "vla cat")
    assert complete(shell, "vla list --so") == ["--sort"]
    assert complete(shell, "vla list --sort ti") == ["title"]
    c = str(survey_catalog)
    assert complete(shell, f"vla list -C {c} -c quant") == ["quantization"]
    assert complete(shell, f"vla -C {c} list -c token") == ["token-optimization"]  # -C before the command
    assert complete(shell, f"vla -C {c} tag 2506.0184") == ["2506.01844"]
    assert complete(shell, f"vla -C {c} show mini") == ["minivla"]
    assert complete(shell, f"vla -C {c} tag 2506.01844 layer") == ["layer-pruning"]
    assert complete(shell, f"vla -C {c} category remove quant") == ["quantization"]
    assert complete(shell, "vla lint --rule no-a") == ["no-authors"]


def test_completion_finds_the_catalog_you_stand_in(survey_catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(survey_catalog / "papers")
    assert complete("bash", "vla show mini") == ["minivla"]


def test_no_catalog_no_candidates(tmp_path: Path) -> None:
    assert complete("bash", f"vla -C {tmp_path / 'nope'} show mini") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_scripts(shell: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # take the shell as an argument
    res = CliRunner().invoke(app, ["--show-completion", shell], prog_name="vla")
    assert res.exit_code == 0, res.output
    assert "_VLA_COMPLETE" in res.stdout and f"complete_{shell}" in res.stdout


def test_help_offers_completion(vla: object) -> None:
    res = CliRunner().invoke(app, ["--help"], prog_name="vla")
    assert "--install-completion" in res.stdout and "--show-completion" in res.stdout
