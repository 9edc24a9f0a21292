"""The appendix pages: the page and its blocks, the sections of each page kind, charts and
downloads.

- :mod:`~seuranta.pages.page`: the :class:`~seuranta.pages.page.Page` a notebook builds;
- :mod:`~seuranta.pages.blocks`: what a page is made of (escaped text, accessible tables,
  status words);
- :mod:`~seuranta.pages.sections`: one module per page kind (index, overview, goal, budget),
  Table 1, the indicator charts, the peer comparison and the pieces they share;
- :mod:`~seuranta.pages.spending`: spending and budget figures read from the processed ledger;
- :mod:`~seuranta.pages.charts` (the house style) and :mod:`~seuranta.pages.figures` (the
  kinds of figure the sections draw);
- :mod:`~seuranta.pages.downloads` (the numbers behind a chart or table as CSV) and
  :mod:`~seuranta.pages.workbook` (an .xlsx with no clock in it).

The outputs a page displays are told apart by MIME type: the constants below are the
contract with :mod:`seuranta.render` (whose appendix template keeps the blocks alone, and
whose manifest records the attachments and sources). They are defined here, in the package
itself, so that ``from seuranta.pages import BLOCK_MIMETYPE`` loads neither pandas nor
matplotlib.
"""

#: The page record (language, title, description) that Page.start displays.
PAGE_MIMETYPE = "application/vnd.seuranta.page+json"
#: A block of the published page; the only output the template keeps.
BLOCK_MIMETYPE = "application/vnd.seuranta.block+html"
#: A file published beside the page ({name, sha256, base64} and optionally its Data Package
#: ``resource``), written by seuranta render.
ATTACHMENT_MIMETYPE = "application/vnd.seuranta.attachment+json"
#: The raw files a page drew on ({files}): technical notes for the manifest, not the page.
SOURCES_MIMETYPE = "application/vnd.seuranta.sources+json"

__all__ = ["ATTACHMENT_MIMETYPE", "BLOCK_MIMETYPE", "PAGE_MIMETYPE", "SOURCES_MIMETYPE"]
