"""Incident report forms: the member's form and the public one (with anti-spam checks)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.core.spam import SpamGuardMixin
from sipsm.incidents.models import Incident, IncidentType, Severity
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete

FORM_TOKEN_SALT = "sipsm.incidents.public-form"  # noqa: S105  (a signing salt)


class IncidentForm(forms.Form):
    type = forms.ModelChoiceField(label=_("What happened"), queryset=IncidentType.objects.all())
    title = forms.CharField(
        label=_("Short title"), max_length=200, help_text=_("e.g. Banjir setinggi 1 m di RT 02")
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.villages(), widget=RegionAutocomplete()
    )
    description = forms.CharField(
        label=_("What do you see? Who needs help?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial="unknown")
    location_text = forms.CharField(
        label=_("Place (street, RT/RW)"), max_length=255, required=False
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-11.5, max_value=6.5)
    lon = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=94.5, max_value=141.5
    )
    photo = forms.FileField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args: Any, scope_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scope_code is not None:
            field = self.fields["village"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Region.objects.villages().within(scope_code)


class PublicIncidentForm(SpamGuardMixin, IncidentForm):
    """Anyone may report; SpamGuardMixin keeps simple bots out."""

    spam_salt = FORM_TOKEN_SALT
    spam_message = _("The report could not be accepted.")
    spam_text_fields = ("title", "description")

    reporter_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone (so we can call back)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["severity"]

    def clean_reporter_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("reporter_phone", ""))
        except InvalidPhone as exc:
            raise forms.ValidationError(_("This is not a valid phone number.")) from exc


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Incident.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    callout = forms.BooleanField(label=_("Start the call-out"), required=False, initial=True)


class TrackingForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=12)
