"""Scenario studies: define, run, compare and explain."""
