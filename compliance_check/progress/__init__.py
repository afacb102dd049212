"""Progress between two assessments: the comparison in the terminal, as JSON and as a workbook."""
