"""A goal page's comparison with peer areas: for each series that names ``peers`` in the
programme, its areas over time in a chart, a table of the latest month and a year earlier
with the ranks, and a sentence on the programme's own area.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from seuranta.pages import charts, downloads, figures
from seuranta.pages.blocks import num
from seuranta.pages.page import Page
from seuranta.pages.sections.common import (
    field_descriptions,
    is_illustrative,
    series_label,
    unit_label,
    value_text,
)
from seuranta.pages.sections.indicator_charts import chart_start
from seuranta.parse import period_to_years


def show(page: Page, goal: int) -> pd.DataFrame | None:
    """Each series of the goal that names ``peers``: its areas side by side (a chart over
    time, a table of the latest month and a year earlier with the ranks, a sentence on the
    programme's own area). Returns the table's data; None where nothing was shown."""
    tr = page.tr
    shown = None
    rows = page.dataset.comparisons_as_of(page.year)
    for row in page.status[page.status["goal"] == goal].itertuples():
        indicator = page.programme.indicator(row.indicator)
        series = indicator.series_by_id(row.series)
        peers = series.peers
        mine = rows[(rows["indicator"] == indicator.id) & (rows["series"] == series.id)]
        if peers is None or mine.empty or row.latest_period is None:
            continue
        # The latest month the file gives the home area, up to the status's own: Table 1 may
        # give a later month than the statistics file has (a report written after the
        # download), and the comparison can only rank months the file has.
        had = mine[
            (mine["area"] == peers.home)
            & mine["value"].notna()
            & (mine["period"] <= row.latest_period)
        ]
        if had.empty:
            continue
        page.cite(mine["raw_file"])
        latest = had["period"].max()
        year_before = f"{int(latest[:4]) - 1:04d}{latest[4:]}"
        decimals = indicator.decimals
        table = table_of_areas(mine, peers, latest, year_before, indicator.direction, decimals)
        means = table_of_areas(
            mine, peers, latest, year_before, indicator.direction, decimals, months=12
        )
        v = partial(value_text, page, indicator, decimals=decimals)
        home = table.loc[peers.home]
        group = peers.names(page.lang)
        page.subsection(tr("report.peers.title", group=group))
        page.paragraph(
            tr(
                f"report.peers.rank_{indicator.direction}",
                period=tr.period(latest),
                home=peers.areas[peers.home](page.lang),
                rank=int(home["rank"]),
                n=len(peers.ranked),
                group=group,
                value=v(home["latest"]),
                change=tr.change(home["change"], indicator.unit, decimals),
            )
        )
        mean_home = means.loc[peers.home]
        if not pd.isna(mean_home["rank"]):
            page.paragraph(
                tr(
                    f"report.peers.mean_rank_{indicator.direction}",
                    first=tr.period(_months_back(latest, 11)),
                    period=tr.period(latest),
                    home=peers.areas[peers.home](page.lang),
                    rank=int(mean_home["rank"]),
                    n=len(peers.ranked),
                    value=v(mean_home["latest"]),
                    change=tr.change(mean_home["change"], indicator.unit, decimals),
                )
            )
        start = chart_start(page, indicator.id, series.id)
        lines = {}
        for code in peers.areas:
            area = mine[(mine["area"] == code) & (mine["period"] >= start) & mine["value"].notna()]
            area = area.sort_values("period")
            lines[peers.areas[code](page.lang)] = [
                (period_to_years(p), value)
                for p, value in zip(area["period"], area["value"], strict=True)
            ]
        names = {code: peers.areas[code](page.lang) for code in peers.areas}
        note = page.data_note(mine["raw_file"])
        mark = page.data_note(mine["raw_file"], short=True)
        chart = charts.pair(
            partial(
                figures.areas_figure,
                tr,
                lines,
                home=names[peers.home],
                unit=indicator.unit,
                y_label=unit_label(page, indicator),
                reference=[names[c] for c in peers.reference],
                mark=mark,
            ),
            page.chart_id(),
        )
        header = [
            tr("report.peers.area"),
            tr.period(latest),
            tr.period(year_before),
            tr("report.peers.change"),
            tr("report.peers.rank"),
        ]
        data_rows = [
            [
                names[code],
                num(v(r["latest"])),
                num(v(r["before"])),
                num(tr.change(r["change"], indicator.unit, decimals)),
                num("\u2013" if pd.isna(r["rank"]) else str(int(r["rank"]))),
            ]
            for code, r in table.iterrows()
        ]
        first = mine[mine["period"] >= start]["period"].min()
        wide = (
            mine[mine["period"] >= start]
            .pivot(index="period", columns="area", values="value")
            .reindex(columns=list(peers.areas))
        )
        chart_rows = [
            [tr.period(period), *[num(v(x)) for x in values]]
            for period, values in zip(wide.index, wide.to_numpy(), strict=True)
        ]
        unit = page.programme.unit_of(indicator).id
        dec = decimals if decimals is not None else 6
        long = mine[mine["period"] >= start].copy()
        long["area"] = pd.Categorical(long["area"], categories=list(peers.areas), ordered=True)
        long = long[long["area"].notna()].sort_values(["area", "period"])
        numbers = downloads.tidy(
            pd.DataFrame(
                {
                    "indicator": indicator.id,
                    "series": series.id,
                    "area": [str(a) for a in long["area"]],
                    "area_name": [names[a] for a in long["area"]],
                    "period": list(long["period"]),
                    "value": [round(float(x), dec) for x in long["value"]],
                    "unit": unit,
                }
            ),
            content=f"areas-{indicator.id}-{series.id}",
            title=tr(
                "report.peers.data_caption",
                group=group,
                first=tr.period(first),
                last=tr.period(mine["period"].max()),
            ),
            descriptions=field_descriptions(page),
            illustrative=is_illustrative(page, mine["raw_file"]),
        )
        ranks = downloads.tidy(
            pd.DataFrame(
                {
                    "indicator": indicator.id,
                    "series": series.id,
                    "area": list(table.index),
                    "area_name": [names[c] for c in table.index],
                    "latest_period": latest,
                    "latest_value": [round(float(x), dec) for x in table["latest"]],
                    "year_before_period": year_before,
                    "year_before_value": [round(float(x), dec) for x in table["before"]],
                    "change_value": [round(float(x), dec) for x in table["change"]],
                    "change_text": [
                        tr.change(x, indicator.unit, decimals) for x in table["change"]
                    ],
                    "rank": pd.array(
                        [None if pd.isna(r) else int(r) for r in table["rank"]], dtype="Int64"
                    ),
                    "unit": unit,
                }
            ),
            content=f"areas-{indicator.id}-{series.id}-{latest}",
            title=tr("report.peers.table_caption", group=group, period=tr.period(latest)),
            units={"change_value": "percentage_points" if unit == "percent" else unit},
            descriptions=field_descriptions(page),
            illustrative=is_illustrative(page, mine["raw_file"]),
        )
        page.figure(
            chart,
            note=note,
            data=numbers,
            alt=tr(
                "report.peers.alt",
                group=group,
                first=tr.period(first),
                last=tr.period(mine["period"].max()),
                values="; ".join(f"{names[c]} {v(r['latest'])}" for c, r in table.iterrows()),
                period=tr.period(latest),
            ),
            caption=tr(
                "report.peers.caption",
                name=series_label(page, indicator, series.id),
                group=group,
                home=names[peers.home],
            ),
            data_caption=tr(
                "report.peers.data_caption",
                group=group,
                first=tr.period(first),
                last=tr.period(mine["period"].max()),
            ),
            data_header=[tr("report.chart.period"), *names.values()],
            data_rows=chart_rows,
        )
        page.table(
            tr("report.peers.table_caption", group=group, period=tr.period(latest)),
            header,
            data_rows,
            data=ranks,
        )
        if not means["latest"].isna().all():
            mean_rows = [
                [
                    names[code],
                    num(v(r["latest"])),
                    num(v(r["before"])),
                    num(tr.change(r["change"], indicator.unit, decimals)),
                    num("\u2013" if pd.isna(r["rank"]) else str(int(r["rank"]))),
                ]
                for code, r in means.iterrows()
            ]
            page.table(
                tr("report.peers.mean_caption", group=group, period=tr.period(latest)),
                [
                    tr("report.peers.area"),
                    tr("report.peers.mean_column", period=tr.period(latest)),
                    tr("report.peers.mean_column", period=tr.period(year_before)),
                    tr("report.peers.change"),
                    tr("report.peers.rank"),
                ],
                mean_rows,
            )
        shown = table
    return shown


def _months_back(period: str, k: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 - k
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _value(values: pd.Series, code: str, period: str, months: int) -> float:
    """The area's value at ``period``, or the mean of the ``months`` months ending there
    (NaN unless every one of them is observed)."""
    window = [values.get((code, _months_back(period, k)), float("nan")) for k in range(months)]
    return float("nan") if any(pd.isna(x) for x in window) else sum(window) / months


def table_of_areas(
    rows: pd.DataFrame,
    peers,
    latest: str,
    before: str,
    direction: str,
    decimals: int,
    months: int = 1,
) -> pd.DataFrame:
    """Per area: the value at ``latest`` and a year ``before`` (with ``months=12``, the
    12-month means ending there), the change and the rank.

    The change is taken between the values as shown (rounded to ``decimals``), so that a
    table's change always matches its two figures. Rank 1 is the best value by the
    indicator's direction among the ranked areas; reference areas (the whole country) have
    no rank and come last.
    """
    values = rows.set_index(["area", "period"])["value"]
    table = pd.DataFrame(
        {
            "latest": [_value(values, code, latest, months) for code in peers.areas],
            "before": [_value(values, code, before, months) for code in peers.areas],
        },
        index=list(peers.areas),
    )
    table["change"] = table["latest"].round(decimals) - table["before"].round(decimals)
    ranked = table.loc[peers.ranked, "latest"]
    table["rank"] = ranked.rank(ascending=direction == "lower", method="min")
    order = sorted(
        peers.areas,
        key=lambda c: (
            c in peers.reference,
            table.loc[c, "rank"] if c not in peers.reference else 0,
        ),
    )
    return table.loc[order]
