"""The questionnaire workbook out and back in; answers read from YAML or a workbook."""
