"""A README's generated sections: markers, rendering, the record of what vla wrote, and the check.

- :mod:`.markers` — finding sections by their markers, and the filters a marker records;
- :mod:`.sections` — writing them from the catalog (``vla export markdown --in-place``), charts too;
- :mod:`.record` — ``readme-base.toml``, what vla last wrote into each section;
- :mod:`.rows` — a section's rows read back, and how two texts of a section differ;
- :mod:`.kept` — rows kept as the README wrote them, while their papers show the same values;
- :mod:`.check` — ``vla lint --readme``.
"""
