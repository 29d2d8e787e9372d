"""Names: stored in BibTeX's own forms, split by BibTeX's rules, round-tripped through .bib and CSL-JSON."""

from __future__ import annotations

import pybtex.database
from hypothesis import given, settings
from hypothesis import strategies as st

from vlacli.core.names import (
    Name,
    _raw_sections,
    bibtex_names,
    canonical,
    display,
    family,
    from_bibtex,
    parts,
    readable,
    split_names,
    to_bibtex,
)
from vlacli.formats.csl import csl_name, stored_name

CASES = {
    # .bib name -> (stored, display, BibTeX's form)
    "King, Jr., Martin Luther": ("Martin Luther King Jr.", "Martin Luther King Jr.", "King, Jr., Martin Luther"),
    "{Open X-Embodiment Collaboration}": ("{Open X-Embodiment Collaboration}", "Open X-Embodiment Collaboration",
                                          "{Open X-Embodiment Collaboration}"),
    "Delle Monache, Maria Laura": ("Delle Monache, Maria Laura", "Maria Laura Delle Monache",
                                   "Delle Monache, Maria Laura"),
    "Ludwig van Beethoven": ("Ludwig van Beethoven", "Ludwig van Beethoven", "van Beethoven, Ludwig"),
    "{\\L}ukasz Kaiser": ("Łukasz Kaiser", "Łukasz Kaiser", "Kaiser, {\\L}ukasz"),
    "{\\'E}mile Zola": ("Émile Zola", "Émile Zola", "Zola, {\\'E}mile"),
    "Aks{\\i}n, {\\\"O}zge": ("Özge Aksın", "Özge Aksın", "Aks{\\i}n, {\\\"O}zge"),
    "V{\\'a}zques{ de }Parga, Luis": ("Luis {Vázques de Parga}", "Luis Vázques de Parga",
                                      "{V{\\'a}zques de Parga}, Luis"),
    "Brinch Hansen, Per": ("Brinch Hansen, Per", "Per Brinch Hansen", "Brinch Hansen, Per"),
    "others": ("others", "et al.", "others"),
}


def test_names_keep_their_structure() -> None:
    for raw, (stored, shown, bib) in CASES.items():
        assert from_bibtex(raw) == [stored], raw
        assert display(stored) == shown, raw
        assert to_bibtex(stored) == bib, raw
        assert from_bibtex(bib) == [stored], raw
    assert parts("Martin Luther King Jr.") == Name(("Martin", "Luther"), (), ("King",), ("Jr.",))
    assert parts("Delle Monache, Maria Laura") == Name(("Maria", "Laura"), (), ("Delle", "Monache"), ())
    assert family("{Open X-Embodiment Collaboration}") == "Open" and family("Ludwig van Beethoven") == "Beethoven"
    assert from_bibtex("Zola, Emile and \\'Emile Zola AND {Barnes and Noble} and others") == [
        "Emile Zola", "Émile Zola", "{Barnes and Noble}", "others"]
    assert bibtex_names(["A and B", "others"]) == "{and} B, A and others"  # "and" in a name is braced
    assert from_bibtex("{\\~N}{\\'u}{\\~n}ez, Jos{\\'e} and Mu{\\~n}oz, Ana") == ["José Ñúñez", "Ana Muñoz"]


def test_csl_names() -> None:
    assert csl_name("Delle Monache, Maria Laura") == {"family": "Delle Monache", "given": "Maria Laura"}
    assert csl_name("Ludwig van Beethoven") == {"family": "Beethoven", "given": "Ludwig",
                                                 "non-dropping-particle": "van"}
    assert csl_name("Martin Luther King Jr.") == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    assert csl_name("{Open X-Embodiment Collaboration}") == {"literal": "Open X-Embodiment Collaboration"}
    for stored in ("Delle Monache, Maria Laura", "Ludwig van Beethoven", "Martin Luther King Jr.",
                   "{Open X-Embodiment Collaboration}", "Łukasz Kaiser", "danah boyd"):
        assert stored_name(csl_name(stored)) == canonical(stored), stored
    assert stored_name({"family": "van Beethoven", "given": "Ludwig"}) == "{van} Beethoven, Ludwig"


# Names as people write them: given names, particles, family names of one or two words, a suffix.
upper = st.text(st.sampled_from("ABCÉŁÖÑZ"), min_size=1, max_size=1)
lower = st.text(st.sampled_from("abcéłöñz"), min_size=1, max_size=6)
cap = st.builds(lambda a, b: a + b, upper, lower)
person = st.builds(
    lambda given, von, last, jr: Name(tuple(given), tuple(von), tuple(last), tuple(jr)),
    st.lists(cap, max_size=3), st.lists(st.sampled_from(["van", "von", "de", "della", "di"]), max_size=2),
    st.lists(cap, min_size=1, max_size=2), st.lists(st.sampled_from(["Jr.", "Sr.", "III"]), max_size=1),
).filter(lambda n: n.first or not n.jr)  # BibTeX has no form for a Jr without a first name
corporate = st.lists(cap, min_size=1, max_size=4).map(lambda ws: "{" + " ".join(ws) + "}")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(person.map(lambda n: n), corporate), min_size=1, max_size=4), st.booleans())
def test_names_round_trip(people: list[Name | str], others: bool) -> None:
    stored = [p if isinstance(p, str) else canonical_of(p) for p in people] + (["others"] if others else [])
    field = bibtex_names(stored)
    assert from_bibtex(field) == stored  # .bib -> stored -> .bib -> stored: the same
    persons = pybtex.database.parse_string(f"@misc{{k, author = {{{field}}}}}", "bibtex").entries["k"].persons
    assert len(persons["author"]) == len(stored)  # pybtex splits them as BibTeX does
    for name in stored:
        if name != "others":
            assert stored_name(csl_name(name)) == name  # and through CSL-JSON
            assert parts(name) == parts(canonical(name))


def canonical_of(name: Name) -> str:
    from vlacli.core.names import compose

    return compose(name)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from("aAbZéÉ1.-ᨀ'"), min_size=1, max_size=4), min_size=1, max_size=5))
def test_plain_names_split_as_bibtexparser_splits_them(words: list[str]) -> None:
    """The fast split of plain names (no braces, commas, backslashes) is bibtexparser's."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    from vlacli.core.names import _first_von_last

    got = _first_von_last(words)
    want = parse_single_name_into_parts(" ".join(words), strict=False)
    assert got == (want.first, want.von, want.last)



def test_a_name_of_three_commas_outside_braces_is_not_readable() -> None:
    assert not readable("Zhou, Zhenglin, Ma, Fan")
    assert readable("{Zhou, Zhenglin}, Ma, Fan and A, B, C") and readable("A\\, B, C, D")


NAME_PIECES = ["a", "B", " ", ",", "{", "}", "\\", "~", " and ", "\\,", "{,}"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=30).map("".join))
def test_readable_counts_the_commas_outside_braces_of_every_name(value: str) -> None:
    """readable looks outside braces only in a name of three commas or more: the same as in every name."""
    assert readable(value) == all(len(_raw_sections(raw)) <= 3 for raw in split_names(value))
