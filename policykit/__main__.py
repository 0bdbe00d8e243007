"""Run policykit as ``python -m policykit``."""

from policykit.cli import main

main()
