"""The doors to disk: YAML and workbook reading with the hostile-file checks, atomic writes, locks, text safety."""
