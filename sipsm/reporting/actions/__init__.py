"""State changes of reporting: the activity log (activities.py), the monthly report workflow
(monthly.py) and the pre-aggregated tables (aggregates.py)."""
