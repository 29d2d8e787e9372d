"""Where the catalog is, in this order:

1. ``--catalog DIR`` (``-C``, before or after the command), else ``$VLA_CATALOG``;
2. walking up from the working directory, at each folder: the folder itself when it holds a
   ``taxonomy.toml`` (you stand in a catalog, or below one, whatever its name), else its
   ``catalog/`` when that holds one (you stand beside a ``catalog/``, or below its neighbour);
3. the survey bundled with vla, read-only.

:func:`describe` says which one was read, the way ``vla list`` and every write end their output.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import settings
from ..errors import CatalogNotFound

TAXONOMY_FILE = "taxonomy.toml"
PAPERS_DIR = "papers"
CATALOG_DIR = "catalog"
BUNDLED_LABEL = "bundled survey, read-only"


def bundled_catalog_path() -> Path | None:
    """The survey catalog shipped inside the package (or, in a source checkout, the repo's)."""
    here = Path(__file__).resolve().parents[1]  # the vlacli package
    for candidate in (here / "_bundled", here.parents[1] / CATALOG_DIR):
        if (candidate / TAXONOMY_FILE).is_file():
            return candidate
    return None


def is_catalog(folder: Path) -> bool:
    """A folder is a catalog when it holds a ``taxonomy.toml``, whatever its name."""
    return (folder / TAXONOMY_FILE).is_file()


def find_upwards(start: Path) -> Path | None:
    """The catalog ``start`` stands in or beside: at each folder from ``start`` up, the folder
    itself when it is a catalog, else its ``catalog/`` when that is one."""
    for folder in (start, *start.parents):
        if is_catalog(folder):
            return folder
        if is_catalog(folder / CATALOG_DIR):
            return folder / CATALOG_DIR
    return None


def discover(path: str | Path | None = None, cwd: Path | None = None) -> tuple[Path, bool]:
    """Find the catalog: ``path``, else ``$VLA_CATALOG``, else the one the working directory
    stands in or beside (see :func:`find_upwards`), else the bundled survey.
    Returns (folder, read_only)."""
    explicit = path if path not in (None, "") else settings.catalog()
    if explicit is not None:
        root = Path(explicit).expanduser()
        if not (root / TAXONOMY_FILE).is_file() and not (root / PAPERS_DIR).is_dir():
            if is_catalog(root / CATALOG_DIR):  # a survey's repository, named instead of its catalog
                raise CatalogNotFound(f"catalog {root} is not a vla catalog (no taxonomy.toml)",
                                      f"its {CATALOG_DIR}/ is one: pass --catalog {root / CATALOG_DIR}")
            why = "does not exist" if not root.exists() else "is not a vla catalog (no taxonomy.toml)"
            raise CatalogNotFound(f"catalog {root} {why}", f"create one with 'vla init {root}'")
        return root, False
    found = find_upwards((cwd or Path.cwd()).resolve())
    if found is not None:
        return found, False
    bundled = bundled_catalog_path()
    if bundled is None:
        raise CatalogNotFound("no catalog found", "run 'vla init DIR' or pass --catalog DIR")
    return bundled, True


def describe(root: Path, read_only: bool, cwd: Path | None = None) -> str:
    """Which catalog this is, for people: ``bundled survey, read-only``, or its folder — relative
    (``./catalog``, ``.``, ``..``) when the working directory is in it or above it, else absolute
    (with ``~`` for the home folder)."""
    if read_only and root == bundled_catalog_path():
        return BUNDLED_LABEL
    here = (cwd or Path.cwd()).resolve()
    target = root.resolve()
    if target == here:
        return "."
    if here in target.parents:
        return "./" + target.relative_to(here).as_posix()
    if target in here.parents:
        return os.path.relpath(target, here)
    home = Path.home().resolve()
    if home in target.parents:
        return "~/" + target.relative_to(home).as_posix()
    return str(target)
