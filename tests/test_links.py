"""What a URL is, by its address and never its label (core/links.classify): a paper (with its arXiv ID or
DOI), code, a project page, a video, noise (badges, stars, social links), an anchor, or another page."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlacli.core.links import (
    ANCHOR,
    CODE,
    MEDIA,
    NOISE,
    OTHER,
    PAPER,
    WEBSITE,
    UrlKind,
    arxiv_of_url,
    classify,
    urlsplit,
)


@pytest.mark.parametrize(("url", "arxiv"), [
    ("https://arxiv.org/abs/2405.15223", "2405.15223"),
    ("http://arxiv.org/abs/2405.12213v2", "2405.12213"),
    ("https://arxiv.org/pdf/2409.12514v3.pdf", "2409.12514"),
    ("https://www.arxiv.org/html/2409.03283v1", "2409.03283"),
    ("http://export.arxiv.org/abs/1904.08755", "1904.08755"),
    ("https://browse.arxiv.org/pdf/2309.10020.pdf", "2309.10020"),
    ("arxiv.org/pdf/2402.00525.pdf", "2402.00525"),  # no scheme
    ("https://arxiv.org/abs/hep-th/9901001v3", "hep-th/9901001"),
    ("https://arxiv.org/abs/2401.14656/v2", "2401.14656"),
    ("https://arxiv.org/abs/2108.06869.", "2108.06869"),  # a full stop pasted with it
    ("https://arxiv.org/pdf/1705.05065.pdf%20http://arxiv.org/abs/1705.05065", "1705.05065"),
    ("https://arxiv.org/abs/2410.20745?", "2410.20745"),
    ("https://img.shields.io/badge/arXiv-2405.15223-b31b1b.svg", "2405.15223"),  # a badge's image
    ("https://img.shields.io/badge/arXiv%3A-2312.00752-red?logo=arxiv", "2312.00752"),
    ("https://huggingface.co/papers/2405.15223", "2405.15223"),
    ("https://ar5iv.labs.arxiv.org/html/2306.14895", "2306.14895"),
    ("https://www.alphaxiv.org/abs/2502.13923", "2502.13923"),
    ("https://doi.org/10.48550/arXiv.2506.01844", "2506.01844"),  # arXiv's own DOI
    ("https://img.shields.io/badge/arXiv-Paper-B31B1B.svg", None),  # a badge without an ID
    ("https://arxiv.org/pdf/2408.082827", None),  # mistyped: six digits
    ("https://arxiv.org/abs/2413.00001", None),  # no 13th month
    ("https://arxiv.org/a/smith_j_1", None),  # an author's page
    ("https://github.com/a/2405.15223", None),
])
def test_arxiv_ids_in_every_form(url: str, arxiv: str | None) -> None:
    assert arxiv_of_url(url) == arxiv
    if arxiv is not None:
        assert classify(url) == UrlKind(PAPER, arxiv=arxiv)


@pytest.mark.parametrize(("url", "kind"), [
    ("https://doi.org/10.1109/LRA.2025.3544909", UrlKind(PAPER, doi="10.1109/LRA.2025.3544909")),
    ("https://dl.acm.org/doi/abs/10.1145/3534678.3539064", UrlKind(PAPER, doi="10.1145/3534678.3539064")),
    ("https://openreview.net/forum?id=abc123", UrlKind(PAPER)),
    ("https://aclanthology.org/2022.coling-1.249/", UrlKind(PAPER)),
    ("https://openaccess.thecvf.com/content_CVPR_2019/papers/x_CVPR_2019_paper.pdf", UrlKind(PAPER)),
    ("https://ieeexplore.ieee.org/document/10658362", UrlKind(PAPER)),
    ("https://link.springer.com/chapter/10.1007/978-3-031-19", UrlKind(PAPER)),
    ("https://www.nature.com/articles/s41591-023-02504-3", UrlKind(PAPER)),
    ("https://proceedings.neurips.cc/paper_files/paper/2022/file/x-Paper-Conference.pdf", UrlKind(PAPER)),
    ("https://papers.nips.cc/paper/2017/hash/x-Abstract.html", UrlKind(PAPER)),
    ("https://proceedings.mlr.press/v162/mishchenko22a.html", UrlKind(PAPER)),
    ("https://ojs.aaai.org/index.php/AAAI/article/view/29146", UrlKind(PAPER)),
    ("https://www.ijcai.org/proceedings/2021/223", UrlKind(PAPER)),
    ("https://arxiv.org/pdf/2408.082827", UrlKind(PAPER)),  # arXiv's, though its ID is mistyped
    ("https://example.org/papers/report.pdf", UrlKind(PAPER)),
    ("https://github.com/openvla/openvla", UrlKind(CODE)),
    ("https://gitlab.com/group/project", UrlKind(CODE)),
    ("https://huggingface.co/openvla/openvla-7b", UrlKind(CODE)),
    ("https://tiny-vla.github.io/", UrlKind(WEBSITE)),
    ("https://sites.google.com/view/rtsara/", UrlKind(WEBSITE)),
    ("https://www.youtube.com/watch?v=2CseBR-snZg", UrlKind(MEDIA)),
    ("https://img.shields.io/github/stars/openvla/openvla?style=social", UrlKind(NOISE)),
    ("https://github.com/openvla/openvla/stargazers", UrlKind(NOISE)),
    ("https://star-history.com/#openvla/openvla&Date", UrlKind(NOISE)),
    ("https://twitter.com/someone", UrlKind(NOISE)),
    ("https://awesome.re", UrlKind(NOISE)),
    ("#contents", UrlKind(ANCHOR)),
    ("https://ai.stanford.edu/blog/minivla/", UrlKind(OTHER)),
    ("https://huggingface.co/datasets/x/y", UrlKind(OTHER)),
    ("https://github.com/orgs/openvla", UrlKind(OTHER)),
    ("https://dl.acm.org/doi/proceedings/10.1145/3664647", UrlKind(OTHER)),  # a volume's index, no paper
    ("https://proceedings.mlr.press/v195/", UrlKind(OTHER)),
    ("https://www.ecva.net/papers.php", UrlKind(OTHER)),
    ("mailto:a@b.org", UrlKind(OTHER)),
    ("javascript:alert(1)", UrlKind(OTHER)),
    ("docs/README.md", UrlKind(OTHER)),
])
def test_kinds_by_address(url: str, kind: UrlKind) -> None:
    assert classify(url) == kind


def test_a_label_never_changes_what_a_link_is() -> None:
    """The address decides; the README's [NeurIPS](arxiv) and [Paper](github) are read by what they link."""
    assert classify("https://arxiv.org/abs/1904.08755").kind == PAPER
    assert classify("https://github.com/x/y").kind == CODE


@given(st.text(max_size=60) | st.from_regex(r"https?://[\[\]a-z0-9.:/%?#@-]{0,40}", fullmatch=True))
def test_classify_never_raises(url: str) -> None:
    got = classify(url)
    assert got.kind in (PAPER, CODE, WEBSITE, MEDIA, NOISE, ANCHOR, OTHER)
    urlsplit(url)  # never raises either: http://[x is read as an address without a host
