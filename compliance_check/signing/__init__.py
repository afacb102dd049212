"""Sign-off: a person stands behind the answers, and anyone can check that it still holds."""
