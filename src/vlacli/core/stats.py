"""Figures about a catalog: papers per year and pillar, venues, published vs arXiv, missing links.

:func:`compute` turns a taxonomy and papers into a :class:`Stats`; :func:`stats_record` is that as
JSON for scripts (``vla stats --format json``), and :func:`render_svg` the papers-per-year chart for a
README (``vla stats --svg FILE``). :func:`chart_svg` is what a README's chart section shows
(:mod:`vlacli.readme.sections`). All pure: the same papers give the
same numbers and the same bytes.

The rules: a *pillar* is a top-level category; a paper counts once in every pillar one of its
categories lies under (so a paper filed under two pillars counts in both, and a year's pillar bars
may add up to more than its papers); a paper in no category of the taxonomy counts under
:data:`NO_PILLAR`. A paper is *published* unless :func:`vlacli.core.venues.is_preprint_venue` says its
venue is a preprint's. Top venues are the published venues, as written, by number of papers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_re
from .venues import is_preprint_venue

if TYPE_CHECKING:

    from ..storage.catalog import Catalog
    from .paper import Paper
    from .taxonomy import Taxonomy

NO_PILLAR = ("", "No category")  # (slug, name) of the papers in no category of the taxonomy
TOP_VENUES = 10
CHART_ALT = "Papers per year"


@dataclass(frozen=True)
class Stats:
    papers: int
    pillars: list[tuple[str, str]]  # (slug, name), in the taxonomy's order; NO_PILLAR last when needed
    years: list[int]  # every year from the first to the last with papers, ascending
    per_year: dict[int, dict[str, int]]  # year -> pillar slug -> papers (every pillar, zeros included)
    year_totals: dict[int, int]  # year -> papers (each paper once)
    no_year: list[str]  # keys of the papers without a year
    venues: list[tuple[str, int]]  # the published venues, most papers first, then by name
    published: int
    preprints: int
    no_code: list[str] = field(default_factory=list)  # keys, in key order
    no_website: list[str] = field(default_factory=list)
    no_links: list[str] = field(default_factory=list)  # neither code nor website

    def share(self, n: int) -> float:
        """``n`` as a percentage of the papers (0 for an empty catalog)."""
        return 100.0 * n / self.papers if self.papers else 0.0


def pillar_of(taxonomy: Taxonomy) -> dict[str, str]:
    """Category slug -> the slug of the pillar (top-level category) it lies under."""
    out: dict[str, str] = {}
    for c in taxonomy:
        out[c.slug] = c.slug if c.parent is None else out[c.parent]
    return out


def compute(taxonomy: Taxonomy, papers: list[Paper]) -> Stats:
    top = pillar_of(taxonomy)
    pillars = [(c.slug, c.name) for c in taxonomy if c.parent is None]
    filed: dict[str, list[str]] = {}
    for p in papers:
        in_pillars = {top[s] for s in p.categories if s in top}
        filed[p.key] = [s for s, _ in pillars if s in in_pillars] or [NO_PILLAR[0]]
    if any(f == [NO_PILLAR[0]] for f in filed.values()):
        pillars.append(NO_PILLAR)
    dated = [(p.year, p) for p in papers if p.year is not None]
    years = list(range(min(y for y, _ in dated), max(y for y, _ in dated) + 1)) if dated else []
    per_year = {y: dict.fromkeys((s for s, _ in pillars), 0) for y in years}
    totals = dict.fromkeys(years, 0)
    for year, p in dated:
        totals[year] += 1
        for slug in filed[p.key]:
            per_year[year][slug] += 1
    published = [p for p in papers if not is_preprint_venue(p.venue)]
    venues = Counter(" ".join((p.venue or "").split()) for p in published)
    keys = sorted(p.key for p in papers)
    by_key = {p.key: p for p in papers}
    return Stats(
        papers=len(papers), pillars=pillars, years=years, per_year=per_year, year_totals=totals,
        no_year=sorted(p.key for p in papers if p.year is None),
        venues=sorted(venues.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])),
        published=len(published), preprints=len(papers) - len(published),
        no_code=[k for k in keys if not by_key[k].code],
        no_website=[k for k in keys if not by_key[k].website],
        no_links=[k for k in keys if not by_key[k].code and not by_key[k].website],
    )


def stats_record(s: Stats) -> dict[str, Any]:
    """The figures as JSON holds them (``vla stats --format json``): a stable schema, for scripts."""
    return {
        "papers": s.papers,
        "pillars": [{"slug": slug, "name": name} for slug, name in s.pillars],
        "per_year": [{"year": y, "papers": s.year_totals[y], "pillars": s.per_year[y]} for y in s.years],
        "no_year": s.no_year,
        "venues": [{"venue": v, "papers": n} for v, n in s.venues],
        "published": s.published,
        "preprints": s.preprints,
        "no_code": s.no_code,
        "no_website": s.no_website,
        "no_code_or_website": s.no_links,
    }


# -- the chart -------------------------------------------------------------------------------
# Okabe & Ito's palette: told apart with every common colour-vision deficiency, and legible on a
# light and a dark page alike.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
WIDTH, PLOT_HEIGHT = 640, 160  # the chart's least width, and its plot's height
_LEFT, _RIGHT, _MAX_BAR, _MIN_BAR = 40, 12, 24, 4
_FONT = "-apple-system,BlinkMacSystemFont,Segoe UI,Helvetica,Arial,sans-serif"


_NOT_XML = lazy_re("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(text: str) -> str:
    """Text for an SVG element or attribute: escaped, and what XML cannot hold at all written as U+FFFD."""
    from xml.sax.saxutils import escape

    return escape(_NOT_XML.sub("\ufffd", text), {'"': "&quot;"})


def _ticks(top: int) -> list[int]:
    """Round steps from 0 to at least ``top`` (≥ 1): 1, 2 or 5 × 10^k apart, at most six of them."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if top <= 5 * step * m:
                return list(range(0, step * m * (-(-top // (step * m)) + 1), step * m))
        step *= 10


def describe(s: Stats) -> str:
    """The chart in words: its text for a screen reader, and an image's alternative text."""
    if not s.years:
        return "Papers per year: no paper has a year."
    return "Papers per year: " + "; ".join(f"{y}: {s.year_totals[y]}" for y in s.years) + "."


def _bars(s: Stats, year: int) -> list[int]:
    """A year's bars: one per pillar, or the year's papers when the taxonomy has one pillar or none."""
    return [s.per_year[year][slug] for slug, _ in s.pillars] if len(s.pillars) > 1 else [s.year_totals[year]]


def render_svg(s: Stats) -> str:
    """The papers-per-year chart: per year, one bar per pillar and the year's papers above them.

    Hand-written SVG with integer coordinates and no date or generated id: the same figures always
    give the same bytes. Its text and grid follow a dark page (``prefers-color-scheme``)."""
    series = [name for _, name in s.pillars] if len(s.pillars) > 1 else []
    n_bars = max(len(series), 1)
    groups = max(len(s.years), 1)
    bar = max(_MIN_BAR, min(_MAX_BAR, (WIDTH - _LEFT - _RIGHT) // groups * 2 // 3 // n_bars))
    group = max(bar * n_bars * 3 // 2, (WIDTH - _LEFT - _RIGHT) // groups)
    width = _LEFT + groups * group + _RIGHT
    # The legend: one swatch and name per pillar, wrapped to the width.
    legend: list[tuple[int, int, int, str]] = []  # (x, y, colour index, name)
    x, y = _LEFT, 42
    for i, name in enumerate(series):
        w = 14 + 7 * len(name) + 18
        if x > _LEFT and x + w > width - _RIGHT:
            x, y = _LEFT, y + 18
        legend.append((x, y, i, name))
        x += w
    top = (y + 22) if series else 36
    base = top + PLOT_HEIGHT
    height = base + (44 if series else 26)
    ticks = _ticks(max((max(_bars(s, yr)) for yr in s.years), default=1) or 1)
    scale = PLOT_HEIGHT / ticks[-1]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="t d" font-family="{_FONT}" font-size="11">',
        f'<title id="t">{CHART_ALT}</title>',
        f'<desc id="d">{_esc(describe(s))}</desc>',
        "<style>text{fill:#24292f}line{stroke:#d0d7de}"
        "@media (prefers-color-scheme:dark){text{fill:#e6edf3}line{stroke:#30363d}}</style>",
        f'<text x="{_LEFT}" y="18" font-size="14" font-weight="bold">{CHART_ALT}</text>',
    ]
    for x, y, i, name in legend:
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>')
        out.append(f'<text x="{x + 14}" y="{y}">{_esc(name)}</text>')
    for t in ticks:
        ty = base - round(t * scale)
        out.append(f'<line x1="{_LEFT - 4}" y1="{ty}" x2="{width - _RIGHT}" y2="{ty}"/>')
        out.append(f'<text x="{_LEFT - 8}" y="{ty + 4}" text-anchor="end">{t}</text>')
    names = series or ["Papers"]
    for gi, year in enumerate(s.years):
        x0 = _LEFT + gi * group + (group - bar * n_bars) // 2
        heights = [round(n * scale) for n in _bars(s, year)]
        for i, (name, n, h) in enumerate(zip(names, _bars(s, year), heights, strict=True)):
            if h:
                out.append(f'<rect x="{x0 + i * bar}" y="{base - h}" width="{bar - 2}" height="{h}" '
                           f'fill="{PALETTE[i % len(PALETTE)]}"><title>{year}, {_esc(name)}: {n}</title></rect>')
        mid = x0 + (bar * n_bars - 2) // 2
        out.append(f'<text x="{mid}" y="{base - max(heights) - 4}" text-anchor="middle" font-weight="bold">'
                   f"{s.year_totals[year]}</text>")
        out.append(f'<text x="{mid}" y="{base + 16}" text-anchor="middle">{year}</text>')
    if series:
        out.append(f'<text x="{_LEFT}" y="{base + 36}" font-size="10">Bars: papers per pillar (a paper in two '
                   "pillars counts in both). Numbers: the year&#8217;s papers.</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def chart_svg(catalog: Catalog, papers: list[Paper]) -> str:
    """The papers-per-year chart of ``papers``, as ``vla stats --svg`` writes it."""
    return render_svg(compute(catalog.taxonomy, papers))


