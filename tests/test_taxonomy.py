from __future__ import annotations

import pytest
from conftest import TAXONOMY

from vlacli.core.taxonomy import Category, Taxonomy
from vlacli.errors import AmbiguousCategory, InputError, UnknownCategory
from vlacli.storage.store import read_toml


@pytest.fixture
def tax() -> Taxonomy:
    return Taxonomy.from_dict(read_toml(TAXONOMY))


def test_survey_taxonomy_shape(tax: Taxonomy) -> None:
    pillars = [c for c in tax if c.parent is None]
    assert [c.name for c in pillars] == ["Efficient Model Design", "Efficient Training", "Efficient Data Collection"]
    groups = [c.name for p in pillars for c in tax if c.parent == p.slug and not tax.is_leaf(c.slug)]
    assert groups == ["Efficient Architectures", "Model Compression", "Efficient Pre-Training",
                      "Efficient Post-Training"]
    leaves = [c for c in tax if tax.is_leaf(c.slug)]
    assert len(leaves) == 19
    assert leaves[0].name == "Efficient Attention" and leaves[-1].name == "Data Augmentation"
    # The seed put it under Efficient Training; its Fig. 1 calls it the third pillar.
    assert tax["efficient-data-collection"].parent is None
    assert tax["efficient-architectures"].figure == "assets/Efficient_Architectures.png"
    assert tax["efficient-architectures"].caption.startswith("Fig. 2:")


@pytest.mark.parametrize("query", ["quantization", "Quantization", "QUANTISATION", "quant", "low-bit"])
def test_resolve_by_slug_name_alias_prefix(tax: Taxonomy, query: str) -> None:
    assert tax.resolve(query).slug == "quantization"


def test_resolve_display_name_with_spaces(tax: Taxonomy) -> None:
    assert tax.resolve("Human-in-the-Loop Data Collection").slug == "human-in-the-loop-data-collection"
    assert tax.resolve("rl").slug == "rl-based-method"


def test_unknown_category_names_the_closest(tax: Taxonomy) -> None:
    with pytest.raises(UnknownCategory) as err:
        tax.resolve("quantisation-typo")
    assert err.value.close[0] == "quantization"
    assert str(err.value).startswith("unknown category 'quantisation-typo' (closest: quantization")


def test_ambiguous_prefix(tax: Taxonomy) -> None:
    with pytest.raises(AmbiguousCategory) as err:
        tax.resolve("efficient")
    assert "efficient-model-design" in err.value.matches


def test_subtree_of_a_pillar(tax: Taxonomy) -> None:
    sub = tax.subtree("efficient-model-design")
    assert len([s for s in sub if tax.is_leaf(s)]) == 9


def test_round_trip_keeps_unknown_fields(tax: Taxonomy) -> None:
    data = tax.to_dict()
    data["category"][0]["colour"] = "blue"
    again = Taxonomy.from_dict(data)
    assert again.to_dict() == data


def test_bad_taxonomies() -> None:
    with pytest.raises(InputError, match="not defined before it"):
        Taxonomy([Category("a", "A", parent="b")])
    with pytest.raises(InputError, match="defined twice"):
        Taxonomy([Category("a", "A"), Category("a", "B")])
    with pytest.raises(InputError, match="lower-case words"):
        Taxonomy([Category("Not A Slug", "A")])
