"""Regenerate the README's reference tables from the code, so they cannot drift.

    python scripts/gen_docs.py           # rewrite the generated blocks of README.md
    python scripts/gen_docs.py --check   # exit 1, naming them, if any block is stale (a test runs this)

A generated block lies between ``<!-- docs:NAME -->`` and ``<!-- /docs:NAME -->``; everything
else in the README is written by hand.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _code(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def commands() -> str:
    from vlacli.cli.app import COMMANDS

    rows = [f"| `vla {name}` | {entry.summary} |" for name, entry in COMMANDS.items()]
    return "\n".join(["| command | what it does |", "|---|---|", *rows])


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


def paper_fields() -> str:
    from vlacli.core.fields import LIST_OF_TABLES, OWNER_WORDS, TABLE, Field

    def kind(f: Field) -> str:
        if f.type is list:
            return "list of tables" if f.name in LIST_OF_TABLES else "list of strings"
        return {str: "string", int: "integer", dict: "table"}[f.type]

    def owner(f: Field) -> str:
        return OWNER_WORDS[f.owner] + (" (pinned when set)" if f.pins else "")

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


BLOCKS: dict[str, Callable[[], str]] = {
    "commands": commands, "formats": formats, "environment": environment, "lint-rules": lint_rules,
    "paper-fields": paper_fields, "json-keys": json_keys, "csv-columns": csv_columns, "exit-codes": exit_codes,
}


def generate(text: str) -> tuple[str, list[str]]:
    """``text`` with every generated block rewritten, and the names of the blocks that changed."""
    changed = []
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- docs:{name} -->\n)(.*?)(<!-- /docs:{name} -->)", re.S)
        m = pattern.search(text)
        if m is None:
            raise SystemExit(f"README.md has no <!-- docs:{name} --> block")
        body = make() + "\n"
        if m.group(2) != body:
            changed.append(name)
            text = text[:m.start(2)] + body + text[m.end(2):]
    return text, changed


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new, changed = generate(text)
    if "--check" in argv:
        if changed:
            print(f"README.md: generated blocks out of date: {', '.join(changed)} (run python scripts/gen_docs.py)")
            return 1
        return 0
    if changed:
        README.write_text(new, encoding="utf-8")
        print(f"README.md: rewrote {', '.join(changed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
