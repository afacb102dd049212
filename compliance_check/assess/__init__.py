"""The assessment a council answers: the wizard, its session (lock, autosave) and templates."""
