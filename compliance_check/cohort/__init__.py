"""A regional body's cohort: batch scoring, disclosure control, and the cohort in each format."""
