"""vla lint: check the catalog (and a README's generated section) for a survey repo's CI."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ...errors import EXIT_DATA
from ..options import CatalogOption

if TYPE_CHECKING:
    from ...core.findings import Finding

SHOWN_PER_RULE = 5  # findings of one rule shown before its summary line says how to list them all


class LintFormat(str, Enum):
    text = "text"
    json = "json"


def complete_rule(incomplete: str) -> list[tuple[str, str]]:
    from ...core.findings import RULES

    return [(code, rule.finding) for code, rule in RULES.items() if code.startswith(incomplete)]


def lint(
    catalog: CatalogOption = None,
    readme: Annotated[
        Path | None,
        typer.Option("--readme", dir_okay=False, metavar="FILE",
                     help="Also check that this README's sections between <!-- vla:begin --> and <!-- vla:end --> "
                          "are up to date."),
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", metavar="RULE", autocompletion=complete_rule,
                     help="Only this rule's findings, every one of them (repeatable), e.g. no-authors."),
    ] = None,
    format: Annotated[
        LintFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text, or json for machines.")
    ] = LintFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check the catalog: duplicate IDs and titles, unknown categories, bad URLs, a stale README. Exit 1 on errors."""
    from ...core.findings import ERROR, RULES
    from ...errors import InputError
    from ...ops.lint import lint_catalog
    from ...storage.catalog import Catalog

    unknown = [r for r in rule or [] if r not in RULES]
    if unknown:
        raise InputError(f"unknown lint rule {unknown[0]!r}", "one of: " + ", ".join(RULES))
    cat = Catalog.open(catalog)
    findings, files = lint_catalog(cat, readme)
    if rule:
        findings = [f for f in findings if f.code in rule]
    errors = sum(f.level == ERROR for f in findings)
    warnings = len(findings) - errors
    if format is LintFormat.json:
        import json

        sys.stdout.write(json.dumps({"errors": errors, "warnings": warnings,
                                     "findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        print_findings(findings, files, every=bool(rule))
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_DATA)


def print_findings(findings: list[Finding], files: int, every: bool = False) -> None:
    """Each rule's first findings (all of them with ``every``), then one line a rule with its count
    and how to list them all, then the totals. Errors in red and warnings in yellow on a terminal."""
    from rich.text import Text

    from ...core.findings import ERROR
    from ...text import plural
    from ..render import console, emit_lines

    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.code, []).append(f)
    out: list[Text] = []
    for group in by_rule.values():
        for f in group if every else group[:SHOWN_PER_RULE]:
            out.append(Text.assemble(f"{f.where}: ", level_text(f.level), f": {f.message} [{f.code}]"))
    if by_rule:
        out.append(Text(""))
    for code, group in by_rule.items():
        level = group[0].level
        line = Text.assemble(f"{code}: ", level_text(level, plural(len(group), level)))
        if len(group) > SHOWN_PER_RULE and not every:
            line.append(f" ({SHOWN_PER_RULE} shown; all: vla lint --rule {code})")
        out.append(line)
    errors = sum(f.level == ERROR for f in findings)
    out.append(Text(f"{plural(files, 'paper')}: {plural(errors, 'error')}, "
                    f"{plural(len(findings) - errors, 'warning')}"))
    emit_lines(out, console)


def level_text(level: str, text: str | None = None) -> tuple[str, str]:
    """``error`` in bold red, ``warning`` in yellow (plain when not on a terminal)."""
    from ...core.findings import ERROR

    return (text or level, "bold red" if level == ERROR else "yellow")
