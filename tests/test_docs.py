"""Every command has help text and is documented in the docs' pages; the README is a page and its quick start
is what CI runs; the reference parts of the docs are generated from the code."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import CLI_REFERENCE, PAGES, ROOT, Invoke, page

from vlacli.cli.app import COMMANDS, load_command

README = page("README.md")
GUIDES = "\n".join(p.read_text(encoding="utf-8") for p in PAGES if p.name != "README.md")  # written by hand
REFERENCE = CLI_REFERENCE.read_text(encoding="utf-8")


def commands() -> list[str]:
    return list(COMMANDS)


def test_summaries_are_the_docstrings() -> None:
    import typer

    for name, entry in COMMANDS.items():
        target = load_command(name)
        doc = (target.info.help if isinstance(target, typer.Typer) else target.__doc__) or ""
        assert doc.strip().splitlines()[0] == entry.summary, name


def test_every_command_has_help_and_is_in_the_docs(vla: Invoke) -> None:
    """Each command has its --help, its section in the CLI reference, a line in the README's commands by
    task, and is named in a page people wrote (a guide, getting started)."""
    names = commands()
    assert {"list", "show", "categories", "init", "tag", "untag", "set", "remove", "import", "export", "add",
            "refresh", "resolve", "lint"} <= set(names)
    for name in names:
        res = vla(name, "--help")
        assert res.exit_code == 0, name
        assert len(res.stdout) > 80, name
        assert f"### vla {name}\n" in REFERENCE, f"'vla {name}' is not in docs/reference/cli.md"
        assert f"[`vla {name}`](docs/reference/cli.md#" in README, f"'vla {name}' is not in the README's commands"
        assert re.search(rf"`vla {re.escape(name)}[ `]", GUIDES), f"no page of docs/ names 'vla {name}'"


def test_the_readme_is_a_page_read_in_five_minutes() -> None:
    assert len(README.splitlines()) <= 250
    for link in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / link).exists(), link


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", README, re.S)
    assert block is not None
    lines = [x for x in block.group(1).splitlines() if x.strip()]
    assert lines == ["pip install . && vla list", "pip install -e '.[test]' && python -m pytest"]
    assert "grep -m1 -E \"^pip install -e '\\.\\[test\\]' && \" README.md" in (ROOT / ".ci" / "run").read_text()


def test_exit_codes_are_documented() -> None:
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 130 |"):
        assert code in page("reference/exit-codes.md")


def test_help_names_every_exit_code(vla: Invoke) -> None:
    from vlacli.errors import EXIT_CODES

    said = re.search(r"Exit codes: ([^.]*)\.", " ".join(vla("--help").stdout.split()))
    assert said is not None
    assert [int(part.split()[0]) for part in said.group(1).split(", ")] == list(EXIT_CODES)


def test_help_and_list_do_not_import_heavy_modules() -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from vlacli.cli.app import app\n"
        "for argv in (['--help'], ['list', '--format', 'tsv']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            app(argv)\n"
        "        except SystemExit:\n"
        "            pass\n"
        "    bad = sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "                 ('httpx', 'bibtexparser', 'pybtex', 'defusedxml', 'pydantic', 'tomli_w', 'httpcore',\n"
        "                  'markdown_it', 'jinja2', 'markupsafe', 'json', 'hashlib'))\n"
        "    bad += [m for m in ('vlacli.formats.exporters.markdown', 'vlacli.formats.exporters.rowstyles')\n"
        "            if m in sys.modules]\n"
        "    assert not bad, (argv, bad)\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert res.stdout.strip() == "ok", res.stderr


def test_reference_parts_are_generated_from_the_code() -> None:
    """The CLI reference, and the tables of commands, formats, environment variables, lint rules, paper
    fields, JSON keys, CSV columns, exit codes and packages in the README and docs/, are what
    scripts/gen_docs.py makes of the code now."""
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True,
                         text=True, cwd=ROOT)
    assert res.returncode == 0, res.stdout + res.stderr


def test_every_registered_format_is_reachable_and_documented(vla: Invoke) -> None:
    from vlacli.formats.exporters import EXPORTERS
    from vlacli.formats.importers import IMPORTERS

    export_help = vla("export", "--help").stdout
    import_help = vla("import", "--help").stdout
    for name in EXPORTERS:
        assert name in export_help, name
        assert f"vla export {name}" in GUIDES, name
    for name in IMPORTERS:
        assert name in import_help, name
        assert f"vla import {name}" in GUIDES, name
    listable = [f.name for f in EXPORTERS.values() if f.listable]
    list_help = vla("list", "--help").stdout
    assert all(name in list_help for name in listable)


def test_every_lint_finding_is_a_registered_rule() -> None:
    import re as re_

    from vlacli.core.findings import RULES

    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "vlacli").rglob("*.py"))
    used = set(re_.findall(r'Finding\.of\("([a-z-]+)"', sources))
    assert used <= set(RULES), used - set(RULES)
    assert used == set(RULES), set(RULES) - used
