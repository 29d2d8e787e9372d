"""vla export csl-json and vla import csl-json: what Pandoc, Zotero and citeproc read and write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BUNDLED, Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from vlacli import Catalog
from vlacli.core.citekeys import assign_citekeys
from vlacli.core.paper import Paper
from vlacli.core.years import next_year
from vlacli.formats.exporters.csljson import csl_item, to_csl_json
from vlacli.formats.importers.csljson import parse_csl_json

# What Zotero's "Export → CSL JSON" writes for a journal article, a conference paper and a preprint.
ZOTERO = """[
  {"id": "atzori2010internet", "type": "article-journal", "title": "The Internet of Things: A survey",
   "container-title": "Computer Networks", "volume": "54", "issue": "15", "page": "2787-2805",
   "DOI": "10.1016/j.comnet.2010.05.010", "ISSN": "1389-1286",
   "author": [{"family": "Atzori", "given": "Luigi"}, {"family": "Iera", "given": "Antonio"}],
   "issued": {"date-parts": [[2010, 10, 28]]}},
  {"id": "delle2019", "type": "paper-conference", "title": "A paper", "container-title": "ICRA",
   "author": [{"family": "Delle Monache", "given": "Maria Laura"}, {"literal": "Open X-Embodiment Collaboration"},
              {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}],
   "issued": {"date-parts": [["2019"]]}, "publisher-place": "Montreal", "keyword": "robots"},
  {"id": "shukor2025smolvla", "type": "article", "title": "SmolVLA", "publisher": "arXiv",
   "number": "arXiv:2506.01844", "DOI": "10.48550/arXiv.2506.01844", "URL": "http://arxiv.org/abs/2506.01844",
   "author": [{"family": "Shukor", "given": "Mustafa"}], "issued": {"date-parts": [[2025, 6, 2]]}},
  "not an item",
  {"id": "x", "type": "book"}
]
"""


def test_import_what_zotero_writes() -> None:
    parsed = parse_csl_json(ZOTERO)
    journal, conference, preprint, untitled = parsed.entries
    assert (journal.title, journal.venue, journal.year, journal.authors) == (
        "The Internet of Things: A survey", "Computer Networks", 2010, ["Luigi Atzori", "Antonio Iera"])
    assert journal.fields == {"citekey": "atzori2010internet", "entry_type": "article", "month": 10,
                              "volume": "54", "number": "15", "pages": "2787–2805",
                              "doi": "10.1016/j.comnet.2010.05.010", "csl": {"ISSN": "1389-1286"}}
    assert journal.key == "atzori2010internet" and journal.line == 2
    assert conference.authors == ["Delle Monache, Maria Laura", "{Open X-Embodiment Collaboration}",
                                  "Ludwig van Beethoven"]
    assert (conference.year, conference.fields["address"], conference.fields["entry_type"]) == (
        2019, "Montreal", "inproceedings")
    assert (preprint.arxiv, preprint.venue, preprint.url, preprint.fields["entry_type"]) == (
        "2506.01844", "arXiv", None, "misc")
    assert "doi" not in preprint.fields and "publisher" not in preprint.fields  # derived from the arXiv ID
    assert [(u.line, u.why) for u in parsed.unreadable] == [(14, "an item that is not a JSON object")]
    # An item without a title is an item all the same: its id is a key.
    assert (untitled.title, untitled.key, untitled.fields["entry_type"], untitled.notes) == (
        "", "x", "book", ["an item with no title: kept with an empty title"])


def test_not_json_is_one_unreadable_line() -> None:
    parsed = parse_csl_json('[\n  {"id": "a",\n  oops\n]')
    assert parsed.entries == []
    assert [(u.line, u.why) for u in parsed.unreadable] == [(3, "not JSON: Expecting property name enclosed in "
                                                                 "double quotes")]


def test_export_item_fields(vla: Invoke) -> None:
    cat = Catalog(BUNDLED)
    keys = assign_citekeys(cat.papers())
    smol = csl_item(cat.get("2506.01844"), keys["2506.01844"])
    assert smol["id"] == "shukor2025smolvla" and smol["type"] == "article"
    assert (smol["publisher"], smol["number"], smol["DOI"], smol["URL"]) == (
        "arXiv", "arXiv:2506.01844", "10.48550/arXiv.2506.01844", "https://arxiv.org/abs/2506.01844")
    assert smol["author"][0] == {"family": "Shukor", "given": "Mustafa"}
    assert smol["issued"] == {"date-parts": [[2025]]}
    paper = Paper(key="n", title="Networks", authors=["Delle Monache, Maria Laura", "others"], year=2010, month=10,
                  venue="Computer Networks", entry_type="article", volume="54", number="15", pages="2787–2805")
    assert csl_item(paper, "n") == {
        "id": "n", "type": "article-journal", "title": "Networks",
        "author": [{"family": "Delle Monache", "given": "Maria Laura"}],
        "issued": {"date-parts": [[2010, 10]]}, "container-title": "Computer Networks",
        "volume": "54", "issue": "15", "page": "2787-2805"}
    res = vla("export", "csl-json", "-C", str(BUNDLED))
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 58
    assert res.stdout == vla("export", "csl-json", "-C", str(BUNDLED)).stdout  # same catalog, same bytes


def test_csl_json_round_trip_through_the_catalog(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    src = tmp_path / "zotero.json"
    src.write_text(ZOTERO, encoding="utf-8")
    res = vla("import", "csl-json", str(src), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert res.stdout.endswith(f"{src}: 4 papers added, 0 repeats merged, 0 updated, 0 already up to date, "
                               "0 conflicts, 1 unreadable\n")
    first = vla("export", "csl-json", "-C", str(empty_catalog)).stdout
    items = {i["id"]: i for i in json.loads(first)}
    assert items["atzori2010internet"]["ISSN"] == "1389-1286"  # kept in the paper's csl table
    assert items["atzori2010internet"]["page"] == "2787-2805"
    assert items["delle2019"]["author"][1] == {"literal": "Open X-Embodiment Collaboration"}
    again = tmp_path / "again"
    vla("init", str(again))
    (tmp_path / "first.json").write_text(first, encoding="utf-8")
    assert vla("import", "csl-json", str(tmp_path / "first.json"), "-C", str(again)).exit_code == 0
    assert vla("export", "csl-json", "-C", str(again)).stdout == first
    bib = vla("export", "bibtex", "-C", str(empty_catalog)).stdout
    assert "@article{atzori2010internet," in bib and "pages = {2787--2805}," in bib
    assert "@inproceedings{delle2019," in bib and "address = {Montreal}\n" in bib


# Any text but braces, which a stored name reads as BibTeX's groups.
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"), min_size=1,
               max_size=20).filter(lambda s: s.strip())


@settings(max_examples=100, deadline=None)
@given(title=text, given_=text, family=text, venue=text, year=st.integers(1000, next_year()))
def test_any_text_round_trips_through_csl_json(title: str, given_: str, family: str, venue: str, year: int) -> None:
    from vlacli.formats.csl import stored_name

    author = stored_name({"family": family, "given": given_})
    assert author is not None
    paper = Paper(key="k", title=" ".join(title.split()), authors=[author], year=year,
                  venue=" ".join(venue.split()), entry_type="article")
    [back] = parse_csl_json(to_csl_json([paper], {"k": "key"})).entries
    assert (back.title, back.year, back.fields["entry_type"]) == (paper.title, year, "article")
    if not paper.is_preprint:
        assert back.venue == paper.venue
    assert back.authors == [author]


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                           st.sampled_from(["title", "type", "author", "issued", "DOI", "URL", "id", "x"]), inner,
                           max_size=4), max_leaves=12)


@given(st.text() | JSONISH.map(json.dumps) | st.sampled_from(["", "\n", " \n\t", "[", "[]", "{}", "[1, 2]", "null"]))
def test_the_reader_never_raises_only_reports(text: str) -> None:
    """Any text: entries, or unreadable lines whose number is a line of the text."""
    parsed = parse_csl_json(text)
    lines = max(1, len(text.splitlines()))
    assert all(1 <= u.line <= lines for u in parsed.unreadable), parsed.unreadable


@pytest.mark.parametrize(("family", "given", "stored"), [
    ("\\a 0", "0", "{{}\\a} 0, 0"),  # braced, '\a' alone would be a special character read as lower case: von
    ("b Z", "", "{b Z}"),  # no first name: '{b} Z' would read '{b}' as one
    ("§ 𐖲°o", " ", "{§ 𐖲°o}"),  # a letter without case reads as lower case
])
def test_names_hypothesis_found_keep_their_parts(family: str, given: str, stored: str) -> None:
    """Found by the property test above: each stored form reads back as the CSL name it came from."""
    from vlacli.formats.csl import stored_name

    assert stored_name({"family": family, "given": given}) == stored
    paper = Paper(key="k", title="t", authors=[stored], year=2000, venue="V", entry_type="article")
    assert parse_csl_json(to_csl_json([paper], {"k": "key"})).entries[0].authors == [stored]
