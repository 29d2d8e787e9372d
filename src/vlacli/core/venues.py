"""Venues: what counts as a preprint, the venue table, and how the services' names map to it.

Two rules live here and nowhere else:

- **Preprint**: a venue is a preprint when it is empty or names arXiv (``arXiv``, ``arXiv.org``,
  ``CoRR``, ``arXiv e-prints``, Google Scholar's ``arXiv preprint arXiv:2506.01844``) or just
  ``Preprint`` (:func:`is_preprint_venue`).
- **The venue table** (:class:`VenueTable`): each venue as the survey writes it (``CoRL``,
  ``RA-L``), its full name, its other names, its kind (conference, journal or workshop), the DBLP
  key streams (``conf/corl``) and the DOI patterns that name it. A catalog may hold its own table
  in ``venues.toml`` (``vla init`` writes one); without the file the built-in :data:`SEED` is used.
  Semantic Scholar's long names ("Conference on Robot Learning"), DBLP's short forms ("Sci.
  Robotics", "ECCV (12)") and arXiv's journal refs map through it (:meth:`VenueTable.identify`,
  :meth:`VenueTable.find_in_text`). A workshop is never its conference: "CoRL Workshop on …" is a
  workshop, whatever the table says about CoRL.

:func:`is_journal` (``@article`` or ``@inproceedings``) consults the table, then falls back on the
words "Journal", "Transactions", "Letters" and "Magazine".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .._lazy import lazy_re
from .years import YEAR_PATTERN, full_year, years_in

PREPRINT = "arXiv"  # how vla writes the venue of a preprint
KINDS = ("conference", "journal", "workshop")

_PREPRINT = lazy_re(r"^\s*(?:arxiv(?:\.org)?|corr|arxiv\s+e-?prints?|arxiv\s+preprint\b.*|preprint)\s*$",
                    re.IGNORECASE)
_JOURNAL_WORDS = lazy_re(r"\b(?:journal|transactions|letters|magazine)\b", re.IGNORECASE)
_WORKSHOP = lazy_re(r"\bworkshops?\b", re.IGNORECASE)


def is_preprint_venue(venue: str | None) -> bool:
    """No venue, or one that names arXiv (or "Preprint"): the paper is not published yet."""
    return venue is None or not venue.strip() or _PREPRINT.match(venue) is not None


def is_journal(venue: str, table: VenueTable | None = None) -> bool:
    """Whether a venue is a journal: by the venue table (``table``, else the built-in one), else by
    the words "Journal", "Transactions", "Letters" or "Magazine" in its name."""
    found = (table or default_table()).identify(venue)
    if found is not None:
        return found.kind == "journal"
    return _JOURNAL_WORDS.search(venue) is not None


def full_name(venue: str, table: VenueTable | None = None) -> str:
    """The venue as a bibliography prints it: the table's full name when ``venue`` is one of the
    short names or aliases a list writes (``CoRL`` -> ``Conference on Robot Learning``), else
    ``venue`` as it is (a long name a .bib spelled stays as spelled)."""
    known = (table or default_table()).identify(venue)
    if known is None or not known.full:
        return venue
    wanted = venue.strip().casefold()
    return known.full if any(wanted == n.casefold() for n in (known.short, *known.aliases)) else venue


def short_name(venue: str, table: VenueTable | None = None) -> str:
    """The inverse of :func:`full_name`: a venue written exactly as the table's full name of a venue
    becomes its short name (``Conference on Robot Learning`` -> ``CoRL``); anything else stays."""
    known = (table or default_table()).identify(venue)
    if known is not None and known.full and venue.strip().casefold() == known.full.casefold():
        return known.short
    return venue


def is_workshop_name(name: str) -> bool:
    """A name that says workshop: "CoRL 2024 Workshop on …", "CVPR Workshops"."""
    return _WORKSHOP.search(name) is not None


@dataclass(frozen=True)
class Venue:
    """One venue. ``short`` is the name vla writes (``CoRL``); ``full`` is the full name (a BibTeX
    booktitle or journal); ``aliases`` are other names it goes by; ``dblp`` the DBLP key streams
    (``conf/corl``); ``doi`` regular expressions matched at the start of a DOI (``10\\.1109/LRA``)."""

    short: str
    full: str
    kind: str
    aliases: tuple[str, ...] = ()
    dblp: tuple[str, ...] = ()
    doi: tuple[str, ...] = ()
    known: bool = True  # False: made up for a name the table lacks (a workshop it does not list)

    @property
    def is_journal(self) -> bool:
        return self.kind == "journal"

    def names(self) -> tuple[str, ...]:
        return (self.short, self.full, *self.aliases)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"short": self.short, "full": self.full, "kind": self.kind}
        for name in ("aliases", "dblp", "doi"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        return out


def _v(short: str, full: str, kind: str, aliases: Iterable[str] = (), dblp: Iterable[str] = (),
       doi: Iterable[str] = ()) -> Venue:
    return Venue(short, full, kind, tuple(aliases), tuple(dblp), tuple(doi))


C, J, W = "conference", "journal", "workshop"

# The field's venues (robotics, machine learning, computer vision, language), as the survey writes them.
SEED: tuple[Venue, ...] = (
    # -- robotics ------------------------------------------------------------------------------
    _v("CoRL", "Conference on Robot Learning", C, ["Conf Robot Learn", "CORL"], ["conf/corl"]),
    _v("ICRA", "IEEE International Conference on Robotics and Automation", C,
       ["International Conference on Robotics and Automation", "IEEE Int Conf Robot Autom",
        "IEEE International Conference on Robotics & Automation"], ["conf/icra"], [r"10\.1109/ICRA"]),
    _v("IROS", "IEEE/RSJ International Conference on Intelligent Robots and Systems", C,
       ["IEEE/RJS International Conference on Intelligent RObots and Systems",
        "International Conference on Intelligent Robots and Systems", "IEEE/RSJ Int Conf Intell Robot Syst",
        "Intelligent Robots and Systems"], ["conf/iros"], [r"10\.1109/IROS"]),
    _v("RSS", "Robotics: Science and Systems", C, ["Robot Sci Syst", "Robotics Science and Systems"],
       ["conf/rss"], [r"10\.15607/RSS"]),
    _v("Humanoids", "IEEE-RAS International Conference on Humanoid Robots", C,
       ["International Conference on Humanoid Robots", "IEEE-RAS Int Conf Humanoid Robot"],
       ["conf/humanoids"], [r"10\.1109/Humanoids"]),
    _v("CASE", "IEEE International Conference on Automation Science and Engineering", C,
       ["International Conference on Automation Science and Engineering"], ["conf/case"], [r"10\.1109/CASE"]),
    _v("HRI", "ACM/IEEE International Conference on Human-Robot Interaction", C,
       ["International Conference on Human-Robot Interaction", "IEEE/ACM International Conference on "
        "Human-Robot Interaction"], ["conf/hri"]),
    _v("ISER", "International Symposium on Experimental Robotics", C, [], ["conf/iser"]),
    _v("ISRR", "International Symposium of Robotics Research", C, ["International Symposium on Robotics Research"],
       ["conf/isrr"]),
    _v("SII", "IEEE/SICE International Symposium on System Integration", C,
       ["International Symposium on System Integration", "IEEE/SICE Int Symp Syst Integr"], ["conf/sii"],
       [r"10\.1109/SII"]),
    _v("RA-L", "IEEE Robotics and Automation Letters", J,
       ["RAL", "IEEE Robotics Autom. Lett.", "IEEE Robot Autom Lett", "Robotics and Automation Letters"],
       ["journals/ral"], [r"10\.1109/LRA"]),
    _v("T-RO", "IEEE Transactions on Robotics", J, ["TRO", "IEEE Trans. Robotics", "IEEE Trans Robot"],
       ["journals/trob"], [r"10\.1109/TRO"]),
    _v("IJRR", "The International Journal of Robotics Research", J,
       ["International Journal of Robotics Research", "Int. J. Robotics Res.", "Int J Robotics Res"],
       ["journals/ijrr"], [r"10\.1177/0278364"]),
    _v("Science Robotics", "Science Robotics", J, ["Sci. Robotics", "Sci Robot"], ["journals/scirobotics"],
       [r"10\.1126/scirobotics"]),
    _v("T-ASE", "IEEE Transactions on Automation Science and Engineering", J,
       ["TASE", "IEEE Trans Autom. Sci. Eng.", "IEEE Trans. Autom. Sci. Eng."], ["journals/tase"],
       [r"10\.1109/TASE"]),
    _v("AURO", "Autonomous Robots", J, ["Auton. Robots", "Auton Robot"], ["journals/arobots"],
       [r"10\.1007/s10514"]),
    _v("RAM", "IEEE Robotics & Automation Magazine", J, ["IEEE Robotics Autom. Mag.", "IEEE Robot Autom Mag"],
       ["journals/ram"], [r"10\.1109/MRA"]),
    _v("Frontiers in Robotics and AI", "Frontiers in Robotics and AI", J, ["Frontiers Robotics AI"],
       ["journals/firai"], [r"10\.3389/frobt"]),
    # -- machine learning ----------------------------------------------------------------------
    _v("NeurIPS", "Advances in Neural Information Processing Systems", C,
       ["Neural Information Processing Systems", "Conference on Neural Information Processing Systems", "NIPS",
        "Neural Inf Process Syst", "Annual Conference on Neural Information Processing Systems"], ["conf/nips"]),
    _v("ICML", "International Conference on Machine Learning", C, ["Int Conf Mach Learn"], ["conf/icml"]),
    _v("ICLR", "International Conference on Learning Representations", C, ["Int Conf Learn Represent"],
       ["conf/iclr"]),
    _v("AAAI", "AAAI Conference on Artificial Intelligence", C, ["AAAI Conf Artif Intell"], ["conf/aaai"],
       [r"10\.1609/aaai"]),
    _v("IJCAI", "International Joint Conference on Artificial Intelligence", C, ["Int Jt Conf Artif Intell"],
       ["conf/ijcai"], [r"10\.24963/ijcai"]),
    _v("AISTATS", "International Conference on Artificial Intelligence and Statistics", C,
       ["Int Conf Artif Intell Stat"], ["conf/aistats"]),
    _v("MLSys", "Conference on Machine Learning and Systems", C, ["Machine Learning and Systems"], ["conf/mlsys"]),
    _v("COLM", "Conference on Language Modeling", C, [], ["conf/colm"]),
    _v("TMLR", "Transactions on Machine Learning Research", J, ["Trans. Mach. Learn. Res.", "Trans Mach Learn Res"],
       ["journals/tmlr"]),
    _v("JMLR", "Journal of Machine Learning Research", J, ["J. Mach. Learn. Res.", "J Mach Learn Res"],
       ["journals/jmlr"]),
    _v("TNNLS", "IEEE Transactions on Neural Networks and Learning Systems", J,
       ["IEEE Trans. Neural Networks Learn. Syst.", "IEEE Trans Neural Netw Learn Syst"], ["journals/tnn"],
       [r"10\.1109/TNNLS"]),
    _v("Nature Machine Intelligence", "Nature Machine Intelligence", J, ["Nat. Mac. Intell.", "Nat Mach Intell"],
       ["journals/natmi"], [r"10\.1038/s42256"]),
    _v("Nature", "Nature", J, [], ["journals/nature"], [r"10\.1038/s41586"]),
    _v("Science", "Science", J, [], [], [r"10\.1126/science\."]),
    # -- computer vision -----------------------------------------------------------------------
    _v("CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", C,
       ["Computer Vision and Pattern Recognition", "IEEE Conference on Computer Vision and Pattern Recognition",
        "Comput Vis Pattern Recognit", "IEEE/CVF Conf Comput Vis Pattern Recognit"], ["conf/cvpr"],
       [r"10\.1109/CVPR(?!W)"]),
    _v("ICCV", "IEEE/CVF International Conference on Computer Vision", C,
       ["IEEE International Conference on Computer Vision", "International Conference on Computer Vision",
        "IEEE Int Conf Comput Vis"], ["conf/iccv"], [r"10\.1109/ICCV(?!W)"]),
    _v("ECCV", "European Conference on Computer Vision", C, ["Eur Conf Comput Vis"], ["conf/eccv"]),
    _v("WACV", "IEEE/CVF Winter Conference on Applications of Computer Vision", C,
       ["IEEE Workshop/Winter Conference on Applications of Computer Vision",
        "Winter Conference on Applications of Computer Vision", "IEEE Work Conf Appl Comput Vis"], ["conf/wacv"],
       [r"10\.1109/WACV"]),
    _v("3DV", "International Conference on 3D Vision", C, ["Int Conf 3D Vis"], ["conf/3dim"], [r"10\.1109/3DV"]),
    _v("BMVC", "British Machine Vision Conference", C, ["Br Mach Vis Conf"], ["conf/bmvc"]),
    _v("ACM MM", "ACM International Conference on Multimedia", C, ["ACM Multimedia", "ACM MM"], ["conf/mm"]),
    _v("TPAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", J,
       ["PAMI", "T-PAMI", "IEEE Trans. Pattern Anal. Mach. Intell.", "IEEE Trans Pattern Anal Mach Intell"],
       ["journals/pami"], [r"10\.1109/TPAMI"]),
    _v("IJCV", "International Journal of Computer Vision", J, ["Int. J. Comput. Vis.", "Int J Comput Vis"],
       ["journals/ijcv"], [r"10\.1007/s11263"]),
    _v("TIP", "IEEE Transactions on Image Processing", J, ["IEEE Trans. Image Process.", "IEEE Trans Image Process"],
       ["journals/tip"], [r"10\.1109/TIP"]),
    _v("CVPRW", "IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops", W,
       ["CVPR Workshops", "Computer Vision and Pattern Recognition Workshops"], ["conf/cvpr"],
       [r"10\.1109/CVPRW"]),
    _v("ICCVW", "IEEE/CVF International Conference on Computer Vision Workshops", W,
       ["ICCV Workshops", "International Conference on Computer Vision Workshops"], ["conf/iccv"],
       [r"10\.1109/ICCVW"]),
    _v("ECCVW", "European Conference on Computer Vision Workshops", W, ["ECCV Workshops"], ["conf/eccv"]),
    # -- language ------------------------------------------------------------------------------
    _v("EMNLP", "Conference on Empirical Methods in Natural Language Processing", C,
       ["Empirical Methods in Natural Language Processing", "Conf Empir Methods Nat Lang Process"], ["conf/emnlp"],
       [r"10\.18653/v1/\d{4}\.emnlp-main\b", r"10\.18653/v1/D\d\d-"]),
    _v("ACL", "Annual Meeting of the Association for Computational Linguistics", C,
       ["Annu Meet Assoc Comput Linguistics", "Association for Computational Linguistics"], ["conf/acl"],
       [r"10\.18653/v1/\d{4}\.acl-(?:long|short)\b", r"10\.18653/v1/P\d\d-"]),
    _v("NAACL", "Conference of the North American Chapter of the Association for Computational Linguistics", C,
       ["North American Chapter of the Association for Computational Linguistics", "NAACL-HLT"], ["conf/naacl"],
       [r"10\.18653/v1/\d{4}\.naacl-(?:long|short|main)\b", r"10\.18653/v1/N\d\d-"]),
    _v("COLING", "International Conference on Computational Linguistics", C, ["Int Conf Comput Linguistics"],
       ["conf/coling"]),
)
del C, J, W


class VenueTableError(ValueError):
    """A venue table that cannot be used: ``why`` names the entry and the problem."""


_ORDINAL = lazy_re(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_YEAR = lazy_re(YEAR_PATTERN)
_PARENS = lazy_re(r"\(([^()]*)\)")
_PROCEEDINGS = lazy_re(r"^\s*(?:proceedings|proc\.?)\s+(?:of\s+)?(?:the\s+)?", re.IGNORECASE)
_THE = lazy_re(r"^\s*the\s+", re.IGNORECASE)
_NOT_PUBLISHED = lazy_re(r"\b(?:submitted|under\s+review|in\s+review|in\s+submission|under\s+submission|"
                         r"preprint|accepted\s+pending)\b", re.IGNORECASE)
_DBLP_KEY = lazy_re(r"^(?P<stream>(?:conf|journals)/[^/]+)/(?P<name>[^/]+)$")
_DBLP_KEY_YEAR = lazy_re(r"(?P<yy>\d\d)(?:-\d+)?[a-z]?$")


def norm(name: str) -> str:
    """A venue name as the table compares it: case-, accent- and punctuation-blind, "&" as "and"."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = name.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", name).replace("_", " ").split())


def year_in(text: str) -> int | None:
    """The one year a venue string names ("CoRL 2024", "ICRA 2025, Atlanta"), if only one."""
    years = set(years_in(text))
    return years.pop() if len(years) == 1 else None


def dblp_key_year(key: str) -> int | None:
    """The year a DBLP key's name ends with (``conf/corl/ZhangX24`` -> 2024), if it has one."""
    m = _DBLP_KEY.match(key)
    if m is None:
        return None
    y = _DBLP_KEY_YEAR.search(m["name"])
    if y is None:
        return None
    yy = int(y["yy"])
    return full_year(yy)


def dblp_stream(key: str) -> str | None:
    """``conf/corl/ZhangX24`` -> ``conf/corl``; None for anything that is not a DBLP record key."""
    m = _DBLP_KEY.match(key.strip())
    return m["stream"] if m else None


def is_dblp_preprint(key: str) -> bool:
    """A DBLP key of arXiv's CoRR (``journals/corr/abs-2506-01844``): the paper is a preprint there."""
    return dblp_stream(key) == "journals/corr"


def says_not_published(text: str) -> bool:
    """A journal ref or comment that names a venue without being published there ("Submitted to ICRA")."""
    return _NOT_PUBLISHED.search(text) is not None


class VenueTable:
    """The venues a catalog knows, looked up by any of their names, DBLP keys or DOIs."""

    def __init__(self, venues: Iterable[Venue], source: str = "built-in") -> None:
        self.venues: tuple[Venue, ...] = tuple(venues)
        self.source = source
        self._by_name: dict[str, Venue] = {}
        self._identified: dict[str, Venue | None] = {}  # identify's answers: a catalog's venues recur
        self._by_stream: dict[str, list[Venue]] = {}
        self._doi: list[tuple[re.Pattern[str], Venue]] = []
        for v in self.venues:
            _check_venue(v, source)
            for name in v.names():
                key = norm(name)
                other = self._by_name.get(key)
                if other is not None and other is not v:
                    raise VenueTableError(f"{source}: the name {name!r} is given to both {other.short!r} and "
                                          f"{v.short!r}")
                self._by_name[key] = v
            for stream in v.dblp:
                self._by_stream.setdefault(stream, []).append(v)
            for pattern in v.doi:
                try:
                    self._doi.append((re.compile(pattern, re.IGNORECASE), v))
                except re.error as e:
                    raise VenueTableError(f"{source}: venue {v.short!r}: DOI pattern {pattern!r} is not a regular "
                                          f"expression ({e})") from None
        self._scans: tuple[re.Pattern[str], re.Pattern[str]] | None = None

    def __iter__(self) -> Iterator[Venue]:
        return iter(self.venues)

    def __len__(self) -> int:
        return len(self.venues)

    # -- lookups ----------------------------------------------------------------------------
    def lookup(self, name: str) -> Venue | None:
        """The venue with exactly this name (short, full or alias; case and punctuation aside)."""
        return self._by_name.get(norm(name))

    def identify(self, name: str) -> Venue | None:
        """The venue a service's name means: the table's own names, or the same with years,
        ordinals, "Proceedings of the" and DBLP volume numbers ("ECCV (12)") taken off, or the
        acronym in parentheses ("2023 IEEE International Conference on Robotics and Automation
        (ICRA)"). A name that says workshop is a workshop: the table's entry when it lists that
        very name, else a made-up one (``known=False``) -- never the conference.
        None when the table does not know it."""
        if not name or not name.strip():
            return None
        if name in self._identified:
            return self._identified[name]
        exact = self.lookup(name)
        if exact is not None:
            found: Venue | None = exact
        elif (lenient := self._lenient(name)) is None:
            found = self.unlisted_workshop(name) if is_workshop_name(name) else None
        else:
            found = self.unlisted_workshop(name) if _says_workshop(name, lenient) else lenient
        if len(self._identified) < 100_000:
            self._identified[name] = found
        return found

    def _lenient(self, name: str) -> Venue | None:
        inner = [p.strip() for p in _PARENS.findall(name)]
        words = [p for p in inner if p and not p.isdigit() and year_in(p) is None]  # not "(12)", "(2024)"
        text = _ORDINAL.sub(" ", _YEAR.sub(" ", _PARENS.sub(" ", name)))
        text = _THE.sub("", _PROCEEDINGS.sub("", text)).strip(" ,.;:-")
        outer = self.lookup(text) if text else None
        named = {v.short: v for v in (self.lookup(w) for w in words) if v is not None}
        if outer is not None:
            # "… (ICRA)" agrees; "EMNLP (Findings)" does not say EMNLP's main conference.
            return outer if all(self.lookup(w) is outer for w in words) else None
        if len(named) == 1 and len(named) == len(words):
            return next(iter(named.values()))
        return None

    def unlisted_workshop(self, name: str) -> Venue:
        cleaned = " ".join(_YEAR.sub(" ", name).split()).strip(" ,.;:-")
        return Venue(cleaned or name, name, "workshop", known=False)

    def from_dblp_key(self, key: str) -> Venue | None:
        """The venue a DBLP key's stream names (``conf/corl/…`` -> CoRL). None for CoRR, for a stream
        the table does not list, and for one it gives to more than one venue (``conf/cvpr`` holds
        both CVPR and its workshops: the key alone cannot tell them apart)."""
        stream = dblp_stream(key)
        if stream is None or stream == "journals/corr":
            return None
        venues = self._by_stream.get(stream, [])
        return venues[0] if len(venues) == 1 else None

    def from_doi(self, doi: str) -> Venue | None:
        """The venue a DOI's pattern names (``10.1109/LRA.2024.…`` -> RA-L), if exactly one does."""
        hits = {v.short: v for pattern, v in self._doi if pattern.match(doi.strip())}
        return next(iter(hits.values())) if len(hits) == 1 else None

    def find_in_text(self, text: str) -> Venue | None:
        """The venue a free text names (an arXiv journal ref: "Accepted at CoRL 2024, Munich"), if
        the names of the table found in it as whole words are all one venue's. Names of one word
        ("CoRL", "RA-L", "Science") are found as written, case and all; longer ones ("Conference on
        Robot Learning") case- and punctuation-blind. A text that says workshop names a workshop;
        one that says "submitted" or "under review" names none."""
        if not text.strip() or says_not_published(text):
            return None
        words, phrases = self._scanners()
        hits: dict[str, Venue] = {}
        inside: set[str] = set()  # the words of the long names found: "Science" in "Science Robotics"
        for m in phrases.finditer(norm(text)):
            v = self._by_name[m.group(0)]
            hits[v.short] = v
            inside.update(m.group(0).split())
        for m in words.finditer(text):
            word = self.lookup(m.group(0))
            if word is not None and norm(m.group(0)) not in inside:
                hits[word.short] = word
        if len(hits) != 1:
            return None
        venue = next(iter(hits.values()))
        if _says_workshop(text, venue):
            return self.unlisted_workshop(text)
        return venue

    def _scanners(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        if self._scans is None:
            names = {n for v in self.venues for n in v.names()}
            single = sorted((n for n in names if " " not in norm(n)), key=len, reverse=True)
            multi = sorted({norm(n) for n in names if " " in norm(n)}, key=len, reverse=True)
            self._scans = (
                re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in single) + r")(?![\w-])"),
                re.compile(r"\b(?:" + "|".join(re.escape(n) for n in multi) + r")\b"),
            )
        return self._scans

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str) -> VenueTable:
        entries = data.get("venue", [])
        if not isinstance(entries, list):
            raise VenueTableError(f"{source}: 'venue' must be an array of tables ([[venue]])")
        venues = []
        for i, entry in enumerate(entries, 1):
            if not isinstance(entry, dict):
                raise VenueTableError(f"{source}: venue {i} is not a table")
            venues.append(_venue_from_dict(entry, f"{source}: venue {i}"))
        unknown = set(data) - {"venue"}
        if unknown:
            raise VenueTableError(f"{source}: unknown key {sorted(unknown)[0]!r} (only [[venue]] tables)")
        return cls(venues, source)


def _says_workshop(text: str, venue: Venue) -> bool:
    """A text naming ``venue`` says workshop, and not merely because one of the venue's own names
    does (WACV was the "IEEE Workshop/Winter Conference on Applications of Computer Vision")."""
    if venue.kind == "workshop" or not is_workshop_name(text):
        return False
    rest = norm(text)
    for n in venue.names():
        if is_workshop_name(n):
            rest = rest.replace(norm(n), " ")
    return is_workshop_name(rest)


def _check_venue(v: Venue, source: str) -> None:
    if not v.short.strip():
        raise VenueTableError(f"{source}: a venue has an empty short name")
    if v.kind not in KINDS:
        raise VenueTableError(f"{source}: venue {v.short!r} has kind {v.kind!r} (one of: {', '.join(KINDS)})")


def _venue_from_dict(entry: dict[str, Any], where: str) -> Venue:
    for name in ("short", "full", "kind"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise VenueTableError(f"{where}: {name!r} must be a non-empty string")
    lists: dict[str, tuple[str, ...]] = {}
    for name in ("aliases", "dblp", "doi"):
        value = entry.get(name, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise VenueTableError(f"{where} ({entry['short']}): {name!r} must be a list of strings")
        lists[name] = tuple(value)
    unknown = set(entry) - {"short", "full", "kind", "aliases", "dblp", "doi"}
    if unknown:
        raise VenueTableError(f"{where} ({entry['short']}): unknown key {sorted(unknown)[0]!r}")
    return Venue(entry["short"].strip(), entry["full"].strip(), entry["kind"].strip(), lists["aliases"],
                 lists["dblp"], lists["doi"])


@functools.lru_cache(maxsize=1)
def default_table() -> VenueTable:
    """The built-in table (:data:`SEED`)."""
    return VenueTable(SEED)
