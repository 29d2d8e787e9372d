"""The documentation site: `mkdocs build --strict` passes (no broken link or anchor, no page left out of the
navigation), its pages name every command `vla --help` lists, and the CLI reference has every command,
subcommand and option of the Typer app."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from conftest import CLI_REFERENCE, DOCS, ROOT, Invoke
from tools import requires

from vlacli.cli.app import COMMANDS, PANELS


def listed_by_help(vla: Invoke) -> list[str]:
    """The commands `vla --help` lists, read from its panels."""
    text = vla("--help").stdout
    names = []
    for title, rows in re.findall(r"^(\S[^\n]*):\n((?:  .*\n)+)", text, re.M):
        if title in PANELS or title == "Other commands":
            names += re.findall(r"^  (\S+)  ", rows, re.M)
    return names


def test_vla_help_lists_every_command(vla: Invoke) -> None:
    assert sorted(listed_by_help(vla)) == sorted(COMMANDS)


@requires("mkdocs", "material")
def test_mkdocs_builds_the_site_strictly_and_its_pages_name_every_command(tmp_path: Path, vla: Invoke) -> None:
    site = tmp_path / "site"
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                          str(ROOT / "mkdocs.yml"), "--site-dir", str(site)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "WARNING" not in res.stderr, res.stderr
    built = {p.relative_to(site): p.read_text(encoding="utf-8") for p in site.rglob("index.html")}
    sources = {p.relative_to(DOCS) for p in DOCS.rglob("*.md")}
    assert len(built) >= len(sources), "a page of docs/ was not built"

    def text(page: str) -> str:  # a built page as a reader sees it: no tags, entities decoded
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())

    reference = text(built[Path("reference/cli/index.html")])
    written = " ".join(text(t) for p, t in built.items() if p != Path("reference/cli/index.html"))
    for name in listed_by_help(vla):
        assert f"vla {name}" in reference, name
        assert re.search(rf"vla {re.escape(name)}\b", written), f"only the reference names vla {name}"


def test_the_cli_reference_has_every_command_subcommand_and_option() -> None:
    import typer

    from vlacli.cli.app import app

    reference = CLI_REFERENCE.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    checked = 0
    stack: list[tuple[str, object]] = [("vla", group)]
    stack += [(f"vla {name}", group.get_command(None, name)) for name in COMMANDS]  # type: ignore[attr-defined]
    while stack:
        path, command = stack.pop()
        heading = "## vla" if path == "vla" else f"{'#' * (2 + path.count(' '))} {path}"
        assert f"\n{heading}\n" in reference, path
        section = reference.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]  # up to the next heading
        for param in getattr(command, "params", []):
            for opt in [*param.opts, *param.secondary_opts]:
                if opt.startswith("-"):
                    assert opt in section, (path, opt)
                    checked += 1
        for sub_name, sub in getattr(command, "commands", {}).items():
            if path != "vla":
                stack.append((f"{path} {sub_name}", sub))
    assert checked > 150
