"""Run policykit as ``python -m policykit``."""

from .cli import main

main()
