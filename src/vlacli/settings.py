"""Every environment variable vla reads, named and read here and nowhere else.

Each is read when it is asked for (not at import), so a test or a script can set it at any time.
The README's table of variables is generated from :data:`VARIABLES` (``scripts/gen_docs.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLES: dict[str, str] = {  # name -> what it means (a plain dict: read at start-up)
    "VLA_CATALOG": "the catalog folder, when `--catalog/-C` is not given",
    "VLA_CACHE_DIR": "the folder of derived files (read index, response caches); default: the "
                     "platform's user cache dir for vla",
    "VLA_ARXIV_URL": "the arXiv API endpoint (default `http://export.arxiv.org/api/query`), e.g. a "
                     "mirror or a test server",
    "VLA_S2_URL": "the Semantic Scholar Graph API base (default `https://api.semanticscholar.org/graph/v1`)",
    "S2_API_KEY": "a Semantic Scholar API key, sent as `x-api-key` (optional)",
    "VLA_DBLP_URL": "the DBLP base (default `https://dblp.org`)",
    "VLA_DEBUG": "`1` shows the traceback of an error instead of its one line",
    "VLA_TEST_PAUSE": "for tests only: `POINT=FILE` makes vla wait at a named point until FILE exists, "
                      "to reproduce a race deterministically",
    "VLA_TEST_MIN_INTERVAL": "for tests only: seconds between two requests to a service, replacing its "
                             "polite spacing (arXiv's 3 s); honoured only for a service on the loopback "
                             "address (127.0.0.1, ::1, localhost)",
}

DEFAULT_ARXIV_URL = "http://export.arxiv.org/api/query"
DEFAULT_S2_URL = "https://api.semanticscholar.org/graph/v1"
DEFAULT_DBLP_URL = "https://dblp.org"


def get(name: str) -> str | None:
    """The variable's value, or None when it is unset or empty."""
    if name not in VARIABLES:  # a typo here would silently read nothing
        raise KeyError(f"{name} is not one of vla's environment variables")
    return os.environ.get(name) or None


def catalog() -> str | None:
    return get("VLA_CATALOG")


def cache_dir() -> Path:
    """``VLA_CACHE_DIR``, else the platform's user cache dir for vla."""
    override = get("VLA_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vla", appauthor=False))


def arxiv_url() -> str:
    return get("VLA_ARXIV_URL") or DEFAULT_ARXIV_URL


def s2_url() -> str:
    return (get("VLA_S2_URL") or DEFAULT_S2_URL).rstrip("/")


def s2_api_key() -> str | None:
    return get("S2_API_KEY")


def dblp_url() -> str:
    return (get("VLA_DBLP_URL") or DEFAULT_DBLP_URL).rstrip("/")


def debug() -> bool:
    return get("VLA_DEBUG") not in (None, "0")


def test_pause() -> str | None:
    return get("VLA_TEST_PAUSE")


def test_min_interval() -> float | None:
    """``VLA_TEST_MIN_INTERVAL`` as seconds (None when unset or not a number >= 0)."""
    value = get("VLA_TEST_MIN_INTERVAL")
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds < float("inf") else None
