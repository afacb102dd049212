"""A regional body's cohort: batch scoring, disclosure control, and the cohort in the terminal, JSON, CSV and a workbook."""
