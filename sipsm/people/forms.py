"""Forms validate at the edge and hand actions data they can trust."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.identity.kk import check_kk
from sipsm.identity.nik import check_nik
from sipsm.people.actions.households import HouseholdData
from sipsm.people.actions.persons import MAX_AGE, PersonData
from sipsm.people.models import LegalBasis, Person, Relationship, Sex, WelfareCategory
from sipsm.people.permissions import can_see_sensitive_groups, can_set_legal_basis
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def ppks_choices() -> Any:
    return WelfareCategory.objects.ppks().valid_on().select_related("reference_list")


def filter_choices(user: Any) -> Any:
    """PPKS groups a user may filter lists by: the confidential ones only for who may see
    them (filtering by a group lists its members even when the rows hide the group)."""
    groups = WelfareCategory.objects.ppks()
    if user is None or not can_see_sensitive_groups(user):
        groups = groups.exclude(sensitive=True)
    return groups


def clean_search(value: str | None, limit: int = 150) -> str:
    """Search text without NUL and other control or format characters, trimmed."""
    text = "".join(
        ch
        for ch in (value or "")
        if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    return " ".join(text.split())[:limit]


class SearchField(forms.CharField):
    """Free search text: control characters (NUL included) are dropped, not refused."""

    def to_python(self, value: Any) -> str:
        return clean_search(super().to_python(value), self.max_length or 150)


def add_legal_basis_field(form: forms.Form, user: Any, *, initial: str = "") -> None:
    """Coordinators choose the legal basis (UU PDP Pasal 20); for others, and when left
    empty, the default (a task in the public interest; on a change, the current basis)."""
    if user is None or not can_set_legal_basis(user):
        return
    form.fields["legal_basis"] = forms.ChoiceField(
        label=_("Legal basis (UU PDP Pasal 20)"),
        choices=LegalBasis.choices,
        initial=initial or LegalBasis.PUBLIC_TASK,
        required=False,
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    age_years = forms.IntegerField(
        label=_("Or age (years)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text=_("When the date of birth is unknown."),
    )
    birth_place = forms.CharField(label=_("Place of birth"), max_length=100, required=False)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        required=False,
        help_text=_("16 digits, if known. Stored encrypted."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.villages(), widget=RegionAutocomplete()
    )
    address = forms.CharField(
        label=_("Address or where the person stays"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def __init__(
        self, *args: Any, scope_code: str | None = None, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.nik_warnings: list[str] = []
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.villages().within(scope_code)
        add_legal_basis_field(self, user, initial=self.initial.get("legal_basis", ""))

    def clean_nik(self) -> str:
        raw = self.cleaned_data.get("nik", "")
        if not raw:
            return ""
        result = check_nik(raw)
        if result.errors:
            raise forms.ValidationError([str(e) for e in result.errors])
        self.nik_warnings = [str(w) for w in result.warnings]
        return result.nik

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("phone", ""))
        except InvalidPhone as exc:
            raise forms.ValidationError(_("This is not a valid phone number.")) from exc

    def clean_birth_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return value

    def to_person_data(self) -> PersonData:
        c = self.cleaned_data
        return PersonData(
            full_name=c["full_name"],
            village=c["village"],
            sex=c.get("sex", ""),
            birth_date=c.get("birth_date"),
            age_years=c.get("age_years"),
            birth_place=c.get("birth_place", ""),
            nik=c.get("nik", ""),
            address=c.get("address", ""),
            phone=c.get("phone", ""),
            legal_basis=c.get("legal_basis") or None,
        )

    @staticmethod
    def initial_from(person: Person) -> dict[str, Any]:
        return {
            "legal_basis": person.legal_basis,
            "full_name": person.full_name,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "age_years": person.age if person.age_is_estimated else None,
            "birth_place": person.birth_place,
            "village": person.village_id,
            "address": person.address,
            "phone": person.phone,
        }


class PeopleFilterForm(forms.Form):
    """The list's filters, in the query string: nothing that names a person."""

    region = forms.CharField(label=_("Region code"), required=False, max_length=13)
    ppks = forms.ModelChoiceField(
        label=_("PPKS group"), queryset=WelfareCategory.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ppks"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = filter_choices(user)


class NameSearchForm(forms.Form):
    """A search by name, POSTed so that names stay out of URLs and server logs."""

    q = SearchField(label=_("Name"), max_length=150)


class PpksForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("PPKS group"), queryset=WelfareCategory.objects.none()
    )
    since = forms.DateField(label=_("Since"), widget=DATE_WIDGET, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ppks_choices()


class EndForm(forms.Form):
    until = forms.DateField(label=_("Until"), widget=DATE_WIDGET, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class HouseholdForm(forms.Form):
    head_name = forms.CharField(label=_("Head of the family"), max_length=150)
    kk = forms.CharField(
        label=_("KK number"),
        max_length=24,
        required=False,
        help_text=_("16 digits, if known. Stored encrypted."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.villages(), widget=RegionAutocomplete()
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, scope_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.villages().within(scope_code)

    def clean_kk(self) -> str:
        raw = self.cleaned_data.get("kk", "")
        if not raw:
            return ""
        result = check_kk(raw)
        if result.errors:
            raise forms.ValidationError([str(e) for e in result.errors])
        return result.kk

    def to_data(self) -> HouseholdData:
        c = self.cleaned_data
        return HouseholdData(
            head_name=c["head_name"],
            village=c["village"],
            kk=c.get("kk", ""),
            address=c.get("address", ""),
        )


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    since = forms.DateField(label=_("Since"), widget=DATE_WIDGET, initial=timezone.localdate)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people


class MergeForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.ChoiceField(
        label=_("Keep which record"),
        choices=[("this", _("This record")), ("other", _("The other record"))],
        widget=forms.RadioSelect,
        initial="this",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > settings.SIPSM_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class RevealExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason to export full NIK and KK numbers"), min_length=5, max_length=300
    )
