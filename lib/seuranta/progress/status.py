"""The status table: every indicator series' assessment, its change since the previous report
and a sentence explaining both; ``seuranta status`` prints it as a table, CSV or JSON.

The method behind it is in docs/progress-method.md.
"""

from __future__ import annotations

import json

import pandas as pd

from seuranta import dataset as data
from seuranta.i18n import Translator
from seuranta.progress.comparisons import turned_worse
from seuranta.progress.explain import explain, explain_since_previous, shown_value
from seuranta.progress.indicators import add_previous, assess_indicators
from seuranta.progress.method import met_only_at_reported_precision

#: Tables computed in this process, by dataset, year and language (see data.load).
_TABLES: dict[tuple[int, int, str], tuple[data.Dataset, pd.DataFrame]] = {}


def status_table(dataset: data.Dataset, year: int, lang: str) -> pd.DataFrame:
    """One row per indicator series with its assessment, the change since the previous
    report, and a plain-language explanation of both (computed once per dataset, year and
    language in a process; a copy is returned)."""
    key = (id(dataset), year, lang)
    cached = _TABLES.get(key)
    if cached is not None and cached[0] is dataset:
        return cached[1].copy()
    table = _status_table(dataset, year, lang)
    _TABLES[key] = (dataset, table)
    return table.copy()


def _status_table(dataset: data.Dataset, year: int, lang: str) -> pd.DataFrame:
    tr = Translator(lang)
    programme = dataset.programme
    table = assess_indicators(dataset.indicators_as_of(year), programme)
    before = dataset.previous_report_year(year)
    previous = (
        assess_indicators(dataset.indicators_as_of(before), programme)
        if before is not None
        else None
    )
    table = add_previous(table, previous, before, programme)
    names, sentences, caveats, turns, pairs = [], [], [], [], []
    for row in table.itertuples():
        indicator = programme.indicator(row.indicator)
        series = indicator.series_by_id(row.series)
        label = indicator.names(lang)
        if len(indicator.series) > 1:
            label += f" \u2013 {series.names(lang)}"
        names.append(label)
        a, sp = row.assessment, row.since
        unit = programme.unit_of(indicator)
        sentence = explain(
            a, tr, unit, indicator.scale_max, indicator.decimals, comparison=row.comparison
        )
        caveat = ""
        if met_only_at_reported_precision(a, indicator.decimals):
            caveat = tr(
                "progress.explain.caveat_reported_precision",
                period=tr.period(a.latest.period),
                target_period=tr.period(a.target.period),
            )
        extra = explain_since_previous(
            a,
            sp,
            tr,
            unit,
            indicator.scale_max,
            indicator.decimals,
            comparison=row.previous_comparison,
        )
        compared = (
            tr(f"progress.explain.comparison.{row.comparison}")
            if row.comparison != "as_reported"
            else ""
        )
        redated = _report_baseline(dataset, year, indicator, series, tr)
        pairs.append(_like_for_like(row, tr, unit, indicator))
        sentences.append(" ".join(s for s in (sentence, compared, redated, caveat, extra) if s))
        caveats.append(caveat)
        turns.append(turned_worse(a, sp))
    table.insert(3, "name", names)
    table["status_label"] = [tr(f"progress.status.{s}") for s in table["status"]]
    table["crosscheck_label"] = [tr(f"progress.crosscheck.{s}") for s in table["crosscheck_status"]]
    table["since_previous_label"] = [
        tr(f"progress.since_previous.{s}") for s in table["since_previous"]
    ]
    table["turned_worse"] = turns
    table["caveat"] = caveats
    table["like_for_like"] = pairs
    table["explanation"] = sentences
    return table


#: Cell starts that spreadsheet programs take as a formula (OWASP, "CSV Injection"); the
#: same as the pages' downloads (seuranta.pages.downloads.FORMULA_STARTS).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text that no spreadsheet program runs as a formula: ``'=HYPERLINK(...)``, as the
    downloads write it; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def status_command(programme_id: str, year: int, fmt: str, lang: str) -> str:
    dataset = data.load(programme_id)
    table = status_table(dataset, year, lang)
    table = table.drop(columns=["assessment", "since", "history"])
    if fmt == "csv":
        # A name from programme.yaml opened in Excel must stay a text (module downloads).
        table = table.map(spreadsheet_safe)
        table.columns = [spreadsheet_safe(str(c)) for c in table.columns]
        return table.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        records = json.loads(table.to_json(orient="records"))
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    return _as_text(table, Translator(lang), dataset.programme)


def _as_text(table: pd.DataFrame, tr: Translator, programme) -> str:
    """The table for a terminal: one block per series, every name whole, every label in
    the language asked for, every value at its indicator's precision as on the pages."""
    blocks = []
    for row in table.itertuples():
        indicator = programme.indicator(row.indicator)
        lines = [f"{tr('report.goal.short', number=row.goal)} · {row.name}"]
        values = [
            (tr("report.goal.baseline"), _fmt(tr, row, "baseline", indicator)),
            (tr("report.goal.latest"), _fmt(tr, row, "latest", indicator)),
            (tr("report.goal.target"), _fmt(tr, row, "target", indicator)),
        ]
        if not pd.isna(row.previous_report):
            report = int(row.previous_report)
            values.append(
                (tr("report.previous.column", report=report), _fmt(tr, row, "previous", indicator))
            )
        lines.append("  " + " · ".join(f"{label}: {text}" for label, text in values))
        if row.like_for_like:
            lines.append(f"  {row.like_for_like}")
        assessment = [(tr("report.table1.assessment"), row.status_label)]
        if not pd.isna(row.ratio):
            assessment.append((tr("progress.table.ratio"), tr.number(row.ratio, 2)))
        assessment.append((tr("progress.table.crosscheck"), row.crosscheck_label))
        assessment.append((tr("report.previous.change"), row.since_previous_label))
        lines.append("  " + " · ".join(f"{label}: {text}" for label, text in assessment))
        lines.append(f"  {row.explanation}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _fmt(tr: Translator, row, prefix: str, indicator) -> str:
    value, period = getattr(row, f"{prefix}_value"), getattr(row, f"{prefix}_period")
    if pd.isna(value):
        return tr("common.no_data")  # as in every table of the pages
    shown = shown_value(tr, value, row.unit, indicator.scale_max, indicator.decimals)
    return f"{shown} ({tr.period(period)})"


def _like_for_like(row, tr: Translator, unit, indicator) -> str:
    """The labelled like-for-like figure of a seasonal series: "Same-month comparison: 9,0 %
    (Nov 2021) \u2192 8,1 % (Nov 2022)"; empty where the report's two values are compared."""
    if row.comparison == "as_reported":
        return ""

    def point(value, period) -> str:
        shown = shown_value(tr, value, unit, indicator.scale_max, indicator.decimals)
        return f"{shown} ({tr.period(period)})"

    return (
        f"{tr(f'progress.explain.like_for_like.{row.comparison}')}: "
        f"{point(row.compared_from_value, row.compared_from_period)} \u2192 "
        f"{point(row.compared_to_value, row.compared_to_period)}"
    )


def _report_baseline(dataset: data.Dataset, year: int, indicator, series, tr: Translator) -> str:
    """ "The report's baseline 9,4 % (2021) is the figure for 12/2021", where the programme
    says which month a year of Table 1 stands for."""
    if not any(s.report_year_month for s in indicator.series):  # it dates the whole cell
        return ""
    rows = dataset.indicators
    rows = rows[
        (rows["report_year"] == year)
        & (rows["indicator"] == indicator.id)
        & (rows["series"] == series.id)
        & (rows["role"] == "baseline")
        & rows["value"].notna()
    ]
    if rows.empty or rows["report_period"].iloc[0] == rows["period"].iloc[0]:
        return ""
    row = rows.iloc[0]
    return tr(
        "progress.explain.report_baseline",
        value=tr.value(row["value"], indicator.unit, decimals=indicator.decimals),
        report_period=tr.period(row["report_period"]),
        period=tr.period(row["period"]),
    )
