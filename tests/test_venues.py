"""The venue table: names as the survey writes them, the services' names mapped through it, the
catalog's editable venues.toml, and the preprint and journal rules."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import BUNDLED
from hypothesis import given
from hypothesis import strategies as st

from vlacli.core.venues import (
    SEED,
    Venue,
    VenueTable,
    VenueTableError,
    dblp_key_year,
    dblp_stream,
    default_table,
    is_dblp_preprint,
    is_journal,
    is_preprint_venue,
    is_workshop_name,
    norm,
    says_not_published,
    year_in,
)
from vlacli.errors import CatalogFormatError
from vlacli.storage.venue_file import VENUES_FILE, load_table, table_toml, write_table

T = default_table()


@pytest.mark.parametrize("name", [None, "", "  ", "arXiv", "ArXiv", "arXiv.org", "CoRR", "arXiv e-prints",
                                  "arXiv preprint arXiv:2506.01844", "Preprint"])
def test_preprint_venues(name: str | None) -> None:
    assert is_preprint_venue(name)


@pytest.mark.parametrize("name", ["CoRL", "arXiv Workshop", "RA-L", "Nature"])
def test_published_venues(name: str) -> None:
    assert not is_preprint_venue(name)


def test_the_survey_short_names_are_all_in_the_seed() -> None:
    for short in ("CoRL", "ICRA", "IROS", "RSS", "Humanoids", "RA-L", "T-RO", "IJRR", "Science Robotics", "NeurIPS",
                  "ICML", "ICLR", "AAAI", "IJCAI", "CVPR", "ICCV", "ECCV", "WACV", "EMNLP", "ACL", "NAACL", "TPAMI",
                  "IJCV", "TMLR", "JMLR", "SII"):
        v = T.lookup(short)
        assert v is not None and v.short == short


@pytest.mark.parametrize(("name", "short"), [
    # Semantic Scholar's publicationVenue names and venue texts
    ("Conference on Robot Learning", "CoRL"),
    ("IEEE International Conference on Robotics and Automation", "ICRA"),
    ("2023 IEEE International Conference on Robotics and Automation (ICRA)", "ICRA"),
    ("IEEE/RJS International Conference on Intelligent RObots and Systems", "IROS"),
    ("Robotics: Science and Systems", "RSS"),
    ("Neural Information Processing Systems", "NeurIPS"),
    ("International Conference on Learning Representations", "ICLR"),
    ("Computer Vision and Pattern Recognition", "CVPR"),
    ("IEEE Robotics and Automation Letters", "RA-L"),
    ("IEEE Transactions on robotics", "T-RO"),
    ("Conference on Empirical Methods in Natural Language Processing", "EMNLP"),
    ("Proceedings of The 7th Conference on Robot Learning", "CoRL"),
    ("Proceedings of the 41st International Conference on Machine Learning", "ICML"),
    # DBLP's short forms
    ("CoRL", "CoRL"), ("NeurIPS", "NeurIPS"), ("Sci. Robotics", "Science Robotics"),
    ("IEEE Robotics Autom. Lett.", "RA-L"), ("IEEE Trans. Robotics", "T-RO"), ("Int. J. Robotics Res.", "IJRR"),
    ("ECCV (12)", "ECCV"), ("Trans. Mach. Learn. Res.", "TMLR"), ("CVPR Workshops", "CVPRW"),
    # a year with it
    ("NeurIPS 2024", "NeurIPS"), ("CoRL 2025", "CoRL"),
    # WACV's old name says "Workshop" but the table lists it as WACV
    ("IEEE Workshop/Winter Conference on Applications of Computer Vision", "WACV"),
])
def test_identify_services_names(name: str, short: str) -> None:
    v = T.identify(name)
    assert v is not None and v.short == short and v.known


@pytest.mark.parametrize("name", ["EMNLP (Findings)", "Journal of Irreproducible Results", "", "arXiv.org",
                                  "Conference on Robot Learning and Cooking"])
def test_identify_unknown(name: str) -> None:
    assert T.identify(name) is None


@pytest.mark.parametrize("name", ["CoRL 2024 Workshop on Whole-body Control", "Workshop on Efficient VLAs (CoRL)",
                                  "ICRA Workshops", "NeurIPS 2023 Workshop on Robot Learning"])
def test_a_workshop_is_never_its_conference(name: str) -> None:
    v = T.identify(name)
    assert v is not None and v.kind == "workshop" and not v.known
    assert is_workshop_name(name)


def test_listed_workshop() -> None:
    v = T.identify("2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)")
    assert v is not None and (v.short, v.kind, v.known) == ("CVPRW", "workshop", True)


@pytest.mark.parametrize(("text", "short"), [
    ("Accepted at CoRL 2024, Munich", "CoRL"),
    ("Science Robotics 9, eadk1234 (2024)", "Science Robotics"),
    ("IEEE Robotics and Automation Letters (RA-L), 2024", "RA-L"),
    ("Proceedings of the 41st International Conference on Machine Learning, PMLR 235, 2024", "ICML"),
    ("To appear in ICRA 2025", "ICRA"),
])
def test_find_in_text(text: str, short: str) -> None:
    v = T.find_in_text(text)
    assert v is not None and v.short == short


@pytest.mark.parametrize("text", ["Submitted to ICRA 2025", "Under review at RA-L", "ICRA 2024 and RA-L 2025",
                                  "12 pages, 5 figures", "In case of doubt", "tip of the iceberg", ""])
def test_find_in_text_none(text: str) -> None:
    assert T.find_in_text(text) is None


def test_find_in_text_workshop() -> None:
    v = T.find_in_text("CoRL 2024 Workshop on Language and Robot Learning")
    assert v is not None and v.kind == "workshop"


def test_dblp_keys() -> None:
    assert dblp_stream("conf/corl/ZhangLW24") == "conf/corl"
    assert dblp_key_year("conf/corl/ZhangLW24") == 2024
    assert dblp_key_year("journals/ral/LiZ24a") == 2024
    assert dblp_key_year("conf/nips/VaswaniSPUJGKP17") == 2017
    assert dblp_key_year("conf/corl/Zhang") is None
    assert dblp_stream("not a key") is None and dblp_key_year("x") is None
    assert is_dblp_preprint("journals/corr/abs-2506-01844")
    cor = T.from_dblp_key("conf/corl/ZhangLW24")
    assert cor is not None and cor.short == "CoRL"
    ral = T.from_dblp_key("journals/ral/LiZ24")
    assert ral is not None and ral.short == "RA-L"
    assert T.from_dblp_key("journals/corr/abs-2506-01844") is None
    assert T.from_dblp_key("conf/unknownconf/X24") is None
    # conf/cvpr holds CVPR and its workshops: a key alone does not tell which
    assert T.from_dblp_key("conf/cvpr/WangW24") is None


def test_dois() -> None:
    ral = T.from_doi("10.1109/LRA.2024.3401234")
    assert ral is not None and ral.short == "RA-L"
    emnlp = T.from_doi("10.18653/v1/2023.emnlp-main.12")
    assert emnlp is not None and emnlp.short == "EMNLP"
    assert T.from_doi("10.48550/arXiv.2506.01844") is None
    assert T.from_doi("10.1109/CVPRW53098.2021.00001").short == "CVPRW"  # type: ignore[union-attr]


def test_is_journal_consults_the_table() -> None:
    for name in ("RA-L", "IEEE Robotics and Automation Letters", "T-RO", "IJRR", "Science Robotics", "TPAMI",
                 "TMLR", "JMLR", "IJCV", "Nature"):
        assert is_journal(name), name
    for name in ("CoRL", "ICRA", "NeurIPS", "Conference on Robot Learning", "CVPR Workshops", "Some Workshop"):
        assert not is_journal(name), name
    assert is_journal("Journal of Field Robotics") and is_journal("IEEE Transactions on Cybernetics")
    own = VenueTable([Venue("FOO", "Foo Letters", "conference")])
    assert not is_journal("Foo Letters", own) and is_journal("Foo Letters")


def test_helpers() -> None:
    assert norm("IEEE Robotics & Automation  Letters") == "ieee robotics and automation letters"
    assert norm("Zürich") == "zurich"
    assert year_in("CoRL 2024, Munich") == 2024 and year_in("2023-2024") is None and year_in("v2") is None
    assert says_not_published("Submitted to ICRA") and not says_not_published("Accepted at ICRA")


# -- the table as a file ----------------------------------------------------------------------

def test_bundled_catalog_file_is_the_seed() -> None:
    path = BUNDLED / VENUES_FILE
    assert path.read_text(encoding="utf-8") == table_toml(default_table())
    assert load_table(BUNDLED).venues == SEED


def test_round_trip(tmp_path: Path) -> None:
    write_table(tmp_path)
    table = load_table(tmp_path)
    assert table.venues == SEED and table.source == str(tmp_path / VENUES_FILE)


def test_catalog_without_the_file_uses_the_seed(tmp_path: Path) -> None:
    assert load_table(tmp_path) is default_table() and load_table(None) is default_table()


def test_edited_file_is_used(tmp_path: Path) -> None:
    (tmp_path / VENUES_FILE).write_text(
        "[[venue]]\nshort = 'CoRL'\nfull = 'Conference on Robot Learning'\nkind = 'conference'\n"
        "aliases = ['The Robot Learning Conference']\n", encoding="utf-8")
    table = load_table(tmp_path)
    assert len(table) == 1
    assert table.identify("The Robot Learning Conference").short == "CoRL"  # type: ignore[union-attr]
    assert table.identify("ICRA") is None


@pytest.mark.parametrize(("text", "why"), [
    ("venue = 3\n", "'venue' must be an array of tables ([[venue]])"),
    ("[[venue]]\nshort = 'X'\nfull = 'X'\n", "venue 1: 'kind' must be a non-empty string"),
    ("[[venue]]\nshort = 'X'\nfull = 'X'\nkind = 'symposium'\n",
     "venue 'X' has kind 'symposium' (one of: conference, journal, workshop)"),
    ("[[venue]]\nshort = 'X'\nfull = 'X'\nkind = 'journal'\naliases = 'Y'\n",
     "venue 1 (X): 'aliases' must be a list of strings"),
    ("[[venue]]\nshort = 'X'\nfull = 'X'\nkind = 'journal'\ncolour = 'red'\n", "venue 1 (X): unknown key 'colour'"),
    ("[[venue]]\nshort = 'X'\nfull = 'Same'\nkind = 'journal'\n[[venue]]\nshort = 'Y'\nfull = 'same'\n"
     "kind = 'journal'\n", "the name 'same' is given to both 'X' and 'Y'"),
    ("[[venue]]\nshort = 'X'\nfull = 'X'\nkind = 'journal'\ndoi = ['10.1(']\n",
     "venue 'X': DOI pattern '10.1(' is not a regular expression (missing ), unterminated subpattern at "
     "position 4)"),
    ("[[venue]]\nshort = 'X'\nfull = 'X'\nkind = 'journal'\n[other]\n", "unknown key 'other' (only [[venue]] tables)"),
])
def test_bad_file_is_one_clear_error(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / VENUES_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogFormatError) as e:
        load_table(tmp_path)
    assert str(e.value) == f"{path}: {why}"


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / VENUES_FILE
    path.write_text("[[venue]]\nshort = \n", encoding="utf-8")
    with pytest.raises(CatalogFormatError) as e:
        load_table(tmp_path)
    assert str(e.value).startswith(f"{path}:2:")


def test_duplicate_name_in_code() -> None:
    with pytest.raises(VenueTableError, match="given to both"):
        VenueTable([Venue("A", "Alpha", "journal"), Venue("B", "ALPHA", "journal")])


# -- properties -------------------------------------------------------------------------------

names = st.sampled_from([(n, v) for v in SEED for n in v.names()])


@given(names)
def test_every_name_identifies_its_venue(item: tuple[str, Venue]) -> None:
    name, venue = item
    assert T.identify(name) is venue
    assert T.identify(f"{name} 2024") is venue
    assert T.identify(f"2024 {name}") is venue


@given(names, st.sampled_from(["Workshop on {}", "{} Workshop", "{} 2025 Workshop on Dexterity"]))
def test_a_workshop_of_any_conference_is_a_workshop(item: tuple[str, Venue], form: str) -> None:
    name, _ = item
    v = T.identify(form.format(name))
    assert v is not None and v.kind == "workshop"


@given(st.text(max_size=40))
def test_norm_is_idempotent_and_lookups_never_fail(text: str) -> None:
    assert norm(norm(text)) == norm(text)
    T.identify(text)
    T.find_in_text(text)
    T.from_doi(text)
    T.from_dblp_key(text)


@given(st.lists(st.tuples(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                                  max_size=12).filter(lambda s: s.strip() and norm(s)),
                          st.sampled_from(["conference", "journal", "workshop"])),
                min_size=1, max_size=5, unique_by=lambda t: norm(t[0])))
def test_toml_round_trip(entries: list[tuple[str, str]]) -> None:
    table = VenueTable([Venue(s.strip(), s.strip(), kind) for s, kind in entries])
    again = VenueTable.from_dict(tomllib.loads(table_toml(table)), "x")
    assert again.venues == table.venues


def test_vla_init_writes_the_table(tmp_path: Path) -> None:
    from vlacli.storage.catalog import Catalog

    Catalog.init(tmp_path / "c")
    assert (tmp_path / "c" / VENUES_FILE).read_text(encoding="utf-8") == table_toml(default_table())
