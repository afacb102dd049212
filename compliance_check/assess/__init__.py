"""The assessment a council answers: the terminal wizard, its session (lock, autosave, report) and templates."""
