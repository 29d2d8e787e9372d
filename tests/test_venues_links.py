"""Code and project links found in arXiv's comment and abstract; GitHub-stars badges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlacli.links import FoundLinks, code_url, find_links, repository, stars_badge


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
