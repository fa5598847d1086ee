"""The HTML report of a plan: one self-contained page that works offline.

Everything is inline: the page's style, Plotly's JavaScript (once, in the head) and each
chart's data, so the file opens from a USB stick with no network, and no request leaves the
page. The page is a title, the headline (key figures, sentences, small tables), a list of the
charts, then one section per chart: its title, a one-line reading and the chart.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

import plotly.io as pio
from plotly.offline import get_plotlyjs

from netopt.report.capital_report import capital_charts, capital_headline
from netopt.report.charts import DARK_GREY, FONT, NHS_BLUE, PALE_GREY, Chart
from netopt.report.folder import PlanResults
from netopt.report.headline import Headline, SmallTable
from netopt.report.joint_report import joint_charts, joint_headline
from netopt.report.workforce_report import workforce_charts, workforce_headline

REPORT_FILE = "report.html"
"""The report's name in a result folder."""

PLOT_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
"""Plotly's options for every chart: no logo, resizes with the window, a PNG download."""

STYLE = f"""
body {{ font-family: {FONT}; color: {DARK_GREY}; margin: 0; background: #fff; }}
header {{ background: {NHS_BLUE}; color: #fff; padding: 18px 32px; }}
header h1 {{ margin: 0 0 4px 0; font-size: 26px; }}
header p {{ margin: 0; font-size: 15px; }}
main {{ max-width: 1180px; margin: 0 auto; padding: 8px 32px 40px 32px; }}
.cards {{ display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0; }}
.card {{ background: {PALE_GREY}; border-left: 5px solid {NHS_BLUE}; padding: 10px 14px;
  min-width: 150px; flex: 1 1 150px; }}
.card .label {{ font-size: 13px; }}
.card .value {{ font-size: 24px; font-weight: bold; color: #231f20; margin: 2px 0; }}
.card .note {{ font-size: 12px; }}
ul.sentences li {{ margin: 4px 0; line-height: 1.45; }}
table.small {{ border-collapse: collapse; margin: 8px 0 4px 0; font-size: 14px; }}
table.small th, table.small td {{ border-bottom: 1px solid #cfd6d8; padding: 5px 12px;
  text-align: right; white-space: nowrap; }}
table.small th:first-child, table.small td:first-child {{ text-align: left;
  white-space: normal; }}
table.small th {{ white-space: normal; }}
table.small th {{ background: {PALE_GREY}; }}
p.note {{ font-size: 13px; margin: 2px 0 12px 0; }}
nav ol {{ columns: 2; font-size: 14px; }}
section.chart {{ margin-top: 30px; border-top: 1px solid #cfd6d8; padding-top: 6px; }}
section.chart h2 {{ font-size: 20px; margin: 8px 0 2px 0; color: #231f20; }}
section.chart p.reading {{ margin: 2px 0 8px 0; font-size: 15px; }}
footer {{ font-size: 12px; color: #768692; margin-top: 40px; }}
"""


def _small_table(table: SmallTable) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    note = f'<p class="note">{html.escape(table.note)}</p>' if table.note else ""
    return (
        f"<h3>{html.escape(table.title)}</h3>"
        f'<table class="small"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}'
    )


def _headline(headline: Headline) -> str:
    cards = "".join(
        '<div class="card">'
        f'<div class="label">{html.escape(card.label)}</div>'
        f'<div class="value">{html.escape(card.value)}</div>'
        f'<div class="note">{html.escape(card.note)}</div></div>'
        for card in headline.cards
    )
    sentences = "".join(f"<li>{html.escape(s)}</li>" for s in headline.sentences)
    tables = "".join(_small_table(t) for t in headline.tables)
    return (
        f'<section id="headline"><div class="cards">{cards}</div>'
        f'<ul class="sentences">{sentences}</ul>{tables}</section>'
    )


def _chart(chart: Chart) -> str:
    plot = pio.to_html(
        chart.figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{chart.key}",
        config=PLOT_CONFIG,
    )
    return (
        f'<section class="chart" id="{chart.key}">'
        f"<h2>{html.escape(chart.title)}</h2>"
        f'<p class="reading">{html.escape(chart.reading)}</p>{plot}</section>'
    )


def render_page(headline: Headline, charts: Sequence[Chart], footer: str) -> str:
    """The whole page: Plotly's script inline once, then the headline and every chart."""
    contents = "".join(
        f'<li><a href="#{chart.key}">{html.escape(chart.title)}</a></li>' for chart in charts
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(headline.title)}</title>"
        f"<style>{STYLE}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script>'
        "</head><body>"
        f"<header><h1>{html.escape(headline.title)}</h1>"
        f"<p>{html.escape(headline.subtitle)}</p></header><main>"
        f"{_headline(headline)}"
        f"<nav><h3>Charts</h3><ol>{contents}</ol></nav>"
        f"{''.join(_chart(chart) for chart in charts)}"
        f"<footer>{html.escape(footer)}</footer>"
        "</main></body></html>\n"
    )


def report_parts(results: PlanResults) -> tuple[Headline, list[Chart]]:
    """The headline and charts of a plan, by its type."""
    if results.model == "capital":
        return capital_headline(results), capital_charts(results)
    if results.model == "joint":
        return joint_headline(results), joint_charts(results)
    return workforce_headline(results), workforce_charts(results)


def netopt_version() -> str:
    try:
        return version("netopt")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "(not installed)"


def render_report(results: PlanResults) -> str:
    """The HTML report of a plan (capital, workforce or joint)."""
    headline, charts = report_parts(results)
    digest = str(results.summary.get("instance_sha256") or "")[:12]
    footer = (
        f"Made by netopt {netopt_version()} from the plan's result folder (instance {digest}). "
        "Every figure here is in the folder's CSV tables and summary.json; docs/results.md "
        "says what each column means. Charts: hover for detail, drag to zoom, double-click "
        "to reset, click a legend entry to hide it."
    )
    return render_page(headline, charts, footer)
