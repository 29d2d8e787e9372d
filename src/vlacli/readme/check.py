"""``vla lint --readme``: is each generated section of a README what the catalog gives now?"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.findings import Finding
from .markers import body, find_sections
from .record import memories, section_bases
from .rows import difference, section_category
from .sections import charts, render_all

if TYPE_CHECKING:
    from pathlib import Path

    from ..core.paper import Paper
    from ..storage.catalog import Catalog

# GitHub renders only the first 512 KB of a README; lint warns from 500 KB on, before a list crosses it.
BIG_README = 500_000


def check_file(catalog: Catalog, papers: list[Paper], readme: Path) -> list[Finding]:
    """Is each generated section of the README what ``vla export markdown`` writes from the catalog
    now, with the filters its marker records? A section that is not is ``edited-readme`` when people
    edited it since vla wrote it (``vla sync`` takes the edits in), else ``stale-readme`` (the catalog
    changed: ``vla export markdown --in-place`` rewrites it)."""
    from ..storage.store import read_text

    document = read_text(readme)
    findings = too_big(readme, document)
    sections = find_sections(document, str(readme))
    bases, _ = section_bases(catalog, readme, sections)
    update = f"run 'vla export markdown --in-place {readme}' to update it"  # what fixes a stale one
    rendered = render_all(catalog, papers, [s.filters for s in sections], readme.parent,
                          memories(catalog, readme, sections, document, papers), str(readme),
                          [s.line for s in sections])
    for i, section in enumerate(sections):
        expected = rendered[i].text
        current = body(document, section)
        if current.strip() == expected.strip():
            continue  # (a chart section's image is checked below, with its file)
        where, which = f"{readme}:{section.line}", section.describe()
        if "chart" in section.filters:
            findings.append(Finding.of("stale-readme", f"the chart section ({which}) is not what vla writes; {update}",
                                       where))
            continue
        base = bases[i]
        if base is not None and current.strip() != base.strip():
            detail, keys = difference(catalog, papers, base, current, "added to the README", "deleted from it",
                                      section_category(catalog, section.filters))
            findings.append(Finding.of("edited-readme", f"the generated section ({which}) was edited by hand "
                                    f"since vla wrote it ({detail}); run 'vla sync {readme}' to take the edits "
                                    "into the catalog", where, keys))
        else:
            detail, keys = difference(catalog, papers, current, expected, "missing from the README",
                                      "no longer in the catalog", section_category(catalog, section.filters))
            findings.append(Finding.of("stale-readme", f"the generated section ({which}) is stale ({detail}); {update}",
                                       where, keys))
    for chart, svg in charts(catalog, papers, readme, document).items():
        if not chart.is_file() or chart.read_bytes() != svg.encode("utf-8"):
            state = "is missing" if not chart.is_file() else "is out of date"
            findings.append(Finding.of("stale-readme", f"the chart {chart} {state}; {update}", str(readme)))
    return findings


def too_big(readme: Path, document: str) -> list[Finding]:
    """A README close to the size after which GitHub stops rendering it (its first 512 KB are shown)."""
    size = len(document.encode("utf-8"))
    if size <= BIG_README:
        return []
    return [Finding.of("big-readme", f"the README has {size // 1000} KB; GitHub shows only its first 512 KB: put "
                                     "sections in files of their own (vla export markdown -c CATEGORY -o FILE) or "
                                     "point readers at the site (vla export html)", str(readme))]
