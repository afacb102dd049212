"""Renderers that turn scored results into terminal tables, JSON and workbooks."""
