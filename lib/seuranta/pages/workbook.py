"""Write an openpyxl workbook so that the same workbook always gives the same bytes.

openpyxl stamps two clocks into an .xlsx: ``dcterms:modified`` in ``docProps/core.xml`` is
set to the time of saving, and every member of the zip archive carries the local time of
writing as its date. Both change between two renders of the same data, so the download of
Table 1 differed although its cells did not. :func:`workbook_bytes` saves the workbook
with openpyxl, then rewrites the archive: the same members in the same order, each
with one fixed date, fixed permissions and the same compression, and ``docProps/core.xml``
with ``modified`` equal to ``created`` (which the caller sets from the data, e.g. the last
day of the report year).

The bytes then depend only on the cells, the styles, openpyxl's version and zlib's (the
deflate output of one zlib version is stable; the lock file pins openpyxl, and the Python
build brings zlib).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from openpyxl.xml.functions import tostring

CORE_PROPERTIES = "docProps/core.xml"
#: The earliest date a zip member can carry (MS-DOS time); used when no date is given.
ZIP_EPOCH = datetime(1980, 1, 1)


def _zip_date(when: datetime) -> tuple[int, int, int, int, int, int]:
    when = max(when.replace(tzinfo=None), ZIP_EPOCH)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def workbook_bytes(workbook: Any, timestamp: datetime | None = None) -> bytes:
    """The .xlsx bytes of ``workbook``, with no clock in them.

    ``timestamp`` is the one date written everywhere (core properties ``created`` and
    ``modified``, the date of every zip member); by default the workbook's ``created``
    property, which the caller should set from its inputs (openpyxl's default is "now").
    """
    properties = workbook.properties
    when = (timestamp or properties.created or ZIP_EPOCH).replace(tzinfo=None, microsecond=0)
    properties.created = when
    saved = io.BytesIO()
    workbook.save(saved)  # openpyxl sets properties.modified to the time of saving
    properties.modified = when
    core = tostring(properties.to_tree())

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = core if member.filename == CORE_PROPERTIES else source.read(member)
            info = zipfile.ZipInfo(member.filename, date_time=_zip_date(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the platform
            info.external_attr = 0o644 << 16
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()
