"""Importing KPM lists: header mapping, streaming reader, row checks, chunk writer, runner."""
