"""The web services vla asks: arXiv, Semantic Scholar and DBLP, over one polite HTTP session.

- :mod:`.net` — the session: spacing across processes, retries, deadlines, size caps, the cache;
- :mod:`.arxiv` — arXiv's API: Atom -> entries, the client, the entry cache, entry -> paper;
- :mod:`.scholarly` — Semantic Scholar and DBLP.
"""
