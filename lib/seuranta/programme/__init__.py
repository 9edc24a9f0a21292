"""The programme definition: its model, vocabulary, schema, loading, reference and starter.

The names other stages use are these; the modules below hold one concern each.
"""

from seuranta.programme.load import list_programmes, load_programme
from seuranta.programme.model import (
    BUILTIN_UNITS,
    DOWNLOAD_FORMATS,
    Accessibility,
    DataSource,
    Download,
    Goal,
    Indicator,
    Names,
    Peers,
    Programme,
    Ratio,
    Series,
    SeriesSelection,
    Unit,
)

__all__ = [
    "BUILTIN_UNITS",
    "DOWNLOAD_FORMATS",
    "Accessibility",
    "DataSource",
    "Download",
    "Goal",
    "Indicator",
    "Names",
    "Peers",
    "Programme",
    "Ratio",
    "Series",
    "SeriesSelection",
    "Unit",
    "list_programmes",
    "load_programme",
]
