"""A .bib and a CSL-JSON file go through vla unchanged (issue 24): every key, every entry type, every
value as written; vla's own views (the venue's short name, "is a preprint") beside them; a value changed
in vla since is written as vla has it."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pybtex.database
import pytest
from conftest import Invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vlacli import Catalog
from vlacli.core.fields import changed_since, fingerprint
from vlacli.formats.bibfields import sources
from vlacli.formats.importers.bibtex import parse_bibtex, raw_entries


def round_trip(vla: Invoke, tmp_path: Path, text: str, fmt: str = "bibtex") -> tuple[str, str]:
    """Import ``text`` into a new catalog (``tmp_path / "cat"``) and export it: (report, export)."""
    root = tmp_path / "cat"
    if not root.exists():
        assert vla("init", str(root)).exit_code == 0
    src = tmp_path / ("in.bib" if fmt == "bibtex" else "in.json")
    src.write_text(text, encoding="utf-8")
    res = vla("import", fmt, str(src), "-C", str(root))
    assert res.exit_code == 0, res.output
    out = vla("export", fmt, "-C", str(root))
    assert out.exit_code == 0, out.output
    return res.stdout, out.stdout


def entries(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """key -> (entry type, fields as written but for their enclosing braces)."""
    from bibtexparser.middlewares import RemoveEnclosingMiddleware

    lib = bibtexparser.parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
    assert lib.failed_blocks == []
    pybtex.database.parse_string(text, "bibtex")
    return {e.key: (e.entry_type, {f.key: str(f.value) for f in e.fields}) for e in lib.entries}


ACM = r"""@inproceedings{10.1145/3652620.3687773,
author = {Wilson, Ann and Pérez, José},
title = {LLMs in Model-Driven Engineering},
year = {2024},
isbn = {9798400706226},
publisher = {Association for Computing Machinery},
address = {New York, NY, USA},
url = {https://doi.org/10.1145/3652620.3687773},
doi = {10.1145/3652620.3687773},
booktitle = {SESS '06: Proceedings of the 2006 international workshop on Software engineering},
pages = {43–52},
numpages = {10},
location = {Linz, Austria},
series = {MODELS Companion '24}
}
"""


def test_an_acm_entry_keeps_its_location_beside_its_address(vla: Invoke, tmp_path: Path) -> None:
    _, out = round_trip(vla, tmp_path, ACM)
    etype, fields = entries(out)["10.1145/3652620.3687773"]
    assert etype == "inproceedings"
    assert (fields["address"], fields["location"]) == ("New York, NY, USA", "Linz, Austria")
    assert fields["booktitle"] == "SESS '06: Proceedings of the 2006 international workshop on Software engineering"
    assert (fields["pages"], fields["numpages"]) == ("43–52", "10")
    paper = Catalog(tmp_path / "cat").papers()[0]
    assert paper.address == "New York, NY, USA"  # the publisher's; biblatex's location alone would give it
    [b] = parse_bibtex("@book{b, title = {B}, location = {Berlin}}").entries
    assert b.fields["address"] == "Berlin"


def test_venues_the_bib_spelled_are_written_as_spelled(vla: Invoke, tmp_path: Path) -> None:
    text = ("@inproceedings{a, title = {A}, booktitle = {AAAI}, year = 2020}\n"
            "@inproceedings{n, title = {N}, booktitle = {NIPS}, year = 2017}\n"
            "@article{r, title = {R}, journal = {International Journal of Robotics Research}, year = 2013}\n"
            "@inproceedings{c, title = {C}, booktitle = {Conference on Robot Learning}, year = 2024}\n")
    _, out = round_trip(vla, tmp_path, text)
    got = {key: fields.get("booktitle") or fields.get("journal") for key, (_, fields) in entries(out).items()}
    assert got == {"a": "AAAI", "n": "NIPS", "r": "International Journal of Robotics Research",
                   "c": "Conference on Robot Learning"}
    # vla's own view beside it: the short name a list writes.
    assert {p.citekey: p.venue for p in Catalog(tmp_path / "cat").papers()}["c"] == "CoRL"


def test_values_are_not_cut(vla: Invoke, tmp_path: Path) -> None:
    text = (r"@article{z, title = {Rapid Production of $^{87}${{Rb Bose}}--{{Einstein}} Condensates}, "
            r"author = {Childress, L. and S\o rensen, a.}, journal = {Proc.~of the {IEEE}}, year = {1790}, "
            r"eprint = {9605043}, eprintclass = {cs, math, stat}, eprinttype = {arxiv}, "
            r"url = {ftp://ftp.isi.edu/end2end/x.mail}, doi = {10.48550/ARXIV.1701.04732}, "
            "abstract = {the ``raw materials'' and `quotes'}, month = oct # \"-\" # nov}\n")
    _, out = round_trip(vla, tmp_path, text)
    assert out.endswith("  month = oct # \"-\" # nov\n}\n")  # and in the file's order of fields
    _, fields = entries(out)["z"]
    assert fields["title"] == "Rapid Production of $^{87}${{Rb Bose}}--{{Einstein}} Condensates"
    assert fields["author"] == r"Childress, L. and S\o rensen, a."
    assert (fields["journal"], fields["year"]) == ("Proc.~of the {IEEE}", "1790")
    assert (fields["eprint"], fields["eprintclass"]) == ("9605043", "cs, math, stat")
    assert (fields["url"], fields["doi"]) == ("ftp://ftp.isi.edu/end2end/x.mail", "10.48550/ARXIV.1701.04732")
    assert fields["abstract"] == "the ``raw materials'' and `quotes'"
    paper = Catalog(tmp_path / "cat").papers()[0]
    assert paper.year == 1790  # the one year rule
    assert paper.url is None  # not a web address: no link of the paper, but kept as the .bib wrote it


def test_macros_preambles_comments_and_sets_are_kept(vla: Invoke, tmp_path: Path) -> None:
    text = ('@preamble{ "\\newcommand{\\noopsort}[1]{} " }\n'
            '@string{procSPIE = "Proc. SPIE"}\n@string{spie20 = procSPIE # " 2020"}\n@string{unused = "x"}\n'
            '@inproceedings{a, title = {{\\noopsort{b}}A}, booktitle = spie20, year = 2020, month = jun}\n'
            '@article{b, title = {B}, journal = {J}, year = 2021}\n'
            '@set{ab, entryset = {a,b}}\n'
            '@comment{jabref-meta: databaseType:biblatex;}\n')
    report, out = round_trip(vla, tmp_path, text)
    assert "line 7: @set{ab} groups other entries (a biblatex set); not a paper of its own; kept for the export" \
        in report
    assert out.startswith('@preamble{ "\\newcommand{\\noopsort}[1]{} " }\n\n'
                          '@string{procSPIE = "Proc. SPIE"}\n@string{spie20 = procSPIE # " 2020"}\n\n')
    assert "unused" not in out  # the @strings the papers use, and no other
    assert "booktitle = spie20," in out and "month = jun\n" in out
    assert out.endswith("\n@set{ab, entryset = {a,b}}\n\n@comment{jabref-meta: databaseType:biblatex;}\n")
    assert entries(out)["ab"][0] == "set"
    # A paper exported alone takes the blocks and @strings it needs along.
    cat = Catalog(tmp_path / "cat")
    alone = vla("export", "bibtex", "--year", "2021", "-C", str(tmp_path / "cat")).stdout
    assert "@string" not in alone and "@set{ab" in alone and "@preamble" in alone
    assert len(cat) == 2


def test_two_entries_of_one_paper_keep_both_keys(vla: Invoke, tmp_path: Path) -> None:
    """A preprint and its published version (one DOI), Better BibTeX's -1 twin and Mendeley's a-suffix:
    one paper in the catalog, and an entry under each key, each as the file wrote it."""
    text = ("@misc{smith2019pre, title = {Deep Things}, author = {Smith, Ann}, year = 2019, "
            "doi = {10.1/deep}, howpublished = {arXiv:1901.00001}}\n"
            "@inproceedings{smith2020deep, title = {Deep Things}, author = {Smith, Ann}, year = 2020, "
            "booktitle = {NeurIPS}, doi = {10.1/DEEP}}\n"
            "@article{robins_atom_2013, title = {An Atom Laser}, author = {Robins, N.}, journal = {Phys. Rep.}, "
            "year = 2013, doi = {10.1/atom}}\n"
            "@article{robins_atom_2013-1, title = {An Atom Laser}, author = {Robins, N.}, journal = {Physics "
            "Reports}, year = 2013, doi = {10.1/atom}}\n"
            "@article{Maurer2012, title = {Room-Temperature Quantum Bit Memory}, author = {Maurer, P.}, "
            "year = 2012, journal = {Science}}\n"
            "@article{Maurer2012a, title = {Room-temperature quantum bit memory exceeding one second}, "
            "author = {Maurer, P.}, year = 2012, journal = {Science}}\n")
    report, out = round_trip(vla, tmp_path, text)
    got = entries(out)
    assert sorted(got) == ["Maurer2012", "Maurer2012a", "robins_atom_2013", "robins_atom_2013-1", "smith2019pre",
                           "smith2020deep"]
    assert got["smith2019pre"] == ("misc", {"title": "Deep Things", "author": "Smith, Ann", "year": "2019",
                                            "howpublished": "arXiv:1901.00001", "doi": "10.1/deep"})
    assert got["smith2020deep"][0] == "inproceedings" and got["smith2020deep"][1]["booktitle"] == "NeurIPS"
    assert got["robins_atom_2013-1"][1]["journal"] == "Physics Reports"
    cat = Catalog(tmp_path / "cat")
    assert len(cat) == 4  # one DOI is one paper; two titles (Mendeley's) are two
    deep = next(p for p in cat.papers() if p.citekey == "smith2019pre")
    assert (deep.venue, deep.year, deep.entry_keys()) == ("NeurIPS", 2020, ["smith2020deep"])
    assert "the file's entry 'smith2020deep' is kept as another entry of it" in report
    shown = vla("show", "smith2019pre", "-C", str(tmp_path / "cat")).stdout
    assert "Citation key\tsmith2019pre\nOther keys\tsmith2020deep\n" in shown
    assert vla("show", "smith2020deep", "-C", str(tmp_path / "cat")).stdout == shown  # found by either key
    # A second trip gives the same bytes.
    _, again = round_trip(vla, tmp_path / "again", out)
    assert again == out


def test_keys_are_kept_as_written(vla: Invoke, tmp_path: Path) -> None:
    text = ("@article{höllein2023_text2room, title = {Text2Room}, year = 2023, journal = {ICCV}}\n"
            "@article{O’Hearn2003, title = {On Bunched Typing}, year = 2003, journal = {JFP}}\n"
            "@article{Böttinger2018116, title = {Scopus}, year = 2018, journal = {J}}\n")
    _, out = round_trip(vla, tmp_path, text)
    assert sorted(entries(out)) == ["Böttinger2018116", "O’Hearn2003", "höllein2023_text2room"]
    assert {p.citekey for p in Catalog(tmp_path / "cat").papers()} == {
        "höllein2023_text2room", "O’Hearn2003", "Böttinger2018116"}


def test_a_key_given_twice_and_a_missing_comma(vla: Invoke, tmp_path: Path) -> None:
    text = ('@inproceedings{clssts-2020, title = "The Same", year = "2020", booktitle = {W}}\n'
            '@inproceedings{clssts-2020, title = "The Same", year = "2020", booktitle = {W}, pages = {1--2}}\n'
            "@misc{simon2012, Author = {Foucart, Simon}, Year = {2012},\n"
            "  url = {http://www.math.drexel.edu/~foucart/M504Lect6.pdf}\n  Title = {Matrix Norm}\n}\n")
    report, out = round_trip(vla, tmp_path, text)
    got = entries(out)
    assert got["clssts-2020"][1] == {"title": "The Same", "booktitle": "W", "year": "2020"}  # not {"2020"}
    # The title a missing comma ran into the url is read, and the url's text is kept as the file wrote it.
    assert got["simon2012"][1]["title"] == "Matrix Norm"
    assert got["simon2012"][1]["url"] == "{http://www.math.drexel.edu/~foucart/M504Lect6.pdf}\n  Title = {Matrix Norm}"
    assert ("a comma is missing after field url: its text is kept as written, and title after it is read too "
            "(add the comma)") in report
    simon = next(p for p in Catalog(tmp_path / "cat").papers() if p.citekey == "simon2012")
    assert (simon.title, simon.url) == ("Matrix Norm", "http://www.math.drexel.edu/~foucart/M504Lect6.pdf")


def test_entries_without_a_title_are_kept(vla: Invoke, tmp_path: Path) -> None:
    text = ('@misc{IEEEexample:private, author = "S. Konyagin", howpublished = "private communication", '
            'year = "1998"}\n@phdthesis{CaiPhD, Author = {Yufei Cai}, School = {Tübingen}, Year = {2017}}\n')
    report, out = round_trip(vla, tmp_path, text)
    assert entries(out)["IEEEexample:private"] == ("misc", {"author": "S. Konyagin", "year": "1998",
                                                           "howpublished": "private communication"})
    assert entries(out)["CaiPhD"][0] == "phdthesis"
    assert {p.key for p in Catalog(tmp_path / "cat").papers()} == {"ieeeexample", "CaiPhD"}
    assert report.count("an entry with no title: kept with an empty title") == 2
    lint = vla("lint", "-C", str(tmp_path / "cat")).stdout
    assert "papers/CaiPhD.toml: warning: CaiPhD has no title [no-title]" in lint


def test_a_field_changed_in_vla_is_written_from_the_paper(vla: Invoke, tmp_path: Path) -> None:
    _, before = round_trip(vla, tmp_path, ACM)
    root = tmp_path / "cat"
    [paper] = Catalog(root).papers()
    assert vla("set", paper.key, "--title", "LLMs in MDE", "--venue", "", "-C", str(root)).exit_code == 0
    with Catalog(root).edit(paper.key) as p:
        p.authors = ["Ann Wilson"]  # as a refresh from arXiv would
    out = vla("export", "bibtex", "-C", str(root)).stdout
    _, fields = entries(out)["10.1145/3652620.3687773"]
    assert fields["title"] == "{LLMs} in {MDE}" and fields["author"] == "Wilson, Ann"
    assert "booktitle" not in fields  # cleared by a person: stays cleared
    assert (fields["location"], fields["numpages"], fields["pages"]) == ("Linz, Austria", "10", "43–52")
    # Set back to what the .bib said, the field is written as it wrote it again.
    assert vla("set", paper.key, "--title", "LLMs in Model-Driven Engineering", "-C", str(root)).exit_code == 0
    assert "title = {LLMs in Model-Driven Engineering}," in vla("export", "bibtex", "-C", str(root)).stdout
    assert before != out


def test_which_paper_field_each_bibtex_field_gives() -> None:
    both = {"address": "New York", "location": "Linz", "booktitle": "B", "journal": "J", "date": "2020-05",
            "year": "2020", "eprint": "2501.00001v2", "title": "T", "keywords": "k"}
    assert sources(both, "inproceedings") == {"eprint": ("arxiv", "version"), "title": ("title",),
                                              "year": ("year",), "booktitle": ("venue",), "date": ("month",),
                                              "address": ("address",)}
    assert sources({"journal": "J", "booktitle": "B", "location": "Linz"}, "article") == {
        "journal": ("venue",), "location": ("address",)}
    assert sources({"eprint": "X123", "eprinttype": "jstor"}, "book") == {}  # a jstor eprint is its own


def test_fingerprints_tell_a_changed_value() -> None:
    from vlacli.core.paper import Paper

    paper = Paper(key="k", title="T", year=2020)
    read = {"title": fingerprint("T"), "year": fingerprint(2020)}
    assert changed_since(paper, read, ("title", "year", "venue")) == frozenset()
    paper.venue = "CoRL"
    paper.year = 2021
    assert changed_since(paper, read, ("title", "year", "venue")) == {"year", "venue"}
    assert fingerprint(None) == fingerprint("") == fingerprint([]) == ""


def test_raw_entries_keep_the_expressions_as_written() -> None:
    [r] = raw_entries('@string{x = "X"}\n@misc{k, title = x # " and " # {Y}, month = jan, year = 2020}\n')
    assert r.fields == {"title": "X and Y", "month": "January", "year": "2020"}
    assert (r.macros, r.uses) == ({"title": 'x # " and " # {Y}', "month": "jan"}, frozenset({"x"}))


ZOTERO_ITEMS = [
    {"id": 38, "type": "graphic", "title": "Title", "DOI": "10.1234/example.doi",
     "issued": {"date-parts": [["1999", 12, 31]]}, "archive": "Archive"},
    {"id": 39, "type": "song", "title": "Title", "DOI": "10.1234/example.doi", "page": "10–20"},
    {"id": "brownLanguageModelsAre2020", "type": "article-journal", "title": "Language Models are Few-Shot "
     "Learners", "container-title": "ArXiv", "URL": "http://arxiv.org/abs/2005.14165",
     "issued": {"date-parts": [[2020, 5, 28]]}, "author": [{"family": "Brown", "given": "Tom B."}]},
    {"id": "bodenhagen", "type": "paper-conference", "title": "Robot Use Cases",
     "issued": {"season": 4, "date-parts": [[1790]]}},
]


def test_csl_json_items_round_trip_with_their_ids_types_and_fields(vla: Invoke, tmp_path: Path) -> None:
    _, out = round_trip(vla, tmp_path, json.dumps(ZOTERO_ITEMS), fmt="csl-json")
    items = {str(i["id"]): i for i in json.loads(out)}
    assert items == {str(i["id"]): i for i in ZOTERO_ITEMS}
    assert len(Catalog(tmp_path / "cat")) == 3  # one DOI, two ids: one paper, an item under each id
    _, again = round_trip(vla, tmp_path / "again", out, fmt="csl-json")
    assert again == out


def test_a_csl_field_changed_in_vla_is_written_from_the_paper(vla: Invoke, tmp_path: Path) -> None:
    round_trip(vla, tmp_path, json.dumps(ZOTERO_ITEMS[2:3]), fmt="csl-json")
    root = tmp_path / "cat"
    [paper] = Catalog(root).papers()
    assert vla("set", paper.key, "--title", "GPT-3", "-C", str(root)).exit_code == 0
    [item] = json.loads(vla("export", "csl-json", "-C", str(root)).stdout)
    assert item["title"] == "GPT-3"
    assert (item["type"], item["container-title"], item["issued"]) == (
        "article-journal", "ArXiv", {"date-parts": [[2020, 5, 28]]})
    assert vla("set", paper.key, "--venue", "NeurIPS", "-C", str(root)).exit_code == 0
    [item] = json.loads(vla("export", "csl-json", "-C", str(root)).stdout)
    assert (item["container-title"], item["container-title-short"]) == (
        "Advances in Neural Information Processing Systems", "NeurIPS")


@pytest.mark.parametrize("name", ["biblatex-examples.bib", "xampl.bib", "IEEEexample.bib"])
def test_tex_live_files_keep_every_value_exactly(vla: Invoke, tmp_path: Path, name: str) -> None:
    """The export says what the file said, to the letter: every key with its type, and every field's text
    (macros expanded, white space aside) but for what a file gets wrong (an undefined @string)."""
    from conftest import DATA

    bib = DATA / "bib"
    text = ((bib / "IEEEabrv-utf8.bib").read_text(encoding="utf-8") if name == "IEEEexample.bib" else "") \
        + (bib / name).read_text(encoding="utf-8")
    _, out = round_trip(vla, tmp_path, text)
    after = {r.key: r for r in raw_entries(out)}
    for r in raw_entries(text):
        got = after[r.key]
        assert got.type == r.type, r.key
        for field, value in r.fields.items():
            if value.strip():
                assert " ".join(got.fields.get(field, "").split()) == " ".join(value.split()), (r.key, field)


def test_an_object_of_items_is_read_as_its_items() -> None:
    """Zotero's own test data holds its items in an object, by item type."""
    from vlacli.formats.importers.csljson import parse_csl_json

    parsed = parse_csl_json(json.dumps({"artwork": ZOTERO_ITEMS[0], "audioRecording": ZOTERO_ITEMS[1]}))
    assert [e.fields["citekey"] for e in parsed.entries] == ["38", "39"] and parsed.recognised


# -- what goes in comes out ------------------------------------------------------------------------
_TEXT = st.lists(st.sampled_from([*"abcXYZ019 .,:;-–'`~^&é中", "\\'e", "\\&", "{\\o}", "$x^2$", "{ABC}"]),
                 min_size=1, max_size=12).map(lambda s: " ".join("".join(s).split()) or "x")
_FIELD = st.sampled_from(["title", "author", "journal", "booktitle", "year", "month", "volume", "pages", "note",
                          "publisher", "address", "location", "doi", "url", "keywords", "langid", "eprint",
                          "eprintclass", "abstract", "series", "howpublished", "file"])
_KEY = st.text(st.sampled_from(list("abcxyz019_:-./ö’")), min_size=1, max_size=10).filter(
    lambda k: k[0].isalnum())
# Some share a DOI: one paper, an entry under each key.
_ENTRY = st.tuples(_KEY, st.sampled_from(["article", "inproceedings", "misc", "book", "online", "thesis"]),
                   st.builds(lambda f, doi: {**f, **({"doi": doi} if doi else {})},
                             st.dictionaries(_FIELD.filter(lambda n: n != "doi"), _TEXT, min_size=1, max_size=8),
                             st.sampled_from(["10.1/a", "10.1/A", "10.2/b", None])))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ENTRY, min_size=1, max_size=5, unique_by=lambda e: e[0].casefold()))
def test_any_bib_comes_back_as_written(tmp_path_factory: pytest.TempPathFactory,
                                       entries_: list[tuple[str, str, dict[str, str]]]) -> None:
    """Entries of any keys, types and fields (LaTeX, math, ties, non-ASCII) come back from an import
    and export with their keys, types and every value as written; a second trip gives the same bytes."""
    from vlacli.core.citekeys import assign_citekeys
    from vlacli.formats.exporters.bibtex import to_bibtex
    from vlacli.ops.importing import import_text

    text = "".join(f"@{etype}{{{key},\n" + "".join(f"  {n} = {{{v}}},\n" for n, v in fields.items()) + "}\n"
                   for key, etype, fields in entries_)
    exports = []
    for _ in range(2):
        root = tmp_path_factory.mktemp("cat")
        cat = Catalog.init(root)
        import_text(cat, "bibtex", text if not exports else exports[-1], "in.bib")
        papers = Catalog(root).papers()
        exports.append(to_bibtex(papers, assign_citekeys(papers)))
    assert exports[0] == exports[1]
    after = {r.key: r for r in raw_entries(exports[0])}
    from vlacli.core.names import readable

    for key, etype, fields in entries_:
        assert after[key].type == etype
        for name, value in fields.items():
            if name == "author" and not readable(value):
                continue  # a name with three commas, which BibTeX refuses: written as vla reads it
            assert after[key].fields.get(name) == value, (key, name)


def test_a_key_given_twice_keeps_its_blocks_and_strings() -> None:
    """Two entries of one key are two sources, each with the @strings it uses and the file's @preamble."""
    parsed = parse_bibtex('@preamble{"x"}\n@string{j = "J"}\n@article{k, title = {A}, journal = j}\n'
                          '@article{k, title = {B}, journal = j}\n')
    assert [(e.source.shared["strings"], e.source.shared["blocks"]) for e in parsed.entries if e.source] == [
        ({"j": '"J"'}, ['@preamble{"x"}'])] * 2


def test_an_entry_keeps_the_strings_it_uses_in_file_order() -> None:
    """@string names are case-insensitive: both spellings of one name go with the entry that uses it,
    and the @strings they use, in the file's order; an entry that uses none keeps none."""
    parsed = parse_bibtex('@string{Jn = "A"}\n@string{other = "o"}\n@string{jN = "B"}\n@string{a = jn # "!"}\n'
                          "@article{k, title = {T}, journal = a}\n@misc{m, title = {M}}\n")
    assert [e.source.shared for e in parsed.entries if e.source] == [
        {"strings": {"Jn": '"A"', "jN": '"B"', "a": 'jn # "!"'}}, {}]


def test_years_are_years_in_every_importer(vla: Invoke, tmp_path: Path) -> None:
    """The one year rule (core/years): 1790 is a year from a .bib and from CSL-JSON; 0999 is not (the
    CSL-JSON import says so; the .bib's field is kept as written)."""
    round_trip(vla, tmp_path, "@book{a, title = {Old}, year = 1790}\n@book{b, title = {Odd}, year = 0999}\n")
    assert "year" not in {p.citekey: p for p in Catalog(tmp_path / "cat").papers()}["b"].to_dict()
    assert Catalog(tmp_path / "cat").find("a").year == 1790  # type: ignore[union-attr]
    items = [{"id": "c", "type": "book", "title": "C", "issued": {"date-parts": [[1790, 3]]}},
             {"id": "d", "type": "book", "title": "D", "issued": {"date-parts": [[999]]}}]
    report, _ = round_trip(vla, tmp_path / "csl", json.dumps(items), fmt="csl-json")
    assert "line 1: year 999 is not a year from 1000 to" in report
    assert Catalog(tmp_path / "csl" / "cat").find("c").year == 1790  # type: ignore[union-attr]


def test_a_long_preamble_goes_with_the_first_paper_only() -> None:
    from vlacli.formats.importers.bibtex import PREAMBLE_EVERYWHERE

    long = '@preamble{"' + "x" * PREAMBLE_EVERYWHERE + '"}\n'
    parsed = parse_bibtex(long + "@misc{a, title = {A}}\n@misc{b, title = {B}}\n")
    assert [bool(e.source and e.source.shared.get("blocks")) for e in parsed.entries] == [True, False]


def test_a_macro_the_file_does_not_define_is_written_as_its_name(vla: Invoke, tmp_path: Path) -> None:
    """BibDesk keeps its macros elsewhere: the .bib says `publisher = Springer` with no @string. Read as
    empty (as BibTeX reads it, with a note), written back as the text the file meant."""
    text = '@inproceedings{a, title = {A}, publisher = Springer, address = IEEEAddr # ", 2011"}\n'
    report, out = round_trip(vla, tmp_path, text)
    assert "@string 'Springer' in publisher is not defined; read as empty" in report
    assert entries(out)["a"][1] == {"title": "A", "publisher": "Springer", "address": "IEEEAddr, 2011"}
    assert Catalog(tmp_path / "cat").papers()[0].publisher is None


def test_an_export_fingerprints_each_paper_once(vla: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper's entries (its own and its bibtex_entries) and its items (csl and csl_items) are each told
    what changed since it was read from one set of fingerprints of the paper's fields."""
    from vlacli.core import fields

    bib = "".join(f"@misc{{{k}, title = {{Same Work}}, eprint = {{2401.00001}}, year = 2024, note = {{{k}}}}}\n"
                  for k in "abc")
    items = [{"id": k, "type": "book", "title": "The Work", "DOI": "10.1/x", "note": k} for k in "xy"]
    round_trip(vla, tmp_path / "bibtex", bib)
    round_trip(vla, tmp_path / "csl-json", json.dumps(items), fmt="csl-json")
    calls: list[object] = []
    real = fields.fingerprint
    monkeypatch.setattr(fields, "fingerprint", lambda value: calls.append(value) or real(value))
    out = vla("export", "bibtex", "-C", str(tmp_path / "bibtex" / "cat"))
    assert sorted(entries(out.stdout)) == ["a", "b", "c"]
    assert len(calls) == len(fields.READ_FROM["bibtex"])
    calls.clear()
    out = vla("export", "csl-json", "-C", str(tmp_path / "csl-json" / "cat"))
    assert [i["id"] for i in json.loads(out.stdout)] == ["x", "y"]
    assert len(calls) == len(fields.READ_FROM["csl"])
