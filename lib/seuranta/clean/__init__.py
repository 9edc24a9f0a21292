"""Raw files -> validated, tidy tables in ``data/processed`` (``seuranta clean``)."""
