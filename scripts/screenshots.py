#!/usr/bin/env python3
"""Screenshots of the bundled survey's site, at a phone's width and a desktop's.

    python scripts/screenshots.py                 # docs/site-390.png, docs/site-1280.png
    python scripts/screenshots.py --out /tmp/shots --dark

Exports the site with ``vla export html`` into a temp folder and opens it from the file system in
headless Chromium (Debian's chromium and chromium-driver, through selenium: ``pip install -e
'.[test]'``). Each shot is the top of the page in a window of that width; ``--dark`` takes them
with ``prefers-color-scheme: dark`` (``site-390-dark.png``, …).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SIZES = ((390, 844), (1280, 800))


def main() -> None:
    from browser import chromium

    from vlacli import Catalog
    from vlacli.formats.exporters import export_papers, get_exporter, write_output

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files (default: docs/)")
    ap.add_argument("--dark", action="store_true", help="prefers-color-scheme: dark")
    args = ap.parse_args()
    site = Path(tempfile.mkdtemp(prefix="vla-site-"))
    page = write_output(get_exporter("html"), site, export_papers(Catalog(ROOT / "catalog"), "html"))
    args.out.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        driver = chromium(width, height, dark=args.dark)
        try:
            driver.get(page.as_uri())
            target = args.out / f"site-{width}{'-dark' if args.dark else ''}.png"
            driver.save_screenshot(str(target))
            print(target)
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
