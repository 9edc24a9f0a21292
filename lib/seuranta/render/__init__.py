"""``seuranta render`` and ``seuranta verify``: notebooks -> the published appendix pages.

- :mod:`~seuranta.render.plan`: which appendices a programme and year have;
- :mod:`~seuranta.render.cache_key` (with :mod:`~seuranta.render.versions` and
  :mod:`~seuranta.render.page_inputs`, the processed data each page reads): what a page is
  rendered from, as one key; :mod:`~seuranta.render.manifest`: where the files go, what
  was rendered from what, and whether a page is still fresh;
- :mod:`~seuranta.render.run`: skip what is fresh, render the rest, record the outcomes
  (:mod:`~seuranta.render.outcome`) under the year's lock (:mod:`~seuranta.render.year_lock`);
- :mod:`~seuranta.render.warmup`, :mod:`~seuranta.render.scheduler` and
  :mod:`~seuranta.render.execute`: the warm parent, one forked process per appendix, and
  what that process does; :mod:`~seuranta.render.engine` runs the cells in-process and
  :mod:`~seuranta.render.export` makes the HTML;
- :mod:`~seuranta.render.book` and :mod:`~seuranta.render.pdf`: the PDF book (``--pdf``);
- :mod:`~seuranta.render.command`: the command (a stale programme cleaned first, under
  the programme's lock); :mod:`~seuranta.render.verify`: re-render privately and compare.

Nothing is imported here: the papermill engine and the light path of a run with nothing to
render load only the modules they need.
"""
