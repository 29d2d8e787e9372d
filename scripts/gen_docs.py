"""Regenerate the documentation's reference parts from the code, so they cannot drift.

    python scripts/gen_docs.py           # rewrite the generated blocks and files
    python scripts/gen_docs.py --check   # exit 1, naming them, if any is stale (a test runs this)

A generated block lies between ``<!-- docs:NAME -->`` and ``<!-- /docs:NAME -->`` in README.md or a page of
docs/ (each block in at least one of them); everything else in those files is written by hand. The CLI
reference, docs/reference/cli.md, is generated whole: every command, subcommand and option, as its
``--help`` prints it, grouped by the panels of ``vla --help``.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CLI_REFERENCE = DOCS / "reference" / "cli.md"
PACKAGE = ROOT / "src" / "vlacli"


def _code(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _by_panel() -> list[tuple[str, list[str]]]:
    """The panels of `vla --help` in its order, each with its commands (a command given no panel yet
    under "Other commands", last)."""
    from vlacli.cli.app import COMMANDS, PANELS

    out = [(panel, [n for n, e in COMMANDS.items() if e.panel == panel]) for panel in PANELS]
    out.append(("Other commands", [n for n, e in COMMANDS.items() if e.panel not in PANELS]))
    return [(panel, names) for panel, names in out if names]


def _anchor(title: str) -> str:
    """The anchor MkDocs (and GitHub) give a heading such as ``vla category add``."""
    return re.sub(r"[^\w\- ]", "", title.lower()).strip().replace(" ", "-")


def commands() -> str:
    from vlacli.cli.app import COMMANDS

    rows = [f"| {panel if i == 0 else ''} | [`vla {name}`](#{_anchor('vla ' + name)}) | {COMMANDS[name].summary} |"
            for panel, names in _by_panel() for i, name in enumerate(names)]
    return "\n".join(["| task | command | what it does |", "|---|---|---|", *rows])


def commands_by_task() -> str:
    """The README's list of commands, one line a panel, each linked to its reference."""
    return "\n".join(
        f"- **{panel}**: " + ", ".join(f"[`vla {n}`](docs/reference/cli.md#{_anchor('vla ' + n)})" for n in names)
        for panel, names in _by_panel())


def formats() -> str:
    from vlacli.formats.exporters import EXPORTERS
    from vlacli.formats.importers import IMPORTERS

    rows = [f"| `vla export {f.name}` | {f.summary} | {_code(sorted(f.options)) or '—'} |" for f in EXPORTERS.values()]
    rows += [f"| `vla import {f.name}` | {f.summary} | {_code(sorted(f.options)) or '—'} |" for f in IMPORTERS.values()]
    return "\n".join(["| format | what it reads or writes | its own options |", "|---|---|---|", *rows])


def environment() -> str:
    from vlacli.settings import VARIABLES

    rows = (f"| `{name}` | {meaning} |" for name, meaning in VARIABLES.items())
    return "\n".join(["| variable | meaning |", "|---|---|", *rows])


def lint_rules() -> str:
    from vlacli.core.findings import RULES

    return "\n".join(["| level | code | finding |", "|---|---|---|",
                      *(f"| {r.level} | `{r.code}` | {r.finding} |" for r in RULES.values())])


def verify_problems() -> str:
    from vlacli.ops.verify import PROBLEMS

    return "\n".join(["| level | code | problem |", "|---|---|---|",
                      *(f"| {level} | `{code}` | {what} |" for code, (level, what) in PROBLEMS.items())])


def paper_fields() -> str:
    from vlacli.core.fields import LIST_OF_TABLES, OWNER_WORDS, TABLE, Field

    def kind(f: Field) -> str:
        if f.type is list:
            return "list of tables" if f.name in LIST_OF_TABLES else "list of strings"
        return {str: "string", int: "integer", dict: "table"}[f.type]

    def owner(f: Field) -> str:
        return OWNER_WORDS[f.owner] + (" (pinned when set or cleared)" if f.pins else "")

    return "\n".join(["| field | type | owned by | meaning |", "|---|---|---|---|",
                      *(f"| `{f.name}` | {kind(f)} | {owner(f)} | {f.doc} |" for f in TABLE)])


def json_keys() -> str:
    from vlacli.formats.exporters.tabular import JSON_FIELDS

    return f"JSON keys, in order: {_code(JSON_FIELDS)}."


def csv_columns() -> str:
    from vlacli.formats.exporters.tabular import CSV_FIELDS

    return f"CSV columns, in order: {_code(CSV_FIELDS)}."


def exit_codes() -> str:
    from vlacli.errors import EXIT_CODES

    return "\n".join(["| code | meaning |", "|---|---|", *(f"| {c} | {m} |" for c, m in EXIT_CODES.items())])


# -- the map of the code: each package's docstring ----------------------------------------------------------
def _docstring(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    # Sphinx's roles as plain code: :mod:`.paper` -> `paper`, :class:`~.catalog.Catalog` -> `Catalog`
    doc = re.sub(r":\w+:`~?\.?([^`]*?)`", lambda m: f"`{m.group(1).split('.')[-1]}`", doc)
    return re.sub(r"``([^`]+)``", r"`\1`", doc)  # reST's literals as Markdown's


def _packages() -> list[Path]:
    """vla's packages in the order of its layer contract (pyproject.toml), the CLI on top."""
    layers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    order = [m.split(".")[1] for m in layers["contracts"][0]["layers"] if m.count(".") == 1 and "|" not in m]
    found = sorted(p.parent for p in PACKAGE.glob("*/__init__.py"))
    return sorted(found, key=lambda p: order.index(p.name) if p.name in order else len(order))


def packages() -> str:
    """The README's short map: each package with the first line of its docstring."""
    rows = [f"| [`{p.name}/`](docs/code-map.md#{p.name}) | {_docstring(p / '__init__.py').splitlines()[0]} |"
            for p in _packages()]
    return "\n".join(["| package | what it holds |", "|---|---|", *rows])


def code_map() -> str:
    """docs/code-map.md's map: each package's docstring whole, its modules, then the top modules."""
    out = []
    for p in _packages():
        doc = _docstring(p / "__init__.py")
        modules = sorted(m.stem for m in p.glob("*.py") if m.stem != "__init__")
        subpackages = sorted(d.name for d in p.iterdir() if (d / "__init__.py").is_file())
        out += [f"### {p.name}", "", f"`src/vlacli/{p.name}/`: {doc}", ""]
        listed = [f"`{m}.py`" for m in modules] + [f"`{d}/`" for d in subpackages]
        out += [f"Modules: {', '.join(listed)}.", ""]
        for d in subpackages:
            out += [f"- `{p.name}/{d}/`: {_docstring(p / d / '__init__.py').splitlines()[0]}"]
        if subpackages:
            out.append("")
    out += ["### The modules beside the packages", ""]
    for m in sorted(PACKAGE.glob("*.py")):
        doc = _docstring(m)
        if doc and m.stem != "__init__":
            out.append(f"- `{m.name}`: {' '.join(doc.split(chr(10) + chr(10))[0].split())}")
    return "\n".join(out).rstrip()


BLOCKS: dict[str, Callable[[], str]] = {
    "commands-by-task": commands_by_task, "formats": formats, "environment": environment,
    "lint-rules": lint_rules, "verify-problems": verify_problems, "paper-fields": paper_fields,
    "json-keys": json_keys, "csv-columns": csv_columns,
    "exit-codes": exit_codes, "packages": packages, "code-map": code_map,
}


# -- the CLI reference --------------------------------------------------------------------------------------
def _help(*words: str) -> str:
    """``vla WORDS --help`` as it prints (80 columns)."""
    from typer.testing import CliRunner

    from vlacli.cli.app import app

    res = CliRunner().invoke(app, [*words, "--help"], prog_name="vla")
    assert res.exit_code == 0, (words, res.output)
    return res.stdout.rstrip() + "\n"


def _fence(text: str) -> list[str]:
    return ["```text", *text.rstrip("\n").splitlines(), "```", ""]


def subcommands(name: str) -> list[str]:
    """The subcommands of ``vla NAME`` (``category add`` …), in their order; none for a plain command."""
    import typer

    from vlacli.cli.app import app

    group = typer.main.get_command(app)
    command = group.get_command(None, name)  # type: ignore[attr-defined]
    return list(getattr(command, "commands", {}))


def cli_reference() -> str:
    from vlacli.cli.app import COMMANDS

    out = ["# CLI reference", "",
           "<!-- Generated from the Typer app by scripts/gen_docs.py: do not edit (run python scripts/gen_docs.py; "
           "a test checks it). -->", "",
           "Every command of `vla`, grouped as `vla --help` groups them, with its options as `vla COMMAND --help` "
           "prints them. `-C/--catalog DIR`, the catalog a command works on, may also come before the command "
           "(`vla -C DIR list`); see [where the catalog is](../guides/reading-and-editing.md#where-the-catalog-is).",
           "",
           commands(), "", "## vla", "", *_fence(_help())]
    for panel, names in _by_panel():
        out += [f"## {panel}", ""]
        for name in names:
            out += [f"### vla {name}", "", COMMANDS[name].summary, "", *_fence(_help(name))]
            for sub in subcommands(name):
                out += [f"#### vla {name} {sub}", "", *_fence(_help(name, sub))]
    return "\n".join(out).rstrip("\n") + "\n"


# -- the files ----------------------------------------------------------------------------------------------
def pages() -> list[Path]:
    """The files that may hold generated blocks: the README and every page of docs/ but the CLI reference."""
    return [README, *sorted(p for p in DOCS.rglob("*.md") if p != CLI_REFERENCE)]


def generate(text: str, name: str) -> tuple[str, bool]:
    """``text`` with the block ``name`` rewritten (if it has one), and whether the block changed."""
    pattern = re.compile(rf"(<!-- docs:{re.escape(name)} -->\n)(.*?)(<!-- /docs:{re.escape(name)} -->)", re.S)
    m = pattern.search(text)
    if m is None:
        return text, False
    body = BLOCKS[name]() + "\n"
    if m.group(2) == body:
        return text, False
    return text[:m.start(2)] + body + text[m.end(2):], True


def regenerate() -> dict[Path, tuple[str, list[str]]]:
    """Every file whose generated parts are stale: its new text and what changed in it."""
    stale: dict[Path, tuple[str, list[str]]] = {}
    homes: dict[str, list[Path]] = {name: [] for name in BLOCKS}
    for page in pages():
        text = page.read_text(encoding="utf-8")
        changed = []
        for name in BLOCKS:
            if f"<!-- docs:{name} -->" in text:
                homes[name].append(page)
            text, did = generate(text, name)
            if did:
                changed.append(name)
        if changed:
            stale[page] = (text, changed)
    homeless = [name for name, where in homes.items() if not where]
    if homeless:
        raise SystemExit(f"no page has the generated blocks {', '.join(homeless)} (<!-- docs:NAME --> … "
                         "<!-- /docs:NAME -->)")
    reference = cli_reference()
    if not CLI_REFERENCE.is_file() or CLI_REFERENCE.read_text(encoding="utf-8") != reference:
        stale[CLI_REFERENCE] = (reference, ["the whole CLI reference"])
    return stale


def main(argv: list[str]) -> int:
    stale = regenerate()
    for path, (text, changed) in stale.items():
        name = path.relative_to(ROOT)
        if "--check" in argv:
            print(f"{name}: generated parts out of date: {', '.join(changed)} (run python scripts/gen_docs.py)")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{name}: rewrote {', '.join(changed)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
