"""The appendix pages: the page and its blocks, the sections of each page kind, charts and
downloads."""
