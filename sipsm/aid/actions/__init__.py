"""State changes of the aid module: keyword-only, typed, atomic, audited."""
