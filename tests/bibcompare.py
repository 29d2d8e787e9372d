"""Compare two .bib files entry by entry and field by field: what an import and export kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from vlacli.core import names
from vlacli.core.latex import decode
from vlacli.core.matching import doi_key
from vlacli.formats.bibfields import parse_date, parse_month, parse_year
from vlacli.formats.importers.bibtex import raw_entries, read_verbatim
from vlacli.text import clean


def _norm(name: str, value: str) -> object:
    if name in ("author", "editor", "translator", "bookauthor"):
        return names.from_bibtex(value)
    if name == "month":
        return parse_month(clean(decode(value))) or clean(value)
    if name == "year":
        return parse_year(value)
    if name == "date":
        return parse_date(value)
    if name == "doi":
        return doi_key(read_verbatim(value))
    if name in ("url", "eprint", "file"):
        return read_verbatim(value)
    return clean(decode(value))


@dataclass
class Kept:
    keys: int = 0
    key_total: int = 0
    types: int = 0
    type_total: int = 0
    fields: int = 0
    field_total: int = 0
    lost_keys: list[str] = field(default_factory=list)
    lost_types: list[str] = field(default_factory=list)
    lost_fields: list[str] = field(default_factory=list)  # "key.field: before / after"

    def rate(self, what: str) -> float:
        return getattr(self, what) / max(getattr(self, what.rstrip("s") + "_total" if what != "keys" else "key_total"),
                                         1)

    def summary(self) -> str:
        return (f"keys {self.keys}/{self.key_total} ({self.keys / self.key_total:.1%}), "
                f"types {self.types}/{self.type_total} ({self.types / self.type_total:.1%}), "
                f"fields {self.fields}/{self.field_total} ({self.fields / self.field_total:.1%})")


NOT_WORKS = ("set", "xdata", "ieeetranbstctl")


def compare(before_text: str, after_text: str) -> Kept:
    """Of the works in ``before_text``: how many keys are in ``after_text``, with the same entry type,
    and how many of their fields are there with the same meaning (decoded LaTeX, parsed names and dates)."""
    after = {r.key: r for r in raw_entries(after_text)}
    for r in list(after.values()):  # biblatex's aliases: \cite{alias} finds the entry
        for alias in r.fields.get("ids", "").split(","):
            after.setdefault(alias.strip(), r)
    k = Kept()
    seen: set[str] = set()
    for r in raw_entries(before_text):
        if r.type in NOT_WORKS or r.key in seen:  # a key given twice: \cite finds its first entry
            continue
        seen.add(r.key)
        fields = {n: v for n, v in r.fields.items() if v.strip()}  # an empty field is no field
        k.key_total += 1
        k.type_total += 1
        k.field_total += len(fields)
        got = after.get(r.key)
        if got is None:
            k.lost_keys.append(r.key)
            k.lost_fields.extend(f"{r.key}.{n}: (entry lost)" for n in fields)
            continue
        k.keys += 1
        if got.type == r.type:
            k.types += 1
        else:
            k.lost_types.append(f"{r.key}: @{r.type} / @{got.type}")
        for name, value in fields.items():
            if name in got.fields and _norm(name, value) == _norm(name, got.fields[name]):
                k.fields += 1
            else:
                k.lost_fields.append(f"{r.key}.{name}: {value!r} / {got.fields.get(name)!r}")
    return k
