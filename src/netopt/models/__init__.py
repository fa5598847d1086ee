"""netopt.models."""
