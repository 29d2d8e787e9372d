"""The Markdown reader's documented examples (docs/guides/importing.md) read as the page says: each entry of
its example block with the title, venue and year of its table, and the report's doubtful titles and --fetch
lines as the page shows them."""

from __future__ import annotations

import re
from pathlib import Path

from arxiv_server import ArxivReplay, synthetic_entry
from conftest import DOCS, Invoke

from vlacli.formats.importers.markdown import parse_markdown

PAGE = (DOCS / "guides" / "importing.md").read_text(encoding="utf-8")


def examples() -> tuple[list[str], list[tuple[int, str, str | None, int | None, bool]]]:
    """The example block's lines, and the table after it: (line, title, venue, year, doubtful)."""
    after = PAGE.split("<!-- reader-examples -->", 1)[1]
    block = re.search(r"```markdown\n(.*?)```", after, re.S)
    assert block is not None
    rows = []
    for line in after[block.end():].split("\n\n", 2)[1].splitlines()[2:]:  # the table, less its header
        number, title, venue, year = (cell.strip() for cell in line.strip("|").split("|"))
        doubtful = "*(doubtful" in title
        title = re.sub(r"\s*\*\(doubtful.*?\)\*", "", title)
        rows.append((int(number), title, venue or None, int(year) if year else None, doubtful))
    return block.group(1).splitlines(), rows


def test_every_documented_example_reads_as_documented() -> None:
    lines, rows = examples()
    assert len(lines) == len(rows) >= 10
    for n, title, venue, year, doubtful in rows:
        [e] = parse_markdown("## Papers\n\n" + lines[n - 1] + "\n").entries
        assert (e.title, e.venue, e.year) == (title, venue, year), lines[n - 1]
        assert bool(e.doubt) == doubtful, (lines[n - 1], e.doubt)
        assert e.arxiv is not None


def shown(name: str) -> list[str]:
    """The lines of the page's first ```text block that begins with ``name``."""
    for block in re.findall(r"```text\n(.*?)```", PAGE, re.S):
        if block.startswith(name):
            return block.splitlines()
    raise AssertionError(f"no ```text block starts with {name!r}")


def test_the_documented_report_lines_are_the_reports(vla: Invoke, empty_catalog: Path, tmp_path: Path,
                                                     server: ArxivReplay) -> None:
    md = tmp_path / "list.md"
    md.write_text("## Simulators\n" + "\n" * 840 + "* **K-EQA**, 2023. [[link]](https://arxiv.org/abs/2109.07872)\n")
    res = vla("import", "markdown", str(md), "-C", str(empty_catalog), "--dry-run")
    expected = shown("doubtful titles")
    out = res.stdout.splitlines()
    assert out[out.index(expected[0]):out.index(expected[0]) + len(expected)] == expected
    fetched = re.search(r"`(line 842: 'K-EQA' → .*?)`", PAGE.replace("\n", " "))
    assert fetched is not None
    title = re.search(r"→ '(.*?)'", fetched[1])
    assert title is not None
    server.add_entry("2109.07872", synthetic_entry("2109.07872", title[1]))
    res = vla("import", "markdown", str(md), "-C", str(empty_catalog), "--fetch")
    assert f"  {fetched[1]}" in res.stdout.splitlines(), res.stdout
