"""Parsing arXiv's Atom feed: both layouts, by namespace and name, safe against hostile XML."""

from __future__ import annotations

import pytest
from arxiv_server import BOMB, DATA, EXTERNAL, HTML_PAGE, feed, synthetic_entry

from vlacli.errors import ArxivError
from vlacli.sources.arxiv.atom import match_key, parse_feed
from vlacli.sources.arxiv.convert import paper_from_entry


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_modern_single_entry() -> None:
    f = parse_feed(load("arxivpy2026__single_modern__1605.08386.xml"))
    assert f.total_results == 1 and f.errors == []
    [e] = f.entries
    assert e.id == "1605.08386" and e.version == 1
    assert e.title == "Heat-bath random walks with Markov bases"
    assert e.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert e.abstract is not None and e.abstract.startswith("Graphs on lattice points are studied")
    assert e.published == "2016-05-26" and e.updated == "2016-05-26" and e.year == 2016
    assert e.primary_category == "math.CO"
    assert e.categories == ["math.CO", "math.ST"]
    assert e.comment == "20 pages, 3 figures"
    assert e.journal_ref is None and e.doi is None and e.affiliations == {}


def test_legacy_layout_multiline_title_and_wrapped_summary() -> None:
    f = parse_feed(load("arxivpy-pr3_2016legacy__single__1111.2011v2__doi_journal_ref_multiline_title.xml"))
    [e] = f.entries
    assert e.id == "1111.2011" and e.version == 2
    assert e.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert e.abstract is not None
    assert e.abstract.startswith("Theoretical description of anisotropic systems, such as layered superconductors")
    assert "\n" not in e.abstract and "  " not in e.abstract
    assert e.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    assert e.doi == "10.1103/PhysRevB.85.115117"
    assert e.journal_ref == "Phys. Rev. B 85, 115117 (2012)"
    assert e.comment == "8 pages, 3 figures. Published version"
    assert e.primary_category == "cond-mat.str-el"
    assert e.published == "2011-11-08" and e.updated == "2012-04-02"


def test_old_style_id_journal_ref_affiliations() -> None:
    [e] = parse_feed(load("arxivpy2026__oldstyle__astro-ph_0601001__journal_ref_affiliation.xml")).entries
    assert e.id == "astro-ph/0601001"
    assert e.journal_ref == "ActaAstron.56:1-50,2006"
    assert e.authors[:3] == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi"]
    assert e.affiliations["Andrew Gould"] == ["Ohio State"]
    assert e.affiliations["B. Scott Gaudi"] == ["CfA"]
    assert e.abstract is not None and e.abstract.startswith("We derive")  # leading spaces gone
    assert "&" in e.abstract and "<17.5" in e.abstract  # entities decoded once


def test_error_entry_is_not_a_paper() -> None:
    f = parse_feed(load("arxivpy2026__invalid_id__abc__HTTP400_error_entry.xml"))
    assert f.entries == []
    assert f.errors == ["incorrect id format for abc"]
    assert f.bad_ids == ["abc"]


def test_empty_feed() -> None:
    f = parse_feed(load("arxivpy2026__nonexistent__0000.0000__empty_feed.xml"))
    assert f.entries == [] and f.total_results == 0


def test_one_missing_of_two() -> None:
    f = parse_feed(load("arxivpy2026__multi_ids__0808.05394+1707.08567__one_missing.xml"))
    assert [e.id for e in f.entries] == ["1707.08567"]
    assert f.entries[0].authors[0] == "Kees A. Schouhamer Immink"


def test_search_feed_non_ascii_names_and_doi() -> None:
    f = parse_feed(load("arxivpy2026__search__testing_s0_m10__doi_journal_ref.xml"))
    assert len(f.entries) == 10
    names = [a for e in f.entries for a in e.authors]
    assert any(not n.isascii() for n in names)
    first = f.entries[0]
    assert first.id == "2202.12139"
    assert first.doi == "10.1109/ICSTW55395.2022.00035"
    assert first.journal_ref is not None and first.journal_ref.startswith("Artificial Intelligence in Software")
    assert sum(1 for e in f.entries if e.doi) >= 3


def test_title_zero_is_a_title() -> None:
    [e] = parse_feed(feed([synthetic_entry("2501.00001", title="0")])).entries
    assert e.title == "0"
    p = paper_from_entry(e)
    assert p.title == "0" and p.to_dict()["title"] == "0"


def test_missing_optional_fields() -> None:
    xml = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
           b"<id>https://arxiv.org/abs/2501.00002v3</id><title>Bare</title></entry></feed>")
    [e] = parse_feed(xml).entries
    assert (e.id, e.version, e.title) == ("2501.00002", 3, "Bare")
    assert e.authors == [] and e.abstract is None and e.published is None and e.year is None
    assert e.primary_category is None and e.categories == []


def test_elements_found_by_namespace_not_prefix_or_order() -> None:
    # Other prefixes, other order, time zone offsets: the same record.
    xml = b"""<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:x="http://arxiv.org/schemas/atom">
      <a:entry>
        <x:journal_ref>J. Test 1 (2020)</x:journal_ref>
        <a:author><a:name>B  Author</a:name><x:affiliation>Lab</x:affiliation></a:author>
        <a:published>2020-01-01T02:00:00+05:00</a:published>
        <a:title>  A
           title </a:title>
        <x:primary_category term="cs.LG"/>
        <a:id>http://arxiv.org/abs/2001.00003v2</a:id>
        <title>not atom: ignored</title>
      </a:entry></a:feed>"""
    [e] = parse_feed(xml).entries
    assert e.title == "A title"
    assert e.published == "2019-12-31"  # in UTC
    assert e.authors == ["B Author"] and e.affiliations == {"B Author": ["Lab"]}
    assert e.journal_ref == "J. Test 1 (2020)" and e.primary_category == "cs.LG"


@pytest.mark.parametrize("body", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_hostile_xml_refused(body: bytes) -> None:
    with pytest.raises(ArxivError, match="forbidden XML"):
        parse_feed(body)


def test_html_refused() -> None:
    with pytest.raises(ArxivError, match="HTML page"):
        parse_feed(HTML_PAGE)


def test_truncated_refused() -> None:
    body = load("arxivpy2026__single_modern__1605.08386.xml")
    with pytest.raises(ArxivError, match="not well-formed"):
        parse_feed(body[: len(body) // 2])


def test_other_xml_refused() -> None:
    with pytest.raises(ArxivError, match="not an Atom feed"):
        parse_feed(b"<rss><channel/></rss>")


def test_match_key_drops_old_subject_class() -> None:
    assert match_key("math.GT/0309136") == "math/0309136"
    assert match_key("hep-th/9901001") == "hep-th/9901001"
    assert match_key("2506.01844") == "2506.01844"
