"""Pages of the aid module (function views: access → action → response)."""
