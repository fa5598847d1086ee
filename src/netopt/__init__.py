"""netopt: optimisation engine for NHS diagnostic imaging networks."""
