"""``python -m netopt``: the same as the ``netopt`` command."""

from netopt.cli import main

main()
