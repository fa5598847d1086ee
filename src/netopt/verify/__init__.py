"""netopt.verify."""
