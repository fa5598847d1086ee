"""``python -m netopt.report``: print ``docs/results.md`` (every column of every result table)."""

from netopt.report.columns import results_markdown

print(results_markdown(), end="")
