"""Pages of reporting: the activity log, monthly reports, aggregates (dashboards, equity, SPM)
and the public transparency page."""
