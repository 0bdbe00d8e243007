"""Run the policykit command line from a checkout: ``python cli.py build``."""
from policykit.cli import main; main()  # noqa: E702
