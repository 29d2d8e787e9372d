"""What a check reports: one finding of one rule, at the rule's level, naming where and which papers.

Every rule of ``vla lint`` is a :class:`Rule` of :data:`RULES` (the README's and the docs' table of
rules is generated from it); :mod:`vlacli.ops.lint` checks the catalog and :mod:`vlacli.readme.check` a
README's generated sections, and both report :class:`Finding` s.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"


WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    level: str
    finding: str  # what it finds, as the README's table of rules says it


# Every rule of `vla lint`, in the order the README lists them (the table is generated from this).
RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("duplicate-id", ERROR, "one arXiv ID under two different titles (or filed twice)"),
    Rule("duplicate-title", ERROR, "one normalised title under two IDs"),
    Rule("unknown-category", ERROR, "a category the taxonomy lacks (with the closest ones)"),
    Rule("no-category", ERROR, "a paper in no category"),
    Rule("bad-id", ERROR, "an arXiv ID that does not parse"),
    Rule("bad-url", ERROR, "a URL that is not http(s)"),
    Rule("malformed", ERROR, "a paper file that is not valid TOML, or has a field of the wrong type"),
    Rule("interrupted", ERROR, "a change of several files (an import, `set --arxiv`) that a killed `vla` left half "
                               "done; the next command that writes finishes it"),
    Rule("stale-readme", ERROR, "with `--readme README.md`: a generated section differs from what its filters give "
                                "from the catalog now (names the section's line and the papers that differ; run "
                                "`vla export markdown --in-place`)"),
    Rule("edited-readme", ERROR, "with `--readme README.md`: people edited a generated section since vla wrote it "
                                 "(names the rows; run `vla sync`)"),
    Rule("big-readme", WARNING, "with `--readme README.md`: a README over 500 KB (GitHub shows only a README's first "
                                "512 KB): put sections in files of their own, or point readers at the site"),
    Rule("empty-category", WARNING, "a leaf category with no papers"),
    Rule("deep-taxonomy", WARNING, "a taxonomy deeper than the Markdown export can show (it starts at `###`, "
                                   "Markdown stops at `######`: more than four levels)"),
    Rule("no-title", WARNING, "a paper without a title (a .bib entry or CSL-JSON item that had none: kept, so its "
                              "key is still cited; give it one with `vla set --title`)"),
    Rule("no-authors", WARNING, "a paper without authors"),
    Rule("no-year", WARNING, "a paper without a year"),
    Rule("now-published", WARNING, "a preprint whose cached arXiv record now names a journal ref or DOI (lint never "
                                   "fetches)"),
)}


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str
    where: str  # a file, or "catalog"
    papers: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message} [{self.code}]"

    @classmethod
    def of(cls, code: str, message: str, where: str, papers: tuple[str, ...] = ()) -> Finding:
        """A finding of the rule ``code``, at the rule's level."""
        return cls(RULES[code].level, code, message, where, papers)

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["papers"] = list(self.papers)
        return d
