"""Raw files -> validated, tidy tables in ``data/processed`` (``seuranta clean``).

- :mod:`~seuranta.clean.run`: the run per programme, all-or-nothing, and what it writes;
- one reader per raw file: :mod:`~seuranta.clean.table1` (the report's Table 1),
  :mod:`~seuranta.clean.projects`, :mod:`~seuranta.clean.budget` (``budget.yaml`` and the
  ledger), :mod:`~seuranta.clean.commentary` and :mod:`~seuranta.clean.feeds` (values taken
  from published statistics, read by :mod:`~seuranta.clean.sources`), over
  :mod:`~seuranta.clean.rawcsv` (the strict ``;`` files);
- :mod:`~seuranta.clean.swap` (the atomic swap of a programme's folder),
  :mod:`~seuranta.clean.lock` (one clean or render of a programme at a time) and
  :mod:`~seuranta.clean.lineage` (what the tables were cleaned from, so that ``render``
  knows when they are stale).
"""
