"""vla export bibtex: a .bib that parses everywhere, with stable keys and every character escaped."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import quote

import bibtexparser
import pybtex.database
import pytest
from conftest import BUNDLED, Invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export_markdown import build_small_catalog, check_golden

from vlacli import Catalog
from vlacli.core import names
from vlacli.core.citekeys import assign_citekeys, base_citekey
from vlacli.core.latex import decode, escape, protect_title
from vlacli.core.paper import Paper
from vlacli.core.venues import short_name
from vlacli.formats.exporters.bibtex import bib_fields, entry_type, to_bibtex, verbatim_field
from vlacli.formats.importers.bibtex import parse_bibtex
from vlacli.text import clean


@pytest.fixture
def small(tmp_path: Path) -> Path:
    build_small_catalog(tmp_path / "small")
    return tmp_path / "small"


def parse_both(text: str) -> tuple[bibtexparser.Library, pybtex.database.BibliographyData]:
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    return lib, pybtex.database.parse_string(text, "bibtex")


def test_golden(vla: Invoke, small: Path) -> None:
    res = vla("export", "bibtex", "-C", str(small))
    assert res.exit_code == 0, res.output
    check_golden("small.bib", res.stdout)
    res_ascii = vla("export", "bibtex", "-C", str(small), "--ascii")
    check_golden("small-ascii.bib", res_ascii.stdout)
    # Names are written with LaTeX accents in UTF-8 output too: classic BibTeX cuts names by bytes.
    assert "Budzianowski, Pawe{\\l}" in res_ascii.stdout and "Budzianowski, Pawe{\\l}" in res.stdout
    assert vla("export", "bibtex", "-C", str(small)).stdout == res.stdout  # same catalog, same bytes


def test_small_catalog_parses_back(vla: Invoke, small: Path) -> None:
    for args in ((), ("--ascii",)):
        text = vla("export", "bibtex", "-C", str(small), *args).stdout
        lib, pyb = parse_both(text)
        assert len(lib.entries) == len(pyb.entries) == 6
        parsed = {e.title: e for e in parse_bibtex(text).entries}
        for p in Catalog(small).papers():
            back = parsed[p.title]
            assert back.authors == p.authors
            assert back.arxiv == p.arxiv
            assert back.fields.get("abstract") == p.abstract
            assert back.fields.get("doi") == p.doi  # a preprint's arXiv DOI is derived again, not stored


def test_entry_types_and_fields(small: Path) -> None:
    cat = Catalog(small)
    smol, robomamba, tiny, mini = (cat.get(k) for k in ("2506.01844", "2406.04339", "2409.12514", "minivla"))
    assert entry_type(smol) == "misc"
    assert bib_fields(smol) == {
        "title": "{SmolVLA:} {A} {Vision-Language-Action} {Model} for {Robotics}",
        "author": "Shukor, Mustafa and Aubakirova, Dana",
        "year": "2025", "howpublished": "arXiv:2506.01844 [cs.LG]", "eprint": "2506.01844",
        "archivePrefix": "arXiv", "primaryClass": "cs.LG", "doi": "10.48550/arXiv.2506.01844",
        "url": "https://arxiv.org/abs/2506.01844",
        "abstract": "10x smaller \\& 50\\% faster than \\textbraceleft{}big\\textbraceright{} VLAs, with "
                    "\\$\\textbackslash{}pi\\_0\\$-like results.",
    }
    assert entry_type(robomamba) == "inproceedings"
    # The venue table's full name of a venue a list writes short (issue 15: one table for both).
    assert bib_fields(robomamba)["booktitle"] == "Advances in Neural Information Processing Systems"
    assert bib_fields(robomamba)["doi"] == "10.5555/robo_mamba.2024"
    assert entry_type(tiny) == "article"
    assert bib_fields(tiny)["journal"] == "IEEE Robotics and Automation Letters"
    assert entry_type(mini) == "misc"
    assert bib_fields(mini)["url"] == "https://ai.stanford.edu/blog/mini(vla)/"
    assert bib_fields(mini)["author"] == "van Beethoven, Ludwig and {\\~N}{\\'u}{\\~n}ez, Jos{\\'e}"
    assert "eprint" not in bib_fields(mini)


def test_bundled_catalog_parses_with_both_parsers(vla: Invoke) -> None:
    res = vla("export", "bibtex", "-C", str(BUNDLED))
    assert res.exit_code == 0
    lib, pyb = parse_both(res.stdout)
    cat = Catalog(BUNDLED)
    assert len(lib.entries) == len(pyb.entries) == len(cat) == 58
    keys = [e.key for e in lib.entries]
    assert len(set(keys)) == len(keys)
    assert "shukor2025smolvla" in keys
    smol = next(e for e in lib.entries if e.key == "shukor2025smolvla")
    assert smol.entry_type == "misc"
    assert smol.fields_dict["eprint"].value == "2506.01844"
    ascii_text = vla("export", "bibtex", "-C", str(BUNDLED), "--ascii").stdout
    assert len(parse_both(ascii_text)[0].entries) == 58
    assert ascii_text.isascii()


def test_category_filter_gives_exactly_those_papers(vla: Invoke) -> None:
    res = vla("export", "bibtex", "-C", str(BUNDLED), "--category", "quantization")
    assert res.exit_code == 0
    keys = {e.key for e in bibtexparser.parse_string(res.stdout).entries}
    cat = Catalog(BUNDLED)
    expected = assign_citekeys(cat.papers())
    assert keys == {expected[p.key] for p in cat.query(category="quantization")}
    assert len(keys) >= 1
    res = vla("export", "bibtex", "-C", str(BUNDLED), "--year", "2024", "--venue", "ICRA")
    assert [e.key for e in bibtexparser.parse_string(res.stdout).entries] == [expected["2312.01990"]]


def test_citekeys_are_stored_and_stable(vla: Invoke, small: Path) -> None:
    cat = Catalog(small)
    assert cat.get("2506.01844").citekey == "shukor2025smolvla"
    with cat.edit("2506.01844") as p:
        p.title = "Completely Different"
        p.year = 2030
        p.authors = ["Someone Else"]
    res = vla("export", "bibtex", "-C", str(small))
    assert "@misc{shukor2025smolvla," in res.stdout
    assert base_citekey(Catalog(small).get("2506.01844")) == "else2030completely"


def test_keys_for_papers_without_one_are_unique_and_deterministic() -> None:
    stored = Paper(key="a", title="Fast Things", authors=["Ann Lee"], year=2025, citekey="lee2025fast")
    twin = Paper(key="b", title="Fast Things Again", authors=["Bo Lee"], year=2025)
    clash = Paper(key="c", title="Copy", authors=["X Y"], year=2025, citekey="lee2025fast")  # a hand edit
    nameless = Paper(key="d", title="The Notes")
    keys = assign_citekeys([nameless, clash, twin, stored])
    assert keys == {"a": "lee2025fast", "c": "lee2025fasta", "b": "lee2025fastb", "d": "notes"}
    assert assign_citekeys([stored, twin, clash, nameless]) == keys


def test_bad_stored_citekey_is_an_error(vla: Invoke, small: Path) -> None:
    with Catalog(small).edit("2409.12514") as p:
        p.citekey = "wen 2025}"
    res = vla("export", "bibtex", "-C", str(small))
    assert res.exit_code == 1
    assert res.stderr == ("error: paper '2409.12514': citation key 'wen 2025}' cannot be used in BibTeX "
                          "(no spaces, commas, braces, parentheses, quotes or # % ~ = \\; fix it with 'vla set')\n")


def test_no_value_can_end_an_entry_early() -> None:
    evil = Paper(key="e", title="x}, author = {pwned},\n@misc{injected, title={y", authors=["A} and {B"],
                 year=2025, url="https://e.org/}{\\", abstract="%}}}@article{z,")
    text = to_bibtex([evil], {"e": "evil"})
    lib, pyb = parse_both(text)
    assert [e.key for e in lib.entries] == ["evil"] and list(pyb.entries) == ["evil"]
    [back] = parse_bibtex(text).entries
    assert back.title == clean(evil.title)
    assert len(back.authors) == 1  # braces that do not balance are text: one name, whatever its split
    assert back.url == "https://e.org/%7D%7B%5C"


def test_output_file(vla: Invoke, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    res = vla("export", "bibtex", "-C", str(small), "-o", str(out))
    assert (res.exit_code, res.stdout, res.stderr) == (0, "", f"{out}: written\n")  # as every format says
    assert out.read_text(encoding="utf-8") == vla("export", "bibtex", "-C", str(small)).stdout
    res = vla("export", "bibtex", "-C", str(small), "-o", str(tmp_path / "no" / "dir.bib"))
    assert res.exit_code == 1
    assert res.stderr.startswith(f"error: {tmp_path / 'no' / 'dir.bib'}: ")


def test_latex_examples() -> None:
    assert decode(r"M{\"u}ller, Pawe{\l} \& {\'E}cole -- \textit{Robo} $\times$ 50\%") == \
        "Müller, Paweł & École – Robo × 50%"
    assert escape("a--b ''x''") == "a-\\/-b '\\/'x'\\/'"  # ligature breaks that hold in LuaTeX too
    assert escape("?`x") == "?{\\`{\\relax}}x"  # never \\textasciigrave, which biber makes a raw backtick
    assert escape("a<b|c") == "a{\\ensuremath{<}}b{\\ensuremath{|}}c"
    assert escape("2787–2805 — x") == "2787--2805 --- x"
    assert escape("Müller", ascii=True) == '{\\"u}'.join(["M", "ller"])
    assert protect_title("SmolVLA: a small VLA") == "{SmolVLA:} a small {VLA}"


# -- what goes in comes out ----------------------------------------------------------------------
SPECIAL = list("{}%&$#_~^\\|<>[]@\"`'-")
NON_ASCII = list("éüłßøçñÅǘ中文αβπ×—–“”’")
word = st.text(alphabet=st.sampled_from(SPECIAL + NON_ASCII + list("abcXYZ019")), min_size=1, max_size=8)
phrase = st.lists(word, min_size=1, max_size=6).map(" ".join)
name = st.lists(word.filter(lambda w: "," not in w), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(title=phrase, authors=st.lists(name, min_size=1, max_size=3), tail=st.text(
    alphabet=st.sampled_from(SPECIAL + NON_ASCII + list("abc019?=. ")), max_size=20), ascii=st.booleans())
def test_bibtex_round_trip(title: str, authors: list[str], tail: str, ascii: bool) -> None:
    url = "https://example.org/" + tail
    paper = Paper(key="k", title=title, authors=authors, year=2025, venue="ICRA", url=url, abstract=title)
    text = to_bibtex([paper], {"k": "key2025"}, ascii=ascii)
    lib, pyb = parse_both(text)
    assert len(lib.entries) == 1 and list(pyb.entries) == ["key2025"]
    assert len(pyb.entries["key2025"].persons["author"]) == len(authors)
    [back] = parse_bibtex(text).entries
    norm = (lambda s: unicodedata.normalize("NFC", s)) if ascii else (lambda s: s)
    assert back.title == norm(title)
    assert back.fields["abstract"] == norm(title)
    # Names come back as the same people: shown the same (their parts, for names with braces or a
    # lower-case word, may be told apart as BibTeX tells them apart), and as many.
    assert len(back.authors) == len(authors)
    plain = [a for a in authors if "{" not in a and "}" not in a]
    if len(plain) == len(authors):
        assert [names.display(a) for a in back.authors] == [norm(" ".join(a.split())) for a in authors]
    assert short_name(back.venue) == "ICRA"  # the full name the export wrote, which an import stores short
    # URLs keep every character a URL may hold; braces, backslashes and spaces come back percent-encoded.
    assert back.url == verbatim_field(url)
    assert not any(c in back.url for c in "{}\\") and not any(c.isspace() for c in back.url)
    if not any(c in url for c in "{}\\") and not any(c.isspace() for c in url):
        assert back.url == url
    else:  # exactly the unsafe characters were percent-encoded, UTF-8 byte by byte
        assert back.url == "".join(quote(c, safe="") if c in "{}\\" or c.isspace() else c for c in url)


def test_venues_are_written_in_full_and_read_back_short(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    """The venue table gives the BibTeX writer its full names (a survey writes CoRL, a bibliography
    Conference on Robot Learning), and a .bib's full name comes back as the short one; a long name
    the table does not know as a venue's full name is kept as spelled."""
    bib = tmp_path / "refs.bib"
    bib.write_text("@inproceedings{a, title={A}, author={Ann Lee}, booktitle={Conference on Robot Learning}, "
                   "year={2024}}\n@inproceedings{b, title={B}, author={Bo Li}, booktitle={2025 IEEE/SICE "
                   "International Symposium on System Integration (SII)}, year={2025}}\n", encoding="utf-8")
    assert vla("import", "bibtex", str(bib), "-c", "quantization", "-C", str(empty_catalog)).exit_code == 0
    cat = Catalog(empty_catalog)
    venues = {p.title: p.venue for p in cat.papers()}
    assert venues == {"A": "CoRL", "B": "2025 IEEE/SICE International Symposium on System Integration (SII)"}
    out = vla("export", "bibtex", "-C", str(empty_catalog)).stdout
    assert "booktitle = {Conference on Robot Learning}" in out
    assert "booktitle = {2025 IEEE/SICE International Symposium on System Integration (SII)}" in out
