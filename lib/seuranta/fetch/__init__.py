"""``seuranta fetch``: the year's statistics from the publisher's PxWeb API 2.0 server.

:mod:`~seuranta.fetch.client` talks to one server (rate limit, retries, one-line errors),
:mod:`~seuranta.fetch.query` checks, splits and joins the cells asked for,
:mod:`~seuranta.fetch.changes` compares a new answer with the stored file and
:mod:`~seuranta.fetch.command` stores it with its provenance.
"""

from seuranta.fetch.command import Refused, fetch_command

__all__ = ["Refused", "fetch_command"]
