"""The model of a paper and its rules, with no I/O: what every other layer builds on.

- :mod:`.paper` — one paper, the record of ``papers/<key>.toml``;
- :mod:`.fields` — the table of fields: type, meaning, who owns each, and the one rule of who may
  change it;
- :mod:`.matching` — which records are one paper (arXiv ID, DOI, title, year, first author), the one
  DOI form and the one year rule;
- :mod:`.taxonomy`, :mod:`.query` — categories, and what ``vla list`` selects;
- :mod:`.identifiers`, :mod:`.names`, :mod:`.citekeys`, :mod:`.latex` — arXiv IDs, people's names,
  citation keys, LaTeX text;
- :mod:`.venues` — the venue table (short and full names, kinds) and "is this a preprint?";
- :mod:`.links` — what a URL is (a paper, code, a project page, a badge);
- :mod:`.stats` — figures about papers; :mod:`.findings` — what a check reports.
"""
