"""Bar charts drawn on the server as SVG: no script, and every number also in a table beside it.

Geometry only; ``templates/macros/charts.html`` draws it. A bar's track is a
region's Planungsrahmen; on it, what is granted, then what is requested and
not decided yet. All bars share one scale, so lengths compare across regions.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from workflow.formatting import percent_de
from workflow.regions import RegionFigures

LABEL_WIDTH = 230
PLOT_WIDTH = 420
VALUE_WIDTH = 150
ROW_HEIGHT = 26
BAR_HEIGHT = 18
PIXEL = Decimal("0.1")


@dataclass(frozen=True)
class Segment:
    kind: str  # "granted" or "requested": the CSS class that colours it
    x: Decimal
    width: Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    track_width: Decimal
    segments: tuple[Segment, ...]
    value: str

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def width(self) -> int:
        return LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW_HEIGHT

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + PLOT_WIDTH + 8


def _pixels(amount: Decimal, scale: Decimal) -> Decimal:
    if not scale:
        return Decimal(0)
    return (amount * PLOT_WIDTH / scale).quantize(PIXEL, rounding=ROUND_HALF_UP)


def budget_use_chart(rows: Sequence[RegionFigures]) -> BarChart:
    """One bar per region: its Planungsrahmen, and how much of it is granted and requested."""
    scale = max((max(row.figures.allocated, row.figures.granted + row.figures.requested) for row in rows), default=Decimal(0))
    bars = []
    for index, row in enumerate(rows):
        figures = row.figures
        granted = _pixels(figures.granted, scale)
        requested = _pixels(figures.requested, scale)
        percent = figures.granted_percent
        bars.append(
            Bar(
                label=row.region.name,
                y=index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                track_width=_pixels(figures.allocated, scale),
                segments=tuple(
                    segment
                    for segment in (
                        Segment("granted", Decimal(LABEL_WIDTH), granted),
                        Segment("requested", LABEL_WIDTH + granted, requested),
                    )
                    if segment.width
                ),
                value=f"{percent_de(percent)} bewilligt" if percent is not None else "kein Planungsrahmen",
            )
        )
    return BarChart(tuple(bars))
