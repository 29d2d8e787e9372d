"""Code and project links found in arXiv's comment and abstract; GitHub-stars badges."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from arxiv_server import ArxivReplay
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from vlacli.core.links import FoundLinks, code_url, find_links, repository, stars_badge
from vlacli.sources.net import cache as arxiv_cache
from vlacli.storage.catalog import Catalog


@pytest.mark.parametrize(("comment", "abstract", "found"), [
    ("Code: https://github.com/org/repo.", None, FoundLinks("https://github.com/org/repo", None)),
    ("Project page: https://x.github.io/y/ ; code at github.com/a/b.git", None,
     FoundLinks("https://github.com/a/b", "https://x.github.io/y/")),
    (None, "We release code at https://github.com/huggingface/lerobot/tree/main/src (see also "
     "https://arxiv.org/abs/1234.5678). Videos at https://youtube.com/xyz. Website: https://smolvla.org.",
     FoundLinks("https://github.com/huggingface/lerobot/tree/main/src", "https://smolvla.org")),
    ("Accepted to CoRL 2024. Website: https://sites.google.com/view/foo", None,
     FoundLinks(None, "https://sites.google.com/view/foo")),
    ("(https://tinyvla.github.io)", "see github.com/orgs/foo", FoundLinks(None, "https://tinyvla.github.io")),
    ("Project website: www.robot-site.org/long-vla", None, FoundLinks(None, "https://www.robot-site.org/long-vla")),
    ("Code and models: https://GitLab.com/Group/Project/", None, FoundLinks("https://gitlab.com/Group/Project", None)),
    # the comment is read first
    ("Code: https://github.com/first/one", "Code: https://github.com/second/two",
     FoundLinks("https://github.com/first/one", None)),
    # not a code repository, not a project page
    ("12 pages. DOI: https://doi.org/10.1109/LRA.2025.1. See https://openreview.net/forum?id=x", None,
     FoundLinks(None, None)),
    ("Project page: https://www.youtube.com/watch?v=1", None, FoundLinks(None, None)),
    ("An example (https://example.org/page_(x))", None, FoundLinks(None, None)),
    ("email me at someone@github.com", None, FoundLinks(None, None)),
    ("", None, FoundLinks(None, None)),
])
def test_find_links(comment: str | None, abstract: str | None, found: FoundLinks) -> None:
    assert find_links(comment, abstract) == found


def test_code_urls() -> None:
    assert code_url("github.com/a/b.") == "https://github.com/a/b"
    assert code_url("https://github.com/a") is None and code_url("https://example.org/a/b") is None
    assert repository("https://github.com/huggingface/lerobot/tree/main") == ("huggingface", "lerobot")
    assert repository("https://github.com/sponsors/x") is None


def test_stars_badge() -> None:
    assert stars_badge("https://github.com/huggingface/lerobot/tree/main/src") == \
        "https://img.shields.io/github/stars/huggingface/lerobot?style=social"
    assert stars_badge("https://gitlab.com/a/b") is None and stars_badge(None) is None
    assert stars_badge("https://github.com/a") is None


@given(st.text(max_size=200))
def test_never_fails_and_only_web_links(text: str) -> None:
    found = find_links(text, text)
    for url in (found.code, found.website):
        assert url is None or url.startswith("https://")


# -- on add and refresh, through the arXiv replay server ----------------------------------------------

def entry(arxiv_id: str, comment: str | None, summary: str, version: int = 1) -> bytes:
    extra = f"<arxiv:comment>{comment}</arxiv:comment>" if comment else ""
    return (f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id><title>Linked paper</title>"
            f"<updated>2025-02-0{version}T00:00:00Z</updated><published>2025-01-15T10:00:00Z</published>"
            f"<summary>{summary}</summary><author><name>Ada Lovelace</name></author>{extra}"
            f'<arxiv:primary_category term="cs.RO"/><category term="cs.RO"/></entry>').encode()


def test_add_takes_links_from_comment_and_abstract(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    server.add_entry("2501.00001", entry("2501.00001", "Project page: https://linked.github.io/paper/",
                                         "Code is at github.com/org/linked."))
    server.add_entry("2501.00002", entry("2501.00002", None, "Code: https://github.com/org/other"))
    res = vla("add", "2501.00001", "2501.00002", "--code", "https://gitlab.com/mine/own", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    cat = Catalog(empty_catalog)
    first, second = cat.get("2501.00001"), cat.get("2501.00002")
    assert (first.website, first.code) == ("https://linked.github.io/paper/", "https://gitlab.com/mine/own")
    assert (second.website, second.code) == (None, "https://gitlab.com/mine/own")  # given by hand: kept


def test_refresh_fills_empty_links_and_never_overwrites(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    server.add_entry("2501.00001", entry("2501.00001", None, "No links yet."))
    assert vla("add", "2501.00001", "-C", str(empty_catalog)).exit_code == 0
    assert vla("set", "2501.00001", "--website", "https://mine.example.org", "-C", str(empty_catalog)).exit_code == 0
    server.add_entry("2501.00001", entry("2501.00001", "Website: https://theirs.github.io; code: "
                                         "https://github.com/org/linked", "v2.", version=2))
    monkeypatch.setattr(arxiv_cache, "wall_clock", lambda: time.time() + 2 * 86400)  # the cache is a day old
    res = vla("refresh", "2501.00001", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert "  code: (none) -> https://github.com/org/linked" in res.stdout.splitlines()
    p = Catalog(empty_catalog).get("2501.00001")
    assert (p.website, p.code) == ("https://mine.example.org", "https://github.com/org/linked")
