"""netopt.report."""
