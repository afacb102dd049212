"""The doors to disk: YAML and workbook reading (hostile-file checks), atomic writes, locks."""
