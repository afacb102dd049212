"""What every workbook and printed page shares: cells, tables, page setup, letterheads and labels."""
