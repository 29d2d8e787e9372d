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
