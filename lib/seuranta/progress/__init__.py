"""Progress towards the targets: the method, comparisons, explanations and the status table."""
