"""``seuranta render``: plan, cache key, execution, export, the PDF book and verify."""
