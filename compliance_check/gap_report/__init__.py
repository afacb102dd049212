"""The gap report, the council's action plan, in the terminal, as JSON and as a workbook."""
