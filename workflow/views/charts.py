"""Bar charts of budget use that stay readable on a phone; every number is also in a table beside them.

Geometry and text only; ``templates/macros/charts.html`` draws them. A region's bar is its
Planungsrahmen (100 %); on it, stacked: what is paid out, what else is granted, and what is requested and
not decided yet. Names and percentages are HTML text beside the bar, so they keep their size at any width:
an SVG scaled down by its viewBox would shrink its text. Only the bar itself is a small SVG stretched to the
width it gets, its lengths in percent as attributes (the Content-Security-Policy allows no style attribute).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional, Sequence

from workflow.money.budget import HUNDRED, Figures
from workflow.money.budget_years import QuarterFigures
from workflow.formatting import euro, percent_de
from workflow.money.ledger import ZERO
from workflow.reference.regions import RegionFigures

TENTH = Decimal("0.1")
# Beyond 100 %, the scale grows in these steps, so that a bar over its Planungsrahmen ends before the edge;
# but only so far: one region far over must not squeeze every other bar. A longer bar is cut at the edge
# (its text says how far it goes).
SCALE_STEP = 10
MAX_SCALE = 150


@dataclass(frozen=True)
class Segment:
    kind: str  # "paid", "granted" or "requested": the CSS class that colours it
    x: Decimal  # from the start, in percent of the bar's whole (a region's Planungsrahmen)
    width: Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    text: str  # the figures in words: „62,0 % bewilligt, 18,0 % beantragt“
    warning: Optional[str] = None  # said in bold below the text: more is bound than the Planungsrahmen


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    # What the full width stands for, in percent of a bar's whole: 100, or more when a bar goes beyond it.
    scale: int
    legend: tuple[tuple[str, str], ...]  # (CSS class, label) of the track and each kind of segment
    track: bool = True  # draw each bar's whole (the Planungsrahmen) behind its segments

    @property
    def beyond_whole(self) -> bool:
        return self.scale > 100


def _stacked(parts: Sequence[tuple[str, Decimal]], end: Decimal = Decimal(MAX_SCALE)) -> tuple[Segment, ...]:
    """Segments one after the other from 0 up to ``end`` at most, leaving out those of no width."""
    segments, x = [], ZERO
    for kind, width in parts:
        width = min(width, end - x)
        if width > 0:
            segments.append(Segment(kind, x, width))
            x += width
    return tuple(segments)


def _scale(top_percent: Decimal) -> int:
    return min(MAX_SCALE, max(100, math.ceil(top_percent / SCALE_STEP) * SCALE_STEP))


REGION_LEGEND = (
    ("track", "Planungsrahmen (100 %)"),
    ("paid", "ausgezahlt"),
    ("granted", "bewilligt, nicht ausgezahlt"),
    ("requested", "beantragt, noch nicht entschieden"),
)


def region_bar(label: str, figures: Figures) -> Bar:
    """A region's use of its Planungsrahmen: paid, granted, requested, in percent of it."""
    if not figures.allocated:
        return Bar(label, (), "kein Planungsrahmen")
    granted = figures.granted_percent
    # Paid beyond the grant (a revocation not repaid yet) is still drawn inside it; the text says the figure.
    paid = figures.share(min(max(figures.paid, ZERO), figures.granted))
    text = f"{percent_de(granted)} bewilligt"
    if figures.paid:
        text += f" ({percent_de(figures.paid_percent)} ausgezahlt)"
    text += f", {percent_de(figures.requested_percent)} beantragt"
    over = figures.bound > figures.allocated
    return Bar(
        label,
        _stacked((("paid", paid), ("granted", granted - paid), ("requested", figures.requested_percent))),
        text,
        f"Über dem Planungsrahmen: zusammen {percent_de(figures.bound_percent)}" if over else None,
    )


def budget_use_chart(rows: Sequence[RegionFigures]) -> BarChart:
    """One bar per region, in the order given."""
    bars = tuple(region_bar(row.region.name, row.figures) for row in rows)
    top = max((row.figures.bound_percent or ZERO for row in rows), default=ZERO)
    return BarChart(bars, _scale(top), REGION_LEGEND)


def over_time_chart(quarters: Sequence[QuarterFigures]) -> BarChart:
    """Per quarter, granted and (inside it) paid so far, on one scale: the largest amount is the full width."""
    top = max((max(q.granted, q.paid) for q in quarters), default=ZERO)

    def width(amount: Decimal) -> Decimal:
        return (max(amount, ZERO) * HUNDRED / top).quantize(TENTH, rounding=ROUND_HALF_UP) if top > 0 else ZERO

    bars = []
    for quarter in quarters:
        paid = width(min(quarter.paid, quarter.granted) if quarter.granted > 0 else quarter.paid)
        bars.append(
            Bar(
                quarter.label,
                _stacked((("paid", paid), ("granted", width(quarter.granted) - paid))),
                f"{euro(quarter.granted)} bewilligt, {euro(quarter.paid)} ausgezahlt",
            )
        )
    return BarChart(tuple(bars), 100, (("paid", "ausgezahlt"), ("granted", "bewilligt, nicht ausgezahlt")), track=False)
