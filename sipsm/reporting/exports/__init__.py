"""Every report as CSV, XLSX and (for the formal ones) PDF, from one table description.

A report builds `Table`s (title, columns, rows); `tables.py` writes them in each format with
the same protections: cells a spreadsheet would run as a formula are neutralised
(`sipsm.registry.exports.export_cell`), HXL hashtags are added as a second header row where the
columns have them (hxlstandard.org), and nothing but what the table holds is written.
"""
