from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. laptop Dinsos"))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=30, initial=30)
