"""Run the command-line interface as ``python -m compliance_check``."""

from compliance_check.cli import main

main()
