"""Where the catalog is: ``--catalog``, ``$VLA_CATALOG``, a ``catalog/`` above the working
directory, or the survey bundled with vla (read-only)."""

from __future__ import annotations

from pathlib import Path

from . import settings
from .errors import CatalogNotFound

TAXONOMY_FILE = "taxonomy.toml"
PAPERS_DIR = "papers"


def bundled_catalog_path() -> Path | None:
    """The survey catalog shipped inside the package (or, in a source checkout, the repo's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled", here.parents[1] / "catalog"):
        if (candidate / TAXONOMY_FILE).is_file():
            return candidate
    return None


def discover(path: str | Path | None = None, cwd: Path | None = None) -> tuple[Path, bool]:
    """Find the catalog: ``path``, else ``$VLA_CATALOG``, else the nearest ``catalog/`` walking
    up from ``cwd``, else the bundled survey. Returns (folder, read_only)."""
    explicit = path if path not in (None, "") else settings.catalog()
    if explicit is not None:
        root = Path(explicit).expanduser()
        if not (root / TAXONOMY_FILE).is_file() and not (root / PAPERS_DIR).is_dir():
            why = "does not exist" if not root.exists() else "is not a vla catalog (no taxonomy.toml)"
            raise CatalogNotFound(f"catalog {root} {why}", f"create one with 'vla init {root}'")
        return root, False
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / "catalog"
        if (candidate / TAXONOMY_FILE).is_file():
            return candidate, False
    bundled = bundled_catalog_path()
    if bundled is None:
        raise CatalogNotFound("no catalog found", "run 'vla init DIR' or pass --catalog DIR")
    return bundled, True
