"""The members' briefing: one content model built from the core's results, rendered to HTML."""
