"""Phone-sized forms for needs, people, households, shelters, relief and CAP alerts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.kk import check_kk
from sipsm.identity.nik import check_nik
from sipsm.regions.models import Region, RegionQuerySet
from sipsm.regions.widgets import RegionAutocomplete
from sipsm.relief import capxml
from sipsm.relief.actions.cap import AlertData
from sipsm.relief.actions.needs import NeedData
from sipsm.relief.actions.people import HouseholdData, PersonData
from sipsm.relief.actions.relief import ReliefData
from sipsm.relief.actions.shelters import ShelterData
from sipsm.relief.models import (
    AffectedPerson,
    CapAlert,
    Household,
    Need,
    NeedCategory,
    Shelter,
)

SELECT_LIMIT = 150
NUMERIC = {"inputmode": "numeric"}


class VillageChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


def village_field(villages: RegionQuerySet) -> VillageChoiceField:
    """A select for a few villages, the search box for many."""
    label = _("Village")
    if villages.count() <= SELECT_LIMIT:
        return VillageChoiceField(label=label, queryset=villages.order_by("name"))
    return VillageChoiceField(label=label, queryset=villages, widget=RegionAutocomplete(level=4))


def _nik(raw: str) -> str:
    if not raw:
        return ""
    result = check_nik(raw)
    if result.errors:
        raise forms.ValidationError([str(e) for e in result.errors])
    return result.nik


def _kk(raw: str) -> str:
    if not raw:
        return ""
    result = check_kk(raw)
    if result.errors:
        raise forms.ValidationError([str(e) for e in result.errors])
    return result.kk


class NeedForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=NeedCategory.choices)
    people_affected = forms.IntegerField(
        label=_("People affected"), min_value=0, initial=0, widget=forms.NumberInput(NUMERIC)
    )
    quantity = forms.DecimalField(
        label=_("Quantity needed"),
        min_value=Decimal(0),
        required=False,
        max_digits=12,
        decimal_places=2,
    )
    unit = forms.CharField(
        label=_("Unit of measure"),
        max_length=30,
        required=False,
        help_text=_("e.g. kg, liter, paket, tenda"),
    )
    description = forms.CharField(
        label=_("What is needed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Need.Priority.choices, initial=Need.Priority.MEDIUM
    )
    status = forms.ChoiceField(label=_("Status"), choices=Need.Status.choices, initial="open")

    def __init__(self, *args: Any, villages: RegionQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"village": village_field(villages), **self.fields}

    def to_data(self) -> NeedData:
        d = self.cleaned_data
        return NeedData(
            village=d["village"],
            category=d["category"],
            people_affected=d["people_affected"] or 0,
            quantity=d.get("quantity"),
            unit=d.get("unit", ""),
            description=d.get("description", ""),
            priority=d["priority"],
            status=d["status"],
        )


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Need.Status.choices)


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("Not recorded")), *AffectedPerson.Sex.choices],
        required=False,
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    age_years = forms.IntegerField(
        label=_("Age (years), if the birth date is unknown"),
        min_value=0,
        max_value=130,
        required=False,
        widget=forms.NumberInput(NUMERIC),
    )
    nik = forms.CharField(
        label=_("NIK (optional)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    condition = forms.ChoiceField(
        label=_("Condition"), choices=AffectedPerson.Condition.choices, initial="safe"
    )
    is_child = forms.BooleanField(
        label=_("Child (under 18)"),
        required=False,
        help_text=_("Only used when the age is unknown."),
    )
    is_elderly = forms.BooleanField(
        label=_("Elderly (60 or over)"),
        required=False,
        help_text=_("Only used when the age is unknown."),
    )
    has_disability = forms.BooleanField(label=_("Person with a disability"), required=False)
    is_pregnant = forms.BooleanField(label=_("Pregnant"), required=False)
    household = forms.ModelChoiceField(
        label=_("Household"), queryset=Household.objects.none(), required=False
    )
    shelter = forms.ModelChoiceField(
        label=_("Staying at (shelter)"), queryset=Shelter.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        villages: RegionQuerySet,
        incident_id: int,
        has_nik: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"village": village_field(villages), **self.fields}
        household = self.fields["household"]
        assert isinstance(household, forms.ModelChoiceField)
        household.queryset = Household.objects.filter(
            incident_id=incident_id, duplicate_of__isnull=True
        )
        shelter = self.fields["shelter"]
        assert isinstance(shelter, forms.ModelChoiceField)
        current = self.initial.get("shelter")
        shelter.queryset = Shelter.objects.filter(incident_id=incident_id).filter(
            models_q_open_or(current)
        )
        if has_nik:
            self.fields["nik"].label = _("New NIK (leave empty to keep the recorded one)")

    def clean_nik(self) -> str:
        return _nik(self.cleaned_data.get("nik", ""))

    def to_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            village=d["village"],
            full_name=d["full_name"],
            sex=d.get("sex") or "",
            birth_date=d.get("birth_date"),
            age_years=d.get("age_years"),
            nik=d.get("nik", ""),
            is_child=d.get("is_child", False),
            is_elderly=d.get("is_elderly", False),
            has_disability=d.get("has_disability", False),
            is_pregnant=d.get("is_pregnant", False),
            condition=d["condition"],
            household=d.get("household"),
            shelter=d.get("shelter"),
            notes=d.get("notes", ""),
        )


def models_q_open_or(current: Any) -> Q:
    """Open shelters, and the one the person is in (so an edit keeps it)."""
    current_id = getattr(current, "pk", current)
    return Q(is_open=True) | Q(pk=current_id) if current_id else Q(is_open=True)


class NikForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_nik(self) -> str:
        return _nik(self.cleaned_data.get("nik", ""))


class KkForm(forms.Form):
    kk = forms.CharField(
        label=_("KK number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_kk(self) -> str:
        return _kk(self.cleaned_data.get("kk", ""))


class HouseholdForm(forms.Form):
    head_name = forms.CharField(label=_("Head of household"), max_length=150)
    kk = forms.CharField(
        label=_("KK number (optional)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    size = forms.IntegerField(
        label=_("People in the household"),
        min_value=1,
        max_value=60,
        required=False,
        widget=forms.NumberInput(NUMERIC),
    )
    address = forms.CharField(label=_("Address (RT/RW)"), max_length=255, required=False)

    def __init__(
        self, *args: Any, villages: RegionQuerySet, has_kk: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"village": village_field(villages), **self.fields}
        if has_kk:
            self.fields["kk"].label = _("New KK number (leave empty to keep the recorded one)")

    def clean_kk(self) -> str:
        return _kk(self.cleaned_data.get("kk", ""))

    def to_data(self) -> HouseholdData:
        d = self.cleaned_data
        return HouseholdData(
            village=d["village"],
            head_name=d["head_name"],
            kk=d.get("kk", ""),
            size=d.get("size"),
            address=d.get("address", ""),
        )


class ShelterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Shelter.Kind.choices)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity (people)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(NUMERIC),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-11.5, max_value=6.5)
    lon = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=94.5, max_value=141.5
    )

    def __init__(self, *args: Any, villages: RegionQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"village": village_field(villages), **self.fields}

    def to_data(self) -> ShelterData:
        d = self.cleaned_data
        return ShelterData(
            name=d["name"],
            village=d["village"],
            kind=d["kind"],
            address=d.get("address", ""),
            lat=d.get("lat"),
            lon=d.get("lon"),
            capacity=d.get("capacity"),
        )


class HeadCountForm(forms.Form):
    manual_count = forms.IntegerField(
        label=_("People counted on site"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(NUMERIC),
    )


class ReliefForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=AffectedPerson.objects.none(), required=False
    )
    household = forms.ModelChoiceField(
        label=_("or household"), queryset=Household.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NeedCategory.choices)
    description = forms.CharField(
        label=_("What"), max_length=200, required=False, help_text=_("e.g. beras 5 kg, selimut")
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        initial=1,
        max_digits=12,
        decimal_places=2,
    )
    unit = forms.CharField(label=_("Unit of measure"), max_length=30, initial="paket")
    given_on = forms.DateField(
        label=_("Given on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=150,
        required=False,
        help_text=_("The organisation or person who handed it out."),
    )
    need = forms.ModelChoiceField(
        label=_("Answers the need"), queryset=Need.objects.none(), required=False
    )

    def __init__(self, *args: Any, incident_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = AffectedPerson.objects.filter(
            incident_id=incident_id, duplicate_of__isnull=True
        ).order_by("full_name")
        household = self.fields["household"]
        assert isinstance(household, forms.ModelChoiceField)
        household.queryset = Household.objects.filter(
            incident_id=incident_id, duplicate_of__isnull=True
        ).order_by("head_name")
        need = self.fields["need"]
        assert isinstance(need, forms.ModelChoiceField)
        need.queryset = Need.objects.filter(incident_id=incident_id).exclude(status="met")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("person")) == bool(cleaned.get("household")):
            raise forms.ValidationError(_("Choose one person or one household."))
        return cleaned

    def to_data(self) -> ReliefData:
        d = self.cleaned_data
        return ReliefData(
            kind=d["kind"],
            quantity=d["quantity"],
            unit=d["unit"],
            description=d.get("description", ""),
            given_on=d.get("given_on"),
            given_by=d.get("given_by", ""),
            need=d.get("need"),
        )


class PeopleFilterForm(forms.Form):
    VULNERABLE = [
        ("", _("Anyone")),
        ("any", _("Any vulnerability")),
        ("child", _("Children")),
        ("elderly", _("Elderly")),
        ("disability", _("With a disability")),
        ("pregnant", _("Pregnant")),
    ]
    q = forms.CharField(label=_("Name"), required=False)
    condition = forms.ChoiceField(
        label=_("Condition"),
        required=False,
        choices=[("", _("All")), *AffectedPerson.Condition.choices],
    )
    vulnerable = forms.ChoiceField(label=_("Vulnerable"), required=False, choices=VULNERABLE)
    village = forms.ModelChoiceField(
        label=_("Village"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
    )
    shelter = forms.ModelChoiceField(
        label=_("Shelter"), required=False, queryset=Shelter.objects.none()
    )

    def __init__(
        self, *args: Any, incident_id: int, villages: RegionQuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages.order_by("name")
        shelter = self.fields["shelter"]
        assert isinstance(shelter, forms.ModelChoiceField)
        shelter.queryset = Shelter.objects.filter(incident_id=incident_id)


class CapAlertForm(forms.Form):
    msg_type = forms.ChoiceField(label=_("Message"), choices=CapAlert.MsgType.choices)
    status = forms.ChoiceField(label=_("Status"), choices=CapAlert.Status.choices)
    headline = forms.CharField(label=_("Headline"), max_length=160)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    instruction = forms.CharField(
        label=_("What people should do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=[(v, v) for v in capxml.URGENCIES], initial="Immediate"
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("From the incident")), *[(v, v) for v in capxml.SEVERITIES]],
    )
    certainty = forms.ChoiceField(
        label=_("Certainty"),
        required=False,
        choices=[("", _("From the incident status")), *[(v, v) for v in capxml.CERTAINTIES]],
    )
    response_type = forms.ChoiceField(
        label=_("Response"),
        required=False,
        choices=[("", "—"), *[(v, v) for v in capxml.RESPONSE_TYPES]],
    )
    expires_hours = forms.IntegerField(
        label=_("Valid for (hours)"),
        min_value=1,
        max_value=14 * 24,
        required=False,
        widget=forms.NumberInput(NUMERIC),
    )

    def to_data(self) -> AlertData:
        d = self.cleaned_data
        hours = d.get("expires_hours")
        return AlertData(
            headline=d["headline"],
            description=d.get("description", ""),
            instruction=d.get("instruction", ""),
            urgency=d["urgency"],
            severity=d.get("severity", ""),
            certainty=d.get("certainty", ""),
            response_type=d.get("response_type", ""),
            msg_type=d["msg_type"],
            status=d["status"],
            expires=timezone.now() + dt.timedelta(hours=hours) if hours else None,
        )
