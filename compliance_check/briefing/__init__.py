"""The members' briefing for the audit committee: its content model and its HTML page."""
