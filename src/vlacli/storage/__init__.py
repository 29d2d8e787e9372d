"""The catalog on disk: where it is, its files, the lock, atomic writes and the read index.

- :mod:`.discovery` — which folder is the catalog;
- :mod:`.catalog` — :class:`~.catalog.Catalog`: load, find, change and save papers and the taxonomy;
- :mod:`.store` — atomic, locked, journaled writes and safe reads;
- :mod:`.index` — the read index (derived, disposable, validated by what users cannot set back);
- :mod:`.venue_file` — the catalog's ``venues.toml``.
"""
