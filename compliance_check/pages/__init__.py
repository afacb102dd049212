"""What every workbook and page shares: cells, tables, page setup, letterheads, labels."""
