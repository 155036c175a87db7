"""Form fields shared by every search for a person by NIK (always POSTed, never in a URL)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sipsm.identity.nik import normalize


class NikSearchForm(forms.Form):
    nik = forms.CharField(
        label=_("Find by NIK"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_nik(self) -> str:
        digits = normalize(self.cleaned_data["nik"])
        if not digits.isdigit() or len(digits) != 16:
            raise forms.ValidationError(_("A NIK has 16 digits."))
        return digits
