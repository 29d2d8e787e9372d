"""Files in and out: each importer a pure parser (text -> listings), each exporter papers -> text.

- :mod:`.registry` — format name -> function and policy;
- :mod:`.importers` — Markdown lists, BibTeX, CSL-JSON;
- :mod:`.exporters` — Markdown tables (each row in a style, a Jinja2 template: ``exporters.rowstyles``), BibTeX,
  CSL-JSON, JSON, CSV, the HTML site;
- :mod:`.bibfields`, :mod:`.csl` — BibTeX's and CSL's fields and names; :mod:`.mdblocks` — Markdown's
  blocks, what holds them and their inline tokens, on markdown-it-py.
"""
