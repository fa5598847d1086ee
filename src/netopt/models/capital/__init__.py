"""netopt.models.capital."""
