"""netopt.graph."""
