"""vla: a bibliography manager for survey papers and awesome lists of papers.

The library works without the CLI::

    from vlacli import Catalog
    cat = Catalog.open()
    print(len(cat), "papers")
"""

from .catalog import Catalog, Query
from .errors import VlaError
from .model import Paper
from .taxonomy import Category, Taxonomy

__version__ = "0.1.0"
__all__ = ["Catalog", "Category", "Paper", "Query", "Taxonomy", "VlaError", "__version__"]
