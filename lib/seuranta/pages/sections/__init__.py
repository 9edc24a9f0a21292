"""The sections of each appendix: what the notebooks call, one function per section.

Each ``show_*`` function takes a :class:`seuranta.pages.page.Page`, computes what its
section needs from the processed data and shows it; the notebooks stay thin and read as a
table of contents. One module per page kind, and the pieces they share:

- :mod:`.index`: the index page's links and status lines;
- :mod:`.overview`: the overview's lead and status summary;
- :mod:`.table1`: Table 1 on the overview page and as .xlsx and .csv beside it;
- :mod:`.goal`: a goal page's indicator table, series details, revisions, projects and
  spending;
- :mod:`.indicator_charts`: the chart of each series (monthly history, compact series,
  observations and target);
- :mod:`.peer_comparison`: a series compared with peer areas;
- :mod:`.budget`: the budget headline and spending by goal, project and funding source;
- :mod:`.common`: the date of the data, the illustrative notice, names and values of
  series, units and the analysts' commentary.
"""
