from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlacli.core.identifiers import filename_to_key, find_arxiv_id, key_to_filename, parse_arxiv_id, slugify
from vlacli.core.matching import normalize_title
from vlacli.errors import InvalidIdentifier


@pytest.mark.parametrize(
    ("text", "key", "version"),
    [
        ("2506.01844", "2506.01844", None),
        ("2506.01844v2", "2506.01844", 2),
        ("arXiv:2506.01844", "2506.01844", None),
        ("ARXIV: 2506.01844", "2506.01844", None),
        ("https://arxiv.org/abs/2506.01844", "2506.01844", None),
        ("https://arxiv.org/pdf/2506.01844v1.pdf", "2506.01844", 1),
        ("https://arxiv.org/pdf/2506.01844v1", "2506.01844", 1),
        ("http://www.arxiv.org/abs/2506.01844", "2506.01844", None),
        ("  1605.08386 \n", "1605.08386", None),
        ("0704.0001", "0704.0001", None),
        ("1412.9999", "1412.9999", None),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("math.GT/0309136", "math.GT/0309136", None),
        ("https://arxiv.org/abs/astro-ph/0601001v3", "astro-ph/0601001", 3),
    ],
)
def test_accepted_forms(text: str, key: str, version: int | None) -> None:
    got = parse_arxiv_id(text)
    assert got.id == key
    assert got.version == version


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("abc", "abc: not an arXiv identifier"),
        ("", "'': not an arXiv identifier"),
        ("2513.01844", "month 13 does not exist"),
        ("2506.00000", "arXiv paper numbers start at 1"),
        ("1405.12345", "before 2015 have 4 digits"),
        ("1501.1234", "from 2015 have 5 digits"),
        ("0612.0001", "start in April 2007"),
        ("hep-th/0801001", "1991-08 to 2007-03"),
        ("2506.01844v0", "versions start at v1"),
        ("0000.0000", "0000.0000: no such paper on arXiv"),
    ],
)
def test_impossible_ids_are_rejected_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(InvalidIdentifier) as err:
        parse_arxiv_id(text)
    assert why in str(err.value)


def test_find_arxiv_id_in_text() -> None:
    assert find_arxiv_id("see [x](https://arxiv.org/pdf/2506.01844v1) and more") == ("2506.01844", 1)
    assert find_arxiv_id("journal = {arXiv preprint arXiv:2409.12514}").id == "2409.12514"
    assert find_arxiv_id("https://github.com/x/y") is None


def test_old_style_keys_make_file_names_and_back() -> None:
    assert key_to_filename("hep-th/9901001") == "hep-th_9901001.toml"
    assert filename_to_key("hep-th_9901001") == "hep-th/9901001"
    assert filename_to_key("minivla") == "minivla"
    assert filename_to_key("my_paper") == "my_paper"


def test_slugs() -> None:
    assert slugify("MiniVLA: A Better VLA with a Smaller Footprint") == "minivla"
    assert slugify("Towards Synergistic, Generalized, and Efficient Dual-System") == (
        "towards-synergistic-generalized-and-efficient-dual"
    )
    assert slugify("Ünïcode Façade: x") == "unicode-facade"
    assert slugify("???") == "paper"


@given(st.integers(min_value=15, max_value=99), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=99999), st.integers(min_value=1, max_value=99))
def test_every_valid_new_style_id_round_trips_in_every_form(yy: int, mm: int, num: int, v: int) -> None:
    bare = f"{yy:02d}{mm:02d}.{num:05d}"
    for form in (bare, f"{bare}v{v}", f"arXiv:{bare}", f"https://arxiv.org/abs/{bare}v{v}",
                 f"https://arxiv.org/pdf/{bare}v{v}.pdf", f"http://www.arxiv.org/abs/{bare}"):
        assert parse_arxiv_id(form).id == bare


@given(st.text())
def test_parser_only_raises_invalid_identifier(text: str) -> None:
    with contextlib.suppress(InvalidIdentifier):
        parse_arxiv_id(text)


def test_normalize_title() -> None:
    assert normalize_title("SmolVLA: A vision-language-action model") == normalize_title(
        "Smolvla: A Vision-Language-Action Model"
    )
    assert normalize_title("Café {VLA}") == "cafe vla"
