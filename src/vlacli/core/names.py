"""Person names: how a paper's ``authors`` (and ``editors``) are stored, shown and written to BibTeX.

A stored name is Unicode text in one of BibTeX's own name forms, so people read it and BibTeX's
rules split it into first / von / last / jr without guessing:

- ``Mustafa Shukor``, ``Ludwig van Beethoven``, ``Martin Luther King Jr.`` — "First von Last"
  (a trailing Jr., Sr., II, III or IV is the jr part), the form used whenever it says the name;
- ``Delle Monache, Maria Laura`` — "von Last, First", when "First Last" would split it elsewhere
  (a family name of two capitalised words);
- ``{Open X-Embodiment Collaboration}`` — a name in braces is one word, never split: a company,
  a consortium, a team;
- ``others`` — BibTeX's "and others": the list goes on (shown as "et al.").

Braces group only when they balance; a stored name whose braces do not balance is plain text.
The split is bibtexparser's (:func:`bibtexparser.middlewares.names.parse_single_name_into_parts`),
which follows BibTeX's rules. :func:`display` gives the name as people write it, :func:`parts` its
four parts, :func:`compose` the stored form of parts, :func:`from_bibtex` and :func:`to_bibtex` the
names of a BibTeX ``author`` or ``editor`` field.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..text import balanced, brace_depths

OTHERS = "others"
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_LITERAL = str.maketrans({"{": "\ue000", "}": "\ue001"})  # braces that do not balance: text, not groups
_TILDE = str.maketrans({"~": "\ue002"})  # a tilde is a tilde in a stored name (in BibTeX, a tie)
_BACK = str.maketrans({"\ue000": "{", "\ue001": "}", "\ue002": "~"})


class Name(NamedTuple):
    first: tuple[str, ...] = ()
    von: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    jr: tuple[str, ...] = ()


def _top_comma(text: str) -> bool:
    return "," in text and any(ch == "," and depth == 0 for ch, depth in brace_depths(text))


_SIMPLE_WORD = re.compile(r"[A-Za-z0-9.]+")  # a word that needs no escaping
_PLAIN = re.compile(r"[^{}\\,~]*")  # no braces, backslash, comma or tilde: words and spaces only


def _case(word: str) -> int:
    """BibTeX's case of a plain word, as bibtexparser reads it: 1 upper, 0 lower, -1 none (``1984``)."""
    for ch in word:
        if ch.isalpha():
            return 1 if ch.isupper() else 0
    return -1


def _first_von_last(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """BibTeX's "First von Last" split of plain words (bibtexparser's algorithm, without its
    character-by-character scan): von runs from the first to the last lower-case word before the last."""
    if len(words) == 1:
        return [], [], words
    if len(words) == 2:
        return words[:1], [], words[1:]
    cases = [_case(w) for w in words]
    if 0 not in cases:
        return words[:-1], [], words[-1:]
    firstl = cases.index(0) - len(cases)
    lastl = -cases[::-1].index(0) - 1
    if lastl == -1:
        lastl -= 1
    return words[:firstl], words[firstl:lastl + 1], words[lastl + 1:]


@functools.lru_cache(maxsize=1 << 16)  # names recur across a catalog's papers
def parts(stored: str) -> Name:
    """The four parts of a stored name, by BibTeX's rules (``others`` is a last name of its own)."""
    text = " ".join(stored.split())
    if _PLAIN.fullmatch(text):  # most names: no braces, commas or backslashes
        f, v, la = _first_von_last(text.split(" ") if text else [])
        first, von, last, jr = tuple(f), tuple(v), tuple(la), tuple[str, ...]()
    else:
        first, von, last, jr = _parts(text)
    if not jr and not _top_comma(text) and len(first) + len(von) + len(last) > 2 \
            and last[-1].casefold() in SUFFIXES:
        # "Martin Luther King Jr.": the suffix is the jr part, as people write it.
        jr = last[-1:]
        last = last[:-1]
        if not last:
            first, last = first[:-1], first[-1:]
    return Name(first, von, last, jr)


def _parts(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """bibtexparser's split of a name with braces, commas, backslashes or tildes."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    if not balanced(text):
        text = text.translate(_LITERAL)
    text = text.translate(_TILDE)
    # A backslash in stored text is a character, not a TeX escape: doubled, the parser reads it as one.
    split = parse_single_name_into_parts(text.replace("\\", "\\\\"), strict=False)

    def words(ws: list[str]) -> tuple[str, ...]:
        return tuple(w.replace("\\\\", "\\").translate(_BACK) for w in ws)

    return words(split.first), words(split.von), words(split.last), words(split.jr)


def _words(name: Name) -> list[str]:
    return [*name.first, *name.von, *name.last, *name.jr]


def ungroup(word: str) -> str:
    """``{Open X-Embodiment Collaboration}`` -> ``Open X-Embodiment Collaboration``: the braces that
    group a word, taken off (braces that do not balance are text and stay)."""
    if "{" not in word or not balanced(word):
        return word
    return word.replace("{", "").replace("}", "")


def display(stored: str) -> str:
    """The name as people write it: ``Maria Laura Delle Monache``, ``Martin Luther King Jr.``,
    ``Open X-Embodiment Collaboration``; ``others`` is ``et al.``."""
    if is_others(stored):
        return "et al."
    if "," not in stored and "{" not in stored:
        return " ".join(stored.split())
    return " ".join(ungroup(w) for w in _words(parts(stored)))


def is_others(stored: str) -> bool:
    return stored.strip() == OTHERS


def family(stored: str) -> str:
    """The family name without particles, as people cite it: ``Beethoven``, ``Delle Monache``,
    ``King``; for a name in braces (``{Open X-Embodiment Collaboration}``), its first word."""
    last = parts(stored).last
    if len(last) == 1 and last[0].startswith("{") and last[0].endswith("}") and balanced(last[0]):
        inner = ungroup(last[0]).split()
        return inner[0] if inner else ""
    return " ".join(ungroup(w) for w in last)


def _brace_if_needed(word: str) -> str:
    """A word that holds a comma outside braces would end a part: braced."""
    return "{" + word + "}" if _top_comma(word) else word


def compose(name: Name) -> str:
    """The stored form of a name's parts: "First von Last" when that reads back as these parts,
    else "von Last, First" or "von Last, Jr, First"."""
    name = Name(*(tuple(_brace_if_needed(w) for w in p if w) for p in name))
    if not name.last and not name.von:  # BibTeX's last name cannot be empty: the last word is it
        words = list(name.first)
        name = Name(tuple(words[:-1]), (), tuple(words[-1:]), name.jr)
    plain = " ".join(_words(name))
    if parts(plain) == name:
        return plain
    von_last = " ".join([*name.von, *name.last])
    candidates = [", ".join(p for p in (von_last, " ".join(name.jr), " ".join(name.first)) if p)]
    if name.jr:
        candidates = [f"{von_last}, {' '.join(name.jr)}, {' '.join(name.first)}"]
    for candidate in candidates:
        if parts(candidate) == name:
            return candidate
    # Lower-case words in the last name, or capitalised ones in von, that BibTeX would move: brace them.
    # A braced word that starts with a backslash is a "special character", read by the case of its
    # letter: an empty group first makes it a plain group ('{{}\\a}'), which stays in the last name.
    last = [(("{{}" if w.startswith("\\") else "{") + w + "}" if _lower(w) else w) for w in name.last]
    von = [(w if _lower(w) or w.startswith("{") else "{" + w + "}") for w in name.von]
    von_last = " ".join([*von, *last])
    if name.jr:
        return f"{von_last}, {' '.join(name.jr)}, {' '.join(name.first)}"
    if name.first:
        return f"{von_last}, {' '.join(name.first)}"
    # No first name, so no comma to end the last name: a braced word first would read as a first
    # name ('{b} Z'); the whole name as one group stays the last name ('{b Z}').
    return von_last if not parts(von_last).first else "{" + " ".join([*name.von, *name.last]) + "}"


def _lower(word: str) -> bool:
    """BibTeX's case of a word: that of its first letter outside braces (``0a`` is lower case)."""
    for ch, depth in brace_depths(word):
        if depth == 0 and ch.isalpha():
            return not ch.isupper()  # as bibtexparser reads it: a letter without case is lower case
    return False


def canonical(stored: str) -> str:
    """The stored form :func:`compose` gives the same parts: how an import writes the name."""
    return OTHERS if is_others(stored) else compose(parts(stored))


# -- BibTeX ----------------------------------------------------------------------------------
def from_bibtex(value: str) -> list[str]:
    """A BibTeX ``author``/``editor`` value (LaTeX) -> stored names, in order; ``and others`` kept.

    Each name is cut into its comma-separated parts and words as BibTeX cuts it (at commas, spaces
    and ties outside braces); each word is decoded to Unicode (a word that is one group of letters,
    ``{Open X-Embodiment Collaboration}``, stays braced); then BibTeX's rules split the Unicode name
    (:func:`parts`), so ``{\\L}ukasz`` and ``{\\~N}úñez`` count as capitalised, as BibTeX counts them."""
    out = []
    for raw in split_names(value):
        if raw.strip() == OTHERS:
            out.append(OTHERS)
        elif stored := _stored(raw):
            out.append(stored)
    return out


@functools.lru_cache(maxsize=1 << 16)  # the names of a .bib recur from entry to entry
def _stored(raw: str) -> str:
    """One BibTeX name (LaTeX) -> its stored form ("" for a name with nothing in it)."""
    from ..text import clean
    from .latex import decode

    sections = []
    for section in _raw_sections(raw):
        words = []
        for w in section:
            if _is_group(w):  # {Open X-Embodiment Collaboration}, {van}: kept as one word
                text = clean(decode(w[1:-1]))
                words.append("{" + text + "}" if text else "")
            else:  # V{\'a}zques{ de }Parga: one word, its spaces inside braces
                text = clean(decode(w))
                words.append("{" + text + "}" if " " in text or _top_comma(text) else text)
        sections.append(" ".join(w for w in words if w.strip()))
    while sections and not sections[-1]:
        sections.pop()
    stored = ", ".join([*sections[:2], " ".join(sections[2:])] if len(sections) > 3 else sections)
    return compose(parts(stored)) if stored.strip(", ") else ""


def _raw_sections(raw: str) -> list[list[str]]:
    """A BibTeX name's comma-separated parts, each a list of words: cut at commas, white space and
    ties (``~``, not the accent ``\\~``) outside braces."""
    sections: list[list[str]] = [[]]
    word: list[str] = []
    depth, i = 0, 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):  # a control symbol (\~, \,): one piece of a word
            word.append(raw[i:i + 2])
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        if depth == 0 and (ch.isspace() or ch in "~,"):
            if word:
                sections[-1].append("".join(word))
                word = []
            if ch == ",":
                sections.append([])
        else:
            word.append(ch)
        i += 1
    if word:
        sections[-1].append("".join(word))
    return sections


def readable(value: str) -> bool:
    """Whether BibTeX reads every name of a name list (``author``, ``editor``): none has more than two
    commas outside braces (``Zhou, Zhenglin, Ma, Fan`` is one name BibTeX refuses: "Too many commas").
    A name of two commas or fewer has no more outside braces: only a name of more is cut into its parts."""
    return "," not in value or all(raw.count(",") <= 2 or len(_raw_sections(raw)) <= 3 for raw in split_names(value))


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def split_names(value: str) -> list[str]:
    """A name list at each ``and`` outside braces, as BibTeX splits it (bibtexparser's splitter misses
    one before a name that starts with a backslash, like ``\\'Emile``)."""
    value = " ".join(value.split())
    if "{" not in value:
        pieces = _AND.split(f" {value} ")
    else:
        pieces, depth, start = [], 0, 0
        for i, ch in enumerate(value):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth = max(depth - 1, 0)
            elif depth == 0 and ch == " " and (m := _AND.match(value, i)):
                if m.start() >= start:
                    pieces.append(value[start:m.start()])
                    start = m.end()
        pieces.append(value[start:])
    return [p.strip() for p in pieces if p.strip()]


def _is_group(word: str) -> bool:
    """A word that is one brace group of letters, not a special character like ``{\\"O}`` nor a
    symbol in braces like ``{"}``."""
    if len(word) < 2 or word[0] != "{" or word[-1] != "}" or word[1:2] == "\\":
        return False
    if not any(ch.isalpha() or ch.isspace() for ch in word):
        return False
    depth = 0
    for i, ch in enumerate(word):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and i != len(word) - 1:
                return False
    return depth == 0


@functools.lru_cache(maxsize=1 << 16)
def to_bibtex(stored: str) -> str:
    """One stored name as BibTeX writes it: ``von Last, Jr, First``, escaped. Every letter with a
    LaTeX form is written with it, in UTF-8 output too: classic BibTeX cuts names by bytes
    (initials, alpha labels), and a LaTeX accent is one character to it."""
    if is_others(stored):
        return OTHERS
    name = parts(stored)
    esc = _bibtex_word
    von_last = " ".join(esc(w) for w in (*name.von, *name.last))
    first = " ".join(esc(w) for w in name.first)
    jr = " ".join(esc(w) for w in name.jr)
    if jr:
        return f"{von_last}, {jr}, {first}"
    return f"{von_last}, {first}" if first else von_last


@functools.lru_cache(maxsize=1 << 16)  # given names and family names recur
def _bibtex_word(word: str) -> str:
    """One word of a stored name, escaped, with LaTeX accents."""
    if _SIMPLE_WORD.fullmatch(word):
        return "{" + word + "}" if word.casefold() in ("and", OTHERS) else word
    from .latex import escape

    if word.startswith("{") and word.endswith("}") and balanced(word) and len(word) >= 2:
        inner = word[1:-1]
        if balanced(inner):
            return "{" + escape(inner.replace("{", "").replace("}", ""), ascii=True) + "}"
    text = escape(ungroup(word), ascii=True)
    # Braced: a word "and" or "others", one with a comma, and one that starts with a command (\&).
    return "{" + text + "}" if word.casefold() in ("and", OTHERS) or "," in text or text[:1] == "\\" else text


def bibtex_names(stored: list[str]) -> str:
    """A list of stored names as one BibTeX name field: ``A and B and others``."""
    return " and ".join(to_bibtex(n) for n in stored)
