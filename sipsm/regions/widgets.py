"""A form widget to pick a region by typing part of its name (htmx autocomplete)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse


class RegionAutocomplete(forms.Widget):
    """Renders a search box, a hidden input holding the code, and a result list.

    The search box asks `/wilayah/cari/` (htmx) and shows buttons; `sipsm.js` copies the
    picked code into the hidden input.
    """

    template_name = "regions/widgets/autocomplete.html"

    def __init__(self, *, level: int | None = 4, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.level = level

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from sipsm.regions.models import Region

        context = super().get_context(name, value, attrs)
        code = str(value.pk if hasattr(value, "pk") else value or "")
        region = Region.objects.filter(code=code).first() if code else None
        context["widget"].update(
            {
                "code": code,
                "label": region.chain if region else "",
                "search_url": reverse("regions:search"),
                "level": self.level or "",
            }
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name) or None
