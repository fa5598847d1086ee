"""What every chart of the HTML report shares: the :class:`Chart` record, colours, the page's
plot style and money in words.

Charts are Plotly figures (``plotly.graph_objects``). Plotly was chosen over Vega-Lite (altair)
and Matplotlib because its one JavaScript file works offline once inlined (no renderer or
conversion step to install), it draws hover labels, zoom and legend toggles with no code of
ours, and a figure is plain data (``figure.data``), so each chart's numbers can be tested against
the tables they come from. See ``docs/report.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

NHS_BLUE = "#005EB8"
DARK_GREY = "#425563"
MID_GREY = "#768692"
PALE_GREY = "#E8EDEE"
WARM_YELLOW = "#FFB81C"
RED = "#DA291C"
GREEN = "#009639"

PALETTE = (
    "#005EB8",
    "#ED8B00",
    "#009639",
    "#7C2855",
    "#00A9CE",
    "#DA291C",
    "#330072",
    "#AE2573",
    "#78BE20",
    "#425563",
    "#FFB81C",
    "#41B6E6",
)
"""Categorical colours (NHS identity colours), in order: trusts, components, tiers."""

FONT = "Arial, Helvetica, sans-serif"
ROW_HEIGHT = 20
"""Pixels per row of a chart with one row per item (the replacement timeline, heat maps)."""


@dataclass(frozen=True)
class Chart:
    """One chart of the report: an anchor, a title, a one-line reading of what it shows (the
    figures it names come from the plan), and the figure."""

    key: str
    """The HTML id of the chart's section (letters, digits and ``-``)."""
    title: str
    reading: str
    figure: go.Figure


def colour(index: int) -> str:
    """The ``index``-th categorical colour (repeating)."""
    return PALETTE[index % len(PALETTE)]


def colours(names: Sequence[str]) -> dict[str, str]:
    """A colour per name, in the order given."""
    return {name: colour(i) for i, name in enumerate(names)}


def _template() -> go.layout.Template:
    """Plotly's ``plotly_white`` look, its layout and the trace types the reports draw only:
    made once, it costs a chart about 3 ms instead of 15 ms (the full template is validated
    afresh at every use) and keeps each chart's JSON small."""
    white = pio.templates["plotly_white"]
    used = ("bar", "heatmap", "sankey", "scatter", "waterfall")
    data = {name: getattr(white.data, name) for name in used if getattr(white.data, name)}
    return go.layout.Template(layout=white.layout, data=data)


TEMPLATE = _template()
"""The charts' template (see :func:`_template`)."""


def styled(
    figure: go.Figure, *, x_title: str = "", y_title: str = "", height: int = 420
) -> go.Figure:
    """The report's look: white background, NHS font and colours, legend on top, axis titles
    with their units."""
    figure.update_layout(
        template=TEMPLATE,
        font={"family": FONT, "size": 13, "color": DARK_GREY},
        height=height,
        margin={"l": 70, "r": 20, "t": 40, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    if x_title:
        figure.update_xaxes(title_text=x_title)
    if y_title:
        figure.update_yaxes(title_text=y_title)
    return figure


def money(value: float) -> str:
    """GBP in a few characters: ``GBP 63.1m``, ``GBP 420k``, ``GBP 950``, ``-GBP 1.2m``."""
    if not math.isfinite(value):
        return "-"
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 1e6:
        return f"{sign}GBP {size / 1e6:,.1f}m"
    if size >= 1e4:
        return f"{sign}GBP {size / 1e3:,.0f}k"
    return f"{sign}GBP {size:,.0f}"


def share(value: float) -> str:
    """A fraction as a percentage in words: ``12.5%``."""
    return f"{100 * value:.1f}%"


def whole(value: float) -> str:
    """A count with thousands separators: ``12,345``."""
    return f"{value:,.0f}"
