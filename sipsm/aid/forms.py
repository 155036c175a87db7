"""Forms of the aid pages: validation at the edge; the actions assume valid input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sipsm.aid.importing.headers import FIELDS
from sipsm.aid.models import Complaint, Mark, Period, Problem, Program, Proposal
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.core.spam import SpamGuardMixin
from sipsm.identity.nik import normalize
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FORM_TOKEN_SALT = "sipsm.aid.public-complaint"  # noqa: S105  (a signing salt)


def _villages(field: forms.Field, scope_code: str | None) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Region.objects.villages().within(scope_code)


class ProgramForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=150)
    scheme = forms.ChoiceField(label=_("Scheme"), choices=Program.Scheme.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Program.Kind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Program.Channel.choices)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Program.Cadence.choices)
    amount = forms.IntegerField(label=_("Amount per family (Rp)"), min_value=0)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PeriodForm(forms.Form):
    label = forms.CharField(
        label=_("Label"), max_length=60, help_text=_("e.g. Januari 2026 or Tahap 1 2026")
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Until"), widget=DATE_WIDGET)
    amount = forms.IntegerField(label=_("Amount per family (Rp)"), min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(label=_("KPM list (CSV or XLSX)"))


class MappingForm(forms.Form):
    """One select per column of the file: which field it holds (or none)."""

    def __init__(
        self, *args: Any, header: list[str], mapping: dict[str, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        by_column = {index: name for name, index in mapping.items()}
        choices = [
            ("", _("— not used —")),
            *[(name, label) for name, (label, _a) in FIELDS.items()],
        ]
        for index, text in enumerate(header):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=text or f"#{index + 1}",
                choices=choices,
                required=False,
                initial=by_column.get(index, ""),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [v for k, v in cleaned.items() if k.startswith("col_") and v]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("A field is chosen for two columns."))
        return cleaned

    def mapping(self) -> dict[str, int]:
        return {
            value: int(key[4:])
            for key, value in self.cleaned_data.items()
            if key.startswith("col_") and value
        }


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), min_length=5, max_length=300)


class EntryFilterForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("Village"),
        queryset=Region.objects.villages(),
        required=False,
        widget=RegionAutocomplete(),
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=60)

    def clean_q(self) -> str:
        text = str(self.cleaned_data.get("q") or "")
        if sum(c.isdigit() for c in text) >= 6:
            # A number in the address bar ends up in histories and server logs.
            raise forms.ValidationError(_("Find a NIK or KK number with the NIK/KK search."))
        return text


class NumberSearchForm(forms.Form):
    """A NIK or KK search, POSTed so that the number stays out of URLs and server logs."""

    number = forms.CharField(
        label=_("NIK or KK number"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_number(self) -> str:
        digits = normalize(self.cleaned_data["number"])
        if not digits.isdigit() or len(digits) != 16:
            raise forms.ValidationError(_("A NIK or KK number has 16 digits."))
        return digits


class AssignmentForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.villages(), widget=RegionAutocomplete()
    )
    psm = forms.CharField(label=_("PSM (username)"), max_length=150)

    def __init__(self, *args: Any, scope_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _villages(self.fields["village"], scope_code)


class OpenRoundsForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Village or area"),
        queryset=Region.objects.all(),
        widget=RegionAutocomplete(level=None),
    )


class TickForm(forms.Form):
    mark = forms.ChoiceField(choices=Mark.choices)
    reason = forms.CharField(max_length=200, required=False)
    problem = forms.ChoiceField(choices=[("", "—"), *Problem.choices], required=False)
    note = forms.CharField(max_length=200, required=False)
    undo = forms.BooleanField(required=False)
    photo = forms.FileField(required=False)


class BulkTickForm(forms.Form):
    mark = forms.ChoiceField(
        choices=[
            (Mark.CARD, Mark.CARD.label),
            (Mark.CREDITED, Mark.CREDITED.label),
            (Mark.RECEIVED, Mark.RECEIVED.label),
        ]
    )
    entries = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args: Any, entry_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entries"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(str(i), str(i)) for i in entry_ids]


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Complaint.Kind.choices, initial=Complaint.Kind.PENGADUAN
    )
    category = forms.ChoiceField(label=_("What is it about"), choices=Complaint.Category.choices)
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.filter(active=True), required=False
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.villages(), widget=RegionAutocomplete()
    )
    about_name = forms.CharField(
        label=_("Name of the family concerned"), max_length=150, required=False
    )
    description = forms.CharField(
        label=_("What happened"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    complainant_name = forms.CharField(
        label=_("Complainant's name"), max_length=150, required=False
    )
    complainant_phone = forms.CharField(
        label=_("Complainant's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def __init__(
        self,
        *args: Any,
        scope_code: str | None = None,
        villages: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Region.objects.villages().filter(code__in=villages)
            if villages is not None
            else Region.objects.villages().within(scope_code)
        )

    def clean_complainant_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("complainant_phone", ""))
        except InvalidPhone as exc:
            raise forms.ValidationError(_("This is not a valid phone number.")) from exc


class PublicComplaintForm(SpamGuardMixin, ComplaintForm):
    """Anyone may complain; SpamGuardMixin keeps simple bots out."""

    spam_salt = FORM_TOKEN_SALT
    spam_message = _("The complaint could not be accepted.")
    spam_text_fields = ("description",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class TrackingForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=12)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the complainant"),
        min_length=5,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Proposal.Kind.choices)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.villages(), widget=RegionAutocomplete()
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.filter(active=True), required=False
    )
    entry = forms.IntegerField(
        label=_("Family on the list (id)"), required=False, widget=forms.HiddenInput
    )
    head_name = forms.CharField(label=_("Head of the family"), max_length=150, required=False)
    nik = forms.CharField(label=_("NIK"), max_length=32, required=False)
    kk = forms.CharField(label=_("KK number"), max_length=32, required=False)
    address = forms.CharField(label=_("Address"), max_length=1000, required=False)
    field_name = forms.CharField(label=_("Value to correct"), max_length=60, required=False)
    new_value = forms.CharField(label=_("Correct value"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason"), min_length=5, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        villages: list[str] | None = None,
        scope_code: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Region.objects.villages().filter(code__in=villages)
            if villages is not None
            else Region.objects.villages().within(scope_code)
        )


class EvidenceForm(forms.Form):
    evidence_kind = forms.ChoiceField(label=_("Evidence"), choices=Proposal.Evidence.choices)
    evidence_number = forms.CharField(
        label=_("Number of the berita acara or SPTJM"), max_length=100
    )
    evidence_date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    evidence_file = forms.FileField(label=_("Scan (PDF or photo, optional)"), required=False)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class PeriodChoiceForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.select_related("program")
    )
