"""The checklist and answers formats, baselines, crosswalks, and pure scoring and comparison: no I/O of their own."""
