"""A PxWeb API 2.0 server on 127.0.0.1 for the ``seuranta fetch`` tests.

It answers ``/config``, ``/tables/<id>/metadata`` and ``/tables/<id>/data`` from

- the recorded answers of Statistics Sweden (``fixtures/pxweb-v2/``, table TAB6471), and
- **built** StatFin-shaped answers of table ``12r5``: the real monthly values of
  ``data/raw/elinvoimainen-espoo/2022/sources/tyonv-12r5-six-cities.csv`` (2006M01-2022M12)
  plus made-up months 2023M01-2023M10 (``fixtures/pxweb-v2/SOURCES.md``), marked as built in
  every answer.

Tests change ``config`` (limits), ``values`` (a revision), ``faults`` (answers to give
before the real one: a status code, HTML) and ``delays`` (a slow answer), and read ``log``
(each request and its time).
"""

from __future__ import annotations

import csv
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug import Request, Response

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pxweb-v2"
REAL_CSV = (
    REPO / "data" / "raw" / "elinvoimainen-espoo" / "2022" / "sources" / "tyonv-12r5-six-cities.csv"
)
PREFIX = "/api/v2"
BUILT = (
    "BUILT by the seuranta tests, not recorded: StatFin-shaped answer of table 12r5 with the "
    "real values of 2006M01-2022M12 (tyonv-12r5-six-cities.csv) and MADE-UP months "
    "2023M01-2023M10 (tests/fixtures/pxweb-v2/SOURCES.md)"
)
AREAS = {
    "SSS": "KOKO MAA",
    "KU091": "Helsinki",
    "KU049": "Espoo",
    "KU092": "Vantaa",
    "KU837": "Tampere",
    "KU853": "Turku",
    "KU564": "Oulu",
}
MEASURES = {
    "TYOTTOMATLOPUSSA": "Työttömät työnhakijat laskentapäivänä (lkm.)",
    "TYOVOIMATK": "Työvoima Tilastokeskuksen työssäkäyntitilastosta (lkm.)",
    "AVPAIKATLOPUSSA": "Avoimet työpaikat laskentapäivänä (lkm.)",
}
#: The table's label by language (the data's labels stay Finnish: the tests ask in fi).
LABELS = {
    "fi": "Työnhakijat ja avoimet työpaikat kuukauden lopussa muuttujina Alue, Kuukausi ja Tiedot",
    "sv": "Arbetssökande och lediga jobb i slutet av månaden efter Område, Månad och Uppgifter",
    "en": "Jobseekers and vacancies at the end of the month by Area, Month and Information",
}
#: Espoo's made-up unemployed job seekers of 2023M10: 13 220 / 150 575 = 8,78 %.
ESPOO_2023M10 = 13220


def statfin_values() -> dict[tuple[str, str, str], int]:
    """(area, month, measure) -> value: the real file, then the made-up 2023 months."""
    values = {}
    with REAL_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            values[(row["Alue"], row["Kuukausi"], row["Tiedot"])] = int(row["value"])
    for (area, month, measure), value in list(values.items()):
        if month.startswith("2022M") and int(month[5:]) <= 10:
            values[(area, "2023" + month[4:], measure)] = value
    values[("KU049", "2023M10", "TYOTTOMATLOPUSSA")] = ESPOO_2023M10
    return values


def _months(values) -> list[str]:
    return sorted({m for _, m, _ in values})


@dataclass
class PxServer:
    """The state behind the handler; ``url`` is the API root."""

    url: str = ""
    config: dict[str, Any] = field(
        default_factory=lambda: {
            "apiVersion": "2.2.0",
            "languages": [
                {"id": "fi", "label": "suomi"},
                {"id": "sv", "label": "svenska"},
                {"id": "en", "label": "English"},
            ],
            "defaultLanguage": "fi",
            "maxDataCells": 150000,
            "maxCallsPerTimeWindow": 30,
            "timeWindow": 10,
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "sourceReferences": [
                {
                    "language": "fi",
                    "text": "Lähde: Työ- ja elinkeinoministeriö, työnvälitystilasto / "
                    "Tilastokeskus",
                },
                {
                    "language": "en",
                    "text": "Source: Ministry of Economic Affairs and Employment, Employment "
                    "Service Statistics / Statistics Finland",
                },
            ],
            "defaultDataFormat": "json-stat2",
            "dataFormats": ["json-stat2", "csv", "px", "xlsx"],
            "x-built": BUILT,
        }
    )
    values: dict[tuple[str, str, str], int] = field(default_factory=statfin_values)
    updated: str = "2023-11-21T06:00:00Z"
    faults: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)  # seconds before each next data answer
    data_answer: str | None = None  # given to every data request instead of the data
    log: list[tuple[float, str]] = field(default_factory=list)

    def data_requests(self) -> list[str]:
        return [url for _, url in self.log if "/data" in url]

    # -- the answers ------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        self.log.append((time.monotonic(), request.full_path))
        if self.delays and request.path.endswith("/data"):
            time.sleep(self.delays.pop(0))
        if self.faults:
            status, body, headers = self.faults.pop(0)
            kind = "text/html" if body.lstrip().startswith("<") else "application/json"
            return Response(body, status=status, headers=headers, content_type=kind)
        path = request.path.removeprefix(PREFIX)
        if path == "/config":
            return _json(self.config)
        if path == "/tables/TAB6471/metadata":
            return Response(
                (FIXTURES / "scb-TAB6471_metadata.json").read_bytes(),
                200,
                content_type="application/json",
            )
        if path == "/tables/TAB6471/data":
            return Response(
                (FIXTURES / "scb-TAB6471_data.json").read_bytes(),
                200,
                content_type="application/json",
            )
        if path == "/tables/12r5/metadata":
            doc = self.dataset({}, with_values=False)
            doc["label"] = LABELS.get(request.args.get("lang", "fi"), doc["label"])
            return _json(doc)
        if path == "/tables/12r5/data" and self.data_answer is not None:
            return Response(self.data_answer, 200, content_type="application/json")
        if path == "/tables/12r5/data":
            asked = {
                key[len("valueCodes[") : -1]: value.split(",")
                for key, value in request.args.items()
                if key.startswith("valueCodes[")
            }
            try:
                return _json(self.dataset(asked, with_values=True))
            except KeyError as err:
                return _json(
                    {
                        "type": "Parameter error",
                        "title": f"Non-existent value {err}",
                        "status": 400,
                    },
                    400,
                )
        return _json({"type": "Not found", "title": f"No table {path}", "status": 404}, 404)

    def dataset(self, asked: dict[str, list[str]], *, with_values: bool) -> dict[str, Any]:
        all_codes = {
            "Alue": list(AREAS),
            "Kuukausi": _months(self.values),
            "Tiedot": list(MEASURES),
        }
        codes = {}
        for var, known in all_codes.items():
            wanted = asked.get(var, ["*"])
            if wanted == ["*"] or not with_values:
                codes[var] = known
                continue
            for code in wanted:
                if code not in known:
                    raise KeyError(code)
            codes[var] = [c for c in known if c in wanted]
        labels = {
            "Alue": AREAS,
            "Kuukausi": {m: m for m in all_codes["Kuukausi"]},
            "Tiedot": MEASURES,
        }
        doc = {
            "version": "2.0",
            "class": "dataset",
            "label": "Työnhakijat ja avoimet työpaikat kuukauden lopussa muuttujina Alue, "
            "Kuukausi ja Tiedot",
            "source": "Tilastokeskus",
            "updated": self.updated,
            "note": [BUILT],
            "role": {"time": ["Kuukausi"], "metric": ["Tiedot"]},
            "id": list(codes),
            "size": [len(c) for c in codes.values()],
            "dimension": {
                var: {
                    "label": var,
                    "category": {
                        "index": {c: i for i, c in enumerate(codes[var])},
                        "label": {c: labels[var][c] for c in codes[var]},
                    },
                }
                for var in codes
            },
            "extension": {"px": {"tableid": "12r5", "decimals": 0, "language": "fi"}},
        }
        doc["value"] = (
            [self.values.get(cell) for cell in itertools.product(*codes.values())]
            if with_values
            else []
        )
        return doc


def _json(doc: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(doc, ensure_ascii=False), status=status, content_type="application/json"
    )
