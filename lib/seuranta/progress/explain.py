"""The progress of a series in one plain sentence, in Finnish, Swedish or English.

Every word comes from ``locales/<lang>/progress.yaml``, every number and period from the
:class:`~seuranta.i18n.Translator`; the statuses explained are those of
docs/progress-method.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from seuranta.progress.comparisons import SincePrevious, turned_worse
from seuranta.progress.method import Assessment

if TYPE_CHECKING:
    from seuranta.i18n import Translator


def shown_value(tr: Translator, v: float, unit, scale_max=None, decimals=None) -> str:
    """A value at the indicator's precision: a statistics file's 8.0578 prints as the
    report's 8,1 % and 8.98 as 9,0 %; a score drops trailing zeros (3,9/5), as the report
    does."""
    if decimals is None:
        return tr.value(v, unit, scale_max=scale_max)
    fixed = decimals if getattr(unit, "id", unit) == "percent" else None
    return tr.value(round(v, decimals), unit, decimals=fixed, scale_max=scale_max)


def explain(
    a: Assessment,
    tr: Translator,
    unit: str,
    scale_max: float | None = None,
    decimals: int | None = None,
    comparison: str = "as_reported",
) -> str:
    """One plain-language sentence about ``a`` in ``tr``'s language.

    Every word comes from ``locales/<lang>/progress.yaml``; numbers and periods from ``tr``.
    Periods stand in brackets after the values, so no number needs a Finnish case ending:
    "Kehitys on tavoitteen vastainen: arvo nousi lukemasta 43 % (2021) lukemaan 48 %
    (30.12.2022); tavoite on 38 % (2025)." With a like-for-like ``comparison`` the change
    says which months were compared ("(saman kuukauden vertailu)").
    """

    def value(v: float) -> str:
        return shown_value(tr, v, unit, scale_max, decimals)

    if a.status in ("not_available", "not_yet_assessable"):
        lead = tr(f"progress.explain.lead.not_available.{a.reason}")
    else:
        lead = tr(f"progress.explain.lead.{a.method}.{a.status}")

    change = None
    if a.latest is not None and a.baseline is not None and a.baseline != a.latest:
        first, last = a.baseline.value, a.latest.value
        key = "rose" if last > first else "fell" if last < first else "unchanged"
        change = tr(
            f"progress.explain.change.{key}",
            first=value(first),
            last=value(last),
            first_period=tr.period(a.baseline.period),
            last_period=tr.period(a.latest.period),
        )
        change = _compared(tr, change, comparison)
    elif a.latest is not None:
        change = tr(
            "progress.explain.change.single",
            last=value(a.latest.value),
            last_period=tr.period(a.latest.period),
        )

    target = None
    if a.target is not None:
        target = tr(
            "progress.explain.target_value",
            target=value(a.target.value),
            target_period=tr.period(a.target.period),
        )

    if change and target:
        return tr(
            "progress.explain.sentence.change_target", lead=lead, change=change, target=target
        )
    if change:
        return tr("progress.explain.sentence.change", lead=lead, change=change)
    if target:
        return tr("progress.explain.sentence.target", lead=lead, target=target)
    return tr("progress.explain.sentence.lead", lead=lead)


def explain_since_previous(
    a: Assessment,
    sp: SincePrevious,
    tr: Translator,
    unit: str,
    scale_max: float | None = None,
    decimals: int | None = None,
    comparison: str = "as_reported",
) -> str | None:
    """One sentence on the change since the previous report; None where there was none.

    Where the series improved since the baseline but worsened since the previous report,
    the sentence says plainly that it turned for the worse.
    """
    if sp.previous is None or sp.latest is None:
        return None

    def value(v: float) -> str:
        return shown_value(tr, v, unit, scale_max, decimals)

    if sp.status == "not_available":
        if sp.latest.period == sp.previous.period:
            return tr(
                "progress.explain.previous.no_new_value",
                report=sp.report,
                value=value(sp.latest.value),
                period=tr.period(sp.latest.period),
            )
        return None
    first, last = sp.previous.value, sp.latest.value
    key = "rose" if last > first else "fell" if last < first else "unchanged"
    if sp.status == "unchanged":  # a change too small to show at the printed precision
        key = "unchanged"
    change = tr(
        f"progress.explain.change.{key}",
        first=value(first),
        last=value(last),
        first_period=tr.period(sp.previous.period),
        last_period=tr.period(sp.latest.period),
    )
    change = _compared(tr, change, comparison)
    which = "turned_worse" if turned_worse(a, sp) else sp.status
    return tr(f"progress.explain.previous.{which}", report=sp.report, change=change)


def _compared(tr: Translator, change: str, comparison: str) -> str:
    """The change, with the like-for-like rule it was compared by named after it."""
    if comparison == "as_reported":
        return change
    return tr(f"progress.explain.compared.{comparison}", change=change)
