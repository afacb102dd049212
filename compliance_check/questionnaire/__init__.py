"""The questionnaire workbook out and back in, and reading answers from either a YAML file or a workbook."""
