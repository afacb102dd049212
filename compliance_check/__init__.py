"""Measure a UK council against the LGA Data Handling Guidelines for Local Government (2008)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
