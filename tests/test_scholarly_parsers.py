"""Semantic Scholar batch answers and DBLP search answers, parsed: recorded shapes, odd shapes, junk."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st

from vlacli.errors import ScholarlyError
from vlacli.sources.scholarly.dblp import DblpHit, parse_search, query_for
from vlacli.sources.scholarly.s2 import FIELDS, batch_body, paper_from_record, parse_batch, request_id

S2 = DATA / "s2"
DBLP = DATA / "dblp"


def test_batch_in_order_with_null() -> None:
    records = parse_batch((S2 / "batch_placed_preprint_journal_null.json").read_bytes(), 4)
    assert [r is None for r in records] == [False, False, False, True]
    placed, preprint, journal = (paper_from_record(r) for r in records[:3] if r is not None)
    assert placed.arxiv == "2508.19958" and placed.dblp == "conf/corl/FanZLW25"
    assert placed.venue_name == "Conference on Robot Learning" and placed.venue_type == "conference"
    assert placed.venue_alternates == ["CoRL", "Conf Robot Learn"] and placed.citations == 14
    assert placed.authors[:2] == ["Yiguo Fan", "Pengxiang Ding"] and placed.year == 2025
    assert preprint.venue == "arXiv.org" and preprint.dblp == "journals/corr/abs-2506-01844"
    assert (journal.journal, journal.volume, journal.pages) == ("IEEE Robotics and Automation Letters", "10",
                                                                "3988-3995")
    assert journal.doi == "10.1109/LRA.2025.3544909"


@pytest.mark.parametrize(("body", "message"), [
    (b"<!DOCTYPE html><html><body>Too Many Requests</body></html>",
     "Semantic Scholar answered with something that is not JSON"),
    (b'{"error": "Requested object not found"}', "Semantic Scholar answered with an error: Requested object not found"),
    (b'{"message": "Internal  Server Error"}', "Semantic Scholar answered with an error: Internal Server Error"),
    (b'{"data": []}', "Semantic Scholar answered with not a list"),
    (b"[null]", "Semantic Scholar answered 1 records for 2 IDs"),
    (b"[null, 3]", "Semantic Scholar answered with a record that is not an object"),
    (b"[" * 100000 + b"]" * 100000, "Semantic Scholar answered with something that is not JSON"),
])
def test_batch_junk_is_one_error(body: bytes, message: str) -> None:
    with pytest.raises(ScholarlyError) as e:
        parse_batch(body, 2)
    assert str(e.value) == message and e.value.exit_code == 3


def test_fields_of_the_wrong_type_are_missing() -> None:
    p = paper_from_record({"title": 3, "authors": "Ada", "year": "2024", "citationCount": True,
                           "externalIds": ["ArXiv"], "publicationVenue": "c7f73dd6-8431-403d-8268-80d666abe1bc",
                           "journal": {"name": None, "volume": 12, "pages": ["1"]}, "venue": "  Conference on\n Robot"
                           " Learning "})
    assert p.title is None and p.authors == [] and p.year is None and p.citations is None
    assert p.arxiv is None and p.venue_name is None and p.volume == "12" and p.pages is None
    assert p.venue == "Conference on Robot Learning"


def test_a_year_is_a_year_by_the_one_rule() -> None:
    """Semantic Scholar's year is read as every reader reads one (core/years): 0 or 3000 is none."""
    assert [paper_from_record({"year": y}).year for y in (1790, 2024, 0, 24, 3000)] == [1790, 2024, None, None, None]


def test_request_ids_and_body() -> None:
    assert request_id("2506.01844", "10.1/x") == "ARXIV:2506.01844"
    assert request_id(None, "10.1109/LRA.2025.1") == "DOI:10.1109/LRA.2025.1"
    assert request_id(None, "10.48550/arXiv.2506.01844") is None and request_id() is None
    assert json.loads(batch_body(["ARXIV:1", "DOI:2"])) == {"ids": ["ARXIV:1", "DOI:2"]}
    assert "citationCount" in FIELDS and "externalIds" in FIELDS and "publicationVenue" in FIELDS


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
                        st.sampled_from(["title", "authors", "name", "externalIds", "ArXiv", "DBLP", "journal",
                                         "publicationVenue", "alternate_names", "year", "venue", "volume"]),
                        kids, max_size=4), max_leaves=12))
def test_any_record_parses_without_error(value: Any) -> None:
    if isinstance(value, dict):
        paper_from_record(value)
    with contextlib.suppress(ScholarlyError):
        parse_batch(json.dumps([value]).encode(), 1)


# -- DBLP ------------------------------------------------------------------------------------------

def test_search_two_hits() -> None:
    corl, corr = parse_search((DBLP / "search_two_hits.json").read_bytes())
    assert corl.key == "conf/corl/FanDW25" and corl.venue == "CoRL" and corl.year == 2025
    assert corl.authors == ["Yiguo Fan", "Pengxiang Ding", "Donglin Wang"]  # homonym numbers dropped
    assert corl.title.endswith("Robot Manipulation.") and corl.pages == "2018-2037" and not corl.is_preprint
    assert corr.is_preprint and corr.volume == "abs/2508.19958"


def test_single_author_object_and_venue_list() -> None:
    [hit] = parse_search((DBLP / "search_single_author_journal.json").read_bytes())
    assert hit.authors == ["Caprice Stanley"] and hit.venue == "Adv. Appl. Math." and hit.type == "Journal Articles"
    assert hit.doi == "10.1016/J.AAM.2017.10.008" and hit.volume == "92"


def test_no_hits() -> None:
    assert parse_search((DBLP / "search_no_hits.json").read_bytes()) == []


@pytest.mark.parametrize(("body", "message"), [
    (b"<html>busy</html>", "DBLP answered with something that is not JSON"),
    (b"[]", "DBLP answered with JSON that is not a search result"),
    (b'{"result": {"status": {"@code": "500", "text": "Internal error"}}}',
     "DBLP reported status 500: Internal error"),
    (b'{"result": {"hits": {"hit": "x"}}}', "DBLP answered with hits that are not a list"),
])
def test_search_junk_is_one_error(body: bytes, message: str) -> None:
    with pytest.raises(ScholarlyError) as e:
        parse_search(body)
    assert str(e.value) == message


def test_hits_without_key_or_title_are_skipped() -> None:
    body = json.dumps({"result": {"hits": {"hit": [{"info": {"title": "T."}}, {"info": {"key": "conf/x/Y24"}}, 3,
                                                   {"info": {"key": "conf/x/Z24", "title": "Z.", "year": "24"}}]}}})
    [hit] = parse_search(body.encode())
    assert hit.key == "conf/x/Z24" and hit.year is None


def test_hit_round_trip_and_bad_cache_values() -> None:
    [hit] = parse_search((DBLP / "search_single_author_journal.json").read_bytes())
    assert DblpHit.from_dict(hit.to_dict()) == hit
    for bad in ({"title": "x"}, {"key": "k", "title": "t", "authors": "a"}, {"key": "k", "title": "t", "year": "1"},
                {"key": "k", "title": "t", "venue": 3}):
        with pytest.raises(TypeError):
            DblpHit.from_dict(bad)


def test_query_words() -> None:
    assert query_for("Long-VLA: Unleashing (Long) Horizon!") == "Long VLA Unleashing Long Horizon"
    assert query_for("?!") == ""
