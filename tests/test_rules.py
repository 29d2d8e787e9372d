"""Each rule has one home, and each home its own test: what is a preprint, a web link, a year, a pin,
percent-encoding, a count of things, a README section's text, and which environment variables vla reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT

from vlacli import Catalog, settings
from vlacli.core.paper import Paper, check_web_url, is_web_url
from vlacli.core.venues import is_preprint_venue
from vlacli.core.years import YEAR_MIN, is_year, next_year
from vlacli.text import balanced, percent_encode, plural

SRC = ROOT / "src" / "vlacli"


@pytest.mark.parametrize("venue", [None, "", "  ", "arXiv", "ARXIV", "CoRR", "arXiv e-prints", "arXiv eprint",
                                   "arXiv preprint arXiv:2506.01844", "Preprint", "arXiv.org"])
def test_a_preprint_is_decided_in_one_place(venue: str | None) -> None:
    assert is_preprint_venue(venue)
    assert Paper(key="k", title="t", venue=venue).is_preprint  # the paper asks the same rule


@pytest.mark.parametrize("venue", ["CoRL", "NeurIPS", "RA-L", "Preprints of the Royal Society", "arXiv workshop"])
def test_a_published_venue_is_no_preprint(venue: str) -> None:
    assert not is_preprint_venue(venue)


def test_web_links_and_years_have_one_rule() -> None:
    assert is_web_url("https://x.org") and is_web_url("HTTP://x.org")
    for bad in ("javascript:alert(1)", "ftp://x.org", "file:///etc/passwd", "www.x.org", "/relative"):
        assert not is_web_url(bad)
        with pytest.raises(Exception, match=re.escape(f"--code {bad!r} is not an http(s) URL")):
            check_web_url("--code", bad)
    check_web_url("--code", None)
    assert is_year(YEAR_MIN) and is_year(next_year()) and not is_year(next_year() + 1) and not is_year(True)


def test_a_pin_is_made_in_one_place() -> None:
    p = Paper(key="k", title="t")
    p.pin("venue")
    p.pin("venue")
    assert p.pinned == ["venue"]


def test_a_count_is_said_in_one_place() -> None:
    assert [plural(n, "paper") for n in (0, 1, 2, 1000)] == ["0 papers", "1 paper", "2 papers", "1,000 papers"]
    assert plural(1, "category", "categories") == "1 category" and plural(3, "category", "categories") == "3 categories"


def test_balanced_braces_are_counted_in_one_place() -> None:
    assert balanced("{Open X} {a{b}}") and balanced("")
    assert not balanced("}{") and not balanced("{a") and not balanced("a}")


def test_percent_encoding_writes_utf8_bytes() -> None:
    assert percent_encode("a b{é}", re.compile(r"[\s{}é]")) == "a%20b%7B%C3%A9%7D"


def test_every_rule_is_written_once_in_the_source() -> None:
    """The twins the first review found do not come back: each rule is defined in its home only."""
    sources = {p: p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")}
    homes = {
        r"def is_preprint_venue\(": "core/venues.py",
        r"def is_web_url\(": "core/paper.py",
        r"def percent_encode\(": "text.py",
        r"def _?(plural|count|n)\(n|== 1 else f?.\{?n": "text.py",
        r"def _?(balanced|safe)\(": "text.py",
        r"def render_section\(": "readme/sections.py",
        r"\b1900 <=|<= 2100\b|YEAR_MIN = |\(\?:19\|20\)|19\[89\]|2000 \+ yy|1900 \+ yy": "core/years.py",
        r"def arxiv_order\(": "core/identifiers.py",
        r"os\.environ": "settings.py",
        r"import click|from click|typer\._": None,
    }
    for pattern, home in homes.items():
        found = sorted(str(p.relative_to(SRC)) for p, text in sources.items() if re.search(pattern, text))
        assert found == ([home] if home else []), (pattern, found)


def test_settings_names_every_variable_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(KeyError):
        settings.get("VLA_NOT_A_SETTING")
    monkeypatch.setenv("VLA_ARXIV_URL", "http://mirror.example/api/query")
    assert settings.arxiv_url() == "http://mirror.example/api/query"
    monkeypatch.setenv("VLA_DEBUG", "0")
    assert not settings.debug()


def test_one_render_serves_export_lint_and_sync(tmp_path: Path) -> None:
    """`export --in-place`, `lint --readme` and `sync` all write or compare what render_section gives."""
    from vlacli.readme.check import check_file
    from vlacli.readme.sections import render_section

    cat = Catalog(BUNDLED, read_only=True)
    text = render_section(cat, cat.papers(), {"category": "quantization"})
    readme = tmp_path / "README.md"
    readme.write_text(f"<!-- vla:begin --category quantization -->\n{text}<!-- vla:end -->\n", encoding="utf-8")
    assert check_file(cat, cat.papers(), readme) == []


# -- the model of a paper: who may change a field, which records are one paper, what a year is -------

def test_who_may_change_a_field_is_decided_in_one_place() -> None:
    from vlacli.core.fields import ARXIV, FILE, PERSON, SCHOLARLY, awaits_venue, may_change

    p = Paper(key="k", title="T", venue="arXiv", authors=["A B"])
    assert may_change(p, "authors", ARXIV)  # arXiv owns what it says of its own record
    assert not may_change(p, "title", ARXIV)  # a title is a person's: arXiv only fills an empty one
    assert may_change(p, "website", ARXIV) and may_change(p, "website", FILE)  # empty: filled
    assert may_change(p, "venue", SCHOLARLY) and awaits_venue(p)  # a preprint's venue awaits a published one
    p.citations = 5
    assert may_change(p, "citations", SCHOLARLY) and not may_change(p, "citations", ARXIV)  # its owner's
    p.year = 2024
    assert not may_change(p, "year", SCHOLARLY) and may_change(p, "year", SCHOLARLY, with_venue=True)
    p.pin("website")  # a person cleared it: pinned empty
    p.pin("venue")
    assert not may_change(p, "website", ARXIV) and not may_change(p, "website", FILE)
    assert not awaits_venue(p) and not may_change(p, "year", SCHOLARLY, with_venue=False)
    assert may_change(p, "website", PERSON) and may_change(p, "venue", PERSON)  # a person may, always


def test_the_field_table_is_the_one_list_of_fields() -> None:
    from vlacli.core.fields import FIELDS, OWNED_BY, SETTABLE, TAKEABLE
    from vlacli.formats.exporters.tabular import JSON_FIELDS

    assert list(FIELDS) == [n for n in JSON_FIELDS if n not in ("key", "link", "extra")]
    assert SETTABLE == ("title", "year", "venue", "url", "website", "code", "doi")
    assert TAKEABLE == ("title", "year", "doi")
    assert "authors" in OWNED_BY["arXiv"] and "citations" in OWNED_BY["scholarly"]
    assert all(FIELDS[n].pins for n in SETTABLE)  # whatever a person sets by hand is pinned


@pytest.mark.parametrize("text", ["10.1109/LRA.2025.3544909", "https://doi.org/10.1109/LRA.2025.3544909",
                                  "http://dx.doi.org/10.1109/LRA.2025.3544909", "doi:10.1109/LRA.2025.3544909",
                                  "  DOI: 10.1109/LRA.2025.3544909 ", "https://doi.org/10.1109%2FLRA.2025.3544909"])
def test_a_doi_has_one_form(text: str) -> None:
    from vlacli.core.matching import bare_doi, doi_key

    assert bare_doi(text) == "10.1109/LRA.2025.3544909"
    assert doi_key(text) == doi_key("10.1109/lra.2025.3544909") == "10.1109/lra.2025.3544909"


def test_a_doi_that_is_no_doi_is_kept_as_written() -> None:
    from vlacli.core.matching import arxiv_of_doi, as_doi, bare_doi

    assert bare_doi("not a doi") is None and as_doi(" not a doi ") == "not a doi" and as_doi("  ") is None
    assert arxiv_of_doi("https://doi.org/10.48550/arXiv.2506.01844") == "2506.01844"
    assert arxiv_of_doi("10.48550/ARXIV.hep-th/9901001") == "hep-th/9901001"
    assert arxiv_of_doi("10.1109/LRA.2025.3544909") is None and arxiv_of_doi(None) is None


def test_a_title_is_normalised_in_one_place() -> None:
    from vlacli.core.matching import answers_to, normalize_title

    assert normalize_title("Ｖision-Language-Action: a {S}urvey!") == normalize_title("vision language action a survey")
    assert normalize_title("Naïve Bäyes") == "naive bayes"
    p = Paper(key="k", title="New Title", aliases=["Old Title"])
    assert answers_to(p, "old title") and answers_to(p, "NEW TITLE") and not answers_to(p, "Other")


def test_one_work_by_id_doi_or_title_year_and_first_author() -> None:
    from vlacli.core.matching import PREPRINT_YEARS, Matcher, find_same, same_paper

    published = Paper(key="p", title="Heat-Bath Random Walks", year=2018, authors=["Caprice Stanley"],
                      doi="10.3150/17-BEJ123")
    preprint = Paper(key="a", title="Heat-bath random walks", year=2016, authors=["Stanley, C."], arxiv="1605.08386")
    other = Paper(key="o", title="Heat-bath random walks", year=2016, authors=["Someone Else"])
    assert find_same([published], Paper(key="x", title="?", doi="https://doi.org/10.3150/17-bej123")) is published
    assert find_same([preprint], Paper(key="x", title="T"), arxiv="1605.08386") is preprint
    assert find_same([preprint], other) is None  # another first author: another work
    assert find_same([published], preprint) is None  # two years apart: not by title alone
    assert Matcher([published]).titled(preprint, years=PREPRINT_YEARS) is published  # arXiv's v1 and its venue
    kullback = Paper(key="k", title="Information Theory and Statistics", year=1959, authors=["Kullback, S."])
    reprint = Paper(key="r", title="Information theory and statistics", year=1997, authors=["Solomon Kullback"])
    assert find_same([kullback], reprint) is None  # another edition
    row = Paper(key="row", title="heat-bath random walks", year=2016)  # a README row: no authors
    assert find_same([preprint], row) is preprint
    hit = Paper(key="h", title="Heat-bath random walks", year=2023, authors=["C. Stanley 0001"])
    assert same_paper(preprint, hit, title_needs_author=True) is not None  # a service's hit: title + author
    assert same_paper(preprint, Paper(key="n", title="Heat-bath random walks"), title_needs_author=True) is None


def test_a_year_is_decided_in_one_place() -> None:
    from vlacli.core.years import find_year, full_year, next_year, years_in

    assert find_year("An Inquiry, 1790") == 1790 and find_year("CACM 1975") == 1975
    assert find_year("ICLR 2018") == 2018 and find_year("2025-06-01") == 2025
    assert find_year("2405.15223") is None and find_year("1706.03762v2") is None  # arXiv IDs are no years
    assert find_year("0999 and 3000 and 12345") is None and find_year(f"{next_year() + 1}") is None
    assert years_in("1959, reprinted 1997") == [1959, 1997]
    assert full_year(24) == 2024 and full_year(91) == 1991 and full_year(7) == 2007
    assert full_year(next_year() % 100) == next_year() and full_year(next_year() % 100 + 1) == next_year() - 99


def test_a_year_and_month_after_a_dot_is_a_year() -> None:
    """Awesome lists date their bullets `2023.05`: a month after the dot keeps the year a year (an arXiv
    ID or a longer decimal does not)."""
    from vlacli.core.years import find_year
    from vlacli.formats.importers.markdown import parse_entry_text

    assert find_year("2023.05") == 2023 and find_year("`2021.6`") == 2021 and find_year("2025.12.01") == 2025
    assert find_year("2007.04954") is None and find_year("2023.13") is None and find_year("1999.123") is None
    e = parse_entry_text("`2021.06` [Automated Chemical Reaction Extraction](https://arxiv.org/abs/2106.00001), "
                         "[Code](https://github.com/jiangfeng1124/ChemRxnExtractor)", 1, [])
    assert e is not None and getattr(e, "year", None) == 2021  # not 1124, from the code link


def test_every_reader_takes_the_one_year_rule() -> None:
    from vlacli.core.identifiers import parse_arxiv_id
    from vlacli.core.query import parse_year_range
    from vlacli.core.venues import dblp_key_year, year_in
    from vlacli.formats.bibfields import parse_date, parse_year
    from vlacli.formats.importers.headings import is_year_heading
    from vlacli.formats.importers.markdown import parse_year as cell_year

    assert parse_year("{1790}") == 1790 and parse_date("1877-03") == (1877, 3)
    assert cell_year("1975") == 1975 and cell_year("June 24") == 2024 and cell_year("8/99") == 1999
    assert year_in("NeurIPS 1987") == 1987 and dblp_key_year("conf/nips/Smith87") == 1987
    assert dblp_key_year("conf/corl/ZhangX24") == 2024
    assert is_year_heading("1975") and is_year_heading("Before 2020") and not is_year_heading("3000")
    assert parse_year_range("1790-1800") == (1790, 1800)
    with pytest.raises(Exception, match="not a year"):
        parse_year_range("99999")
    assert parse_arxiv_id("hep-th/9901001").id == "hep-th/9901001"  # 99: 1999, by the same pivot
