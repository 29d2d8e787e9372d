"""The operations behind the commands, usable from Python without the CLI: one module a workflow.

- :mod:`.add`, :mod:`.refresh`, :mod:`.resolve` — ``vla add``, ``vla refresh``, ``vla resolve``;
- :mod:`.watch`, :mod:`.inbox` — saved arXiv searches and their candidates;
- :mod:`.importing`, :mod:`.corrections` — ``vla import``: listings matched to the catalog and merged;
- :mod:`.sync` — ``vla sync``; :mod:`.adopt` — ``vla adopt``, a list's README taken in and marked as it is;
- :mod:`.venues` — ``vla venues``; :mod:`.categories` — ``vla category``;
- :mod:`.lint` — ``vla lint``; :mod:`.github` — ``vla init --github`` and the issue form.
"""
