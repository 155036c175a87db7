"""Forms validate at the edge and hand actions a `MemberData` they can trust."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.core.spam import SpamGuardMixin
from sipsm.identity.nik import check_nik
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete
from sipsm.registry.actions.members import MemberData
from sipsm.registry.models import BoardTerm, Member, Position, Skill

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        required=False,
        help_text=_("16 digits, as on the KTP. Stored encrypted."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Member.Sex.choices)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    home_village = forms.ModelChoiceField(
        label=_("Home village"), queryset=Region.objects.villages(), widget=RegionAutocomplete()
    )
    ktp_village = forms.ModelChoiceField(
        label=_("Village on the KTP"),
        queryset=Region.objects.villages(),
        required=False,
        widget=RegionAutocomplete(),
        help_text=_("Permensos 10/2019: the KTP must be from the village of domicile."),
    )
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    home_lat = forms.FloatField(
        label=_("Home latitude"), required=False, min_value=-11.5, max_value=6.5
    )
    home_lon = forms.FloatField(
        label=_("Home longitude"), required=False, min_value=94.5, max_value=141.5
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=[("", "—"), *Member.Education.choices], required=False
    )
    literate = forms.BooleanField(label=_("Can read and write"), required=False)
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bimtek_dasar_date = forms.DateField(
        label=_("Bimtek dasar date"), required=False, widget=DATE_WIDGET
    )
    bimtek_dasar_organizer = forms.CharField(
        label=_("Bimtek dasar organiser"), max_length=150, required=False
    )
    commitment_declared = forms.BooleanField(
        label=_("I declare the ability, care and commitment to serve as a social volunteer"),
        required=False,
    )
    good_conduct_evidence = forms.CharField(
        label=_("Evidence of good conduct"),
        max_length=150,
        required=False,
        help_text=_("e.g. letter from the village head or SKCK number"),
    )
    sk_number = forms.CharField(label=_("SK number"), max_length=100, required=False)
    sk_issuer = forms.ChoiceField(
        label=_("SK issued by"), choices=[("", "—"), *Member.SkIssuer.choices], required=False
    )
    sk_date = forms.DateField(label=_("SK date"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, scope_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nik_warnings: list[str] = []
        if scope_code is not None:
            field = self.fields["home_village"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Region.objects.villages().within(scope_code)

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
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lat, lon = cleaned.get("home_lat"), cleaned.get("home_lon")
        if (lat is None) != (lon is None):
            self.add_error("home_lon", _("Give both latitude and longitude, or neither."))
        nik = cleaned.get("nik")
        if nik:
            result = check_nik(
                nik,
                stated_sex=cleaned.get("sex", ""),
                stated_birth_date=cleaned.get("birth_date"),
            )
            self.nik_warnings = [str(w) for w in result.warnings]
        return cleaned

    def to_data(self) -> MemberData:
        c = self.cleaned_data
        return MemberData(
            full_name=c["full_name"].strip(),
            sex=c["sex"],
            home_village=c["home_village"],
            nik=c.get("nik", ""),
            birth_place=c.get("birth_place", ""),
            birth_date=c.get("birth_date"),
            phone=c.get("phone", ""),
            email=c.get("email", ""),
            address=c.get("address", ""),
            ktp_village=c.get("ktp_village"),
            home_lat=c.get("home_lat"),
            home_lon=c.get("home_lon"),
            education=c.get("education", ""),
            literate=bool(c.get("literate")),
            skills=list(c.get("skills") or []),
            bimtek_dasar_date=c.get("bimtek_dasar_date"),
            bimtek_dasar_organizer=c.get("bimtek_dasar_organizer", ""),
            commitment_declared=bool(c.get("commitment_declared")),
            good_conduct_evidence=c.get("good_conduct_evidence", ""),
            sk_number=c.get("sk_number", ""),
            sk_issuer=c.get("sk_issuer", ""),
            sk_date=c.get("sk_date"),
        )

    @classmethod
    def initial_from(cls, member: Member) -> dict[str, Any]:
        return {
            "full_name": member.full_name,
            "sex": member.sex,
            "birth_place": member.birth_place,
            "birth_date": member.birth_date,
            "phone": member.phone,
            "email": member.email,
            "home_village": member.home_village_id,
            "ktp_village": member.ktp_village_id,
            "address": member.address,
            "home_lat": member.home_lat,
            "home_lon": member.home_lon,
            "education": member.education,
            "literate": member.literate,
            "skills": list(member.skills.all()),
            "bimtek_dasar_date": member.bimtek_dasar_date,
            "bimtek_dasar_organizer": member.bimtek_dasar_organizer,
            "commitment_declared": member.commitment_declared,
            "good_conduct_evidence": member.good_conduct_evidence,
            "sk_number": member.sk_number,
            "sk_issuer": member.sk_issuer,
            "sk_date": member.sk_date,
        }


APPLICATION_FORM_SALT = "sipsm.registry.application"


class PublicApplicationForm(SpamGuardMixin, MemberForm):
    """The candidate's own application: no SK fields (the unit and Dinas Sosial add those).
    Public, so bots are kept out by the honeypot and the filling time of SpamGuardMixin."""

    spam_salt = APPLICATION_FORM_SALT

    consent = forms.BooleanField(
        label=_(
            "I agree that IPSM processes my data to handle my membership "
            "(UU 27/2022 on personal data protection)."
        ),
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("sk_number", "sk_issuer", "sk_date", "home_lat", "home_lon"):
            del self.fields[name]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (Member.Status.ACTIVE, Member.Status.ACTIVE.label),
            (Member.Status.INACTIVE, Member.Status.INACTIVE.label),
            (Member.Status.DECEASED, Member.Status.DECEASED.label),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AvailabilityForm(forms.Form):
    availability = forms.ChoiceField(label=_("Availability"), choices=Member.Availability.choices)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 5 MB)"))


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or KTA number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Member.Status.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Registration"), choices=[("", _("All")), *Member.Stage.choices], required=False
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        choices=[("", _("All")), *Member.Availability.choices],
        required=False,
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.all(), required=False, to_field_name="code"
    )
    region = forms.CharField(label=_("Region code"), required=False)


class BoardTermForm(forms.Form):
    start_year = forms.IntegerField(label=_("From year"), min_value=1975, max_value=2100)
    end_year = forms.IntegerField(label=_("To year"), min_value=1975, max_value=2100)
    sk_number = forms.CharField(label=_("Decree (SK) number"), max_length=100, required=False)
    sk_date = forms.DateField(label=_("Decree date"), required=False, widget=DATE_WIDGET)


class BoardPositionForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    title = forms.CharField(label=_("Title"), max_length=150, required=False)
    member_kta = forms.CharField(
        label=_("KTA number of the member"),
        max_length=32,
        required=False,
        help_text=_("Leave empty and write a name below if the holder is not a member."),
    )
    holder_name = forms.CharField(label=_("Or name (not a member)"), max_length=150, required=False)

    def __init__(self, *args: Any, term: BoardTerm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.term = term

    def clean_member_kta(self) -> Member | None:
        number = self.cleaned_data.get("member_kta", "").strip()
        if not number:
            return None
        members = Member.objects.active().filter(kta_number__iexact=number)
        region = self.term.unit.region_id
        if region:
            members = members.filter(
                Q(home_village_id=region) | Q(home_village__code__startswith=region + ".")
            )
        member = members.first()
        if member is None:
            raise forms.ValidationError(_("No active member with this KTA number in this unit."))
        return member


class MemberImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    mode = forms.ChoiceField(
        label=_("When some rows have errors"),
        choices=[
            ("all_or_nothing", _("Save nothing (fix the file and upload again)")),
            ("valid_rows", _("Save the valid rows together, report the others")),
        ],
        initial="all_or_nothing",
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith((".csv", ".xlsx"))):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > settings.SIPSM_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
