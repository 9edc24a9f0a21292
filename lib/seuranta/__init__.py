"""seuranta: the follow-up toolkit for city development programmes."""

__version__ = "0.1.0"
