"""vla: a bibliography manager for survey papers and awesome lists of papers.

The library works without the CLI::

    from vlacli import Catalog
    cat = Catalog.open()
    print(len(cat), "papers")

Names are loaded on first use, so ``vla --help`` does not pay for the catalog code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Catalog", "Category", "Paper", "Query", "Taxonomy", "VlaError", "__version__"]

_LAZY = {"Catalog": "storage.catalog", "Query": "core.query", "VlaError": "errors", "Paper": "core.paper",
         "Category": "core.taxonomy", "Taxonomy": "core.taxonomy"}

if TYPE_CHECKING:
    from .core.paper import Paper
    from .core.query import Query
    from .core.taxonomy import Category, Taxonomy
    from .errors import VlaError
    from .storage.catalog import Catalog


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vlacli' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
