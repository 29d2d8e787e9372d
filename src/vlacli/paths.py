"""Where vla keeps derived, disposable files (the read index, the arXiv response cache)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``VLA_CACHE_DIR``, else the platform's user cache dir for vla."""
    override = os.environ.get("VLA_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vla", appauthor=False))
