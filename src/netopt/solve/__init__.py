"""netopt.solve."""
