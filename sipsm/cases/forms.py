"""Forms of casework: they validate at the edge; the actions check permissions and state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.models import User
from sipsm.cases.actions.work import AssessmentData, NeedData
from sipsm.cases.models import (
    Case,
    CaseNote,
    CaseTask,
    ChildRight,
    Consent,
    Goal,
    NeedDomain,
    NeedLevel,
    ProviderService,
    RightStatus,
    Risk,
    ServiceKind,
    ServiceProvider,
    SpmSetting,
)
from sipsm.cases.rights import DETAILS
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.core.spam import SpamGuardMixin
from sipsm.people.forms import DATE_WIDGET, SearchField, add_legal_basis_field, ppks_choices
from sipsm.people.models import Sex, WelfareCategory
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete

TEXTAREA = forms.Textarea(attrs={"rows": 3})
FORM_TOKEN_SALT = "sipsm.cases.intake"  # noqa: S105  (a signing salt)


class OpenCaseForm(forms.Form):
    """The case part of "open a case" (the person part is a PersonForm or a chosen person)."""

    case_village = forms.ModelChoiceField(
        label=_("Village where the person was found"),
        queryset=Region.objects.villages(),
        widget=RegionAutocomplete(),
    )
    ppks = forms.ModelMultipleChoiceField(
        label=_("PPKS groups"),
        queryset=WelfareCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("How the person was found, and the situation"),
        max_length=5000,
        widget=TEXTAREA,
        help_text=_("Stored encrypted; seen only by the worker and supervisors."),
    )

    def __init__(
        self, *args: Any, scope_code: str | None = None, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["case_village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = Region.objects.villages().within(scope_code)
        groups = self.fields["ppks"]
        assert isinstance(groups, forms.ModelMultipleChoiceField)
        groups.queryset = ppks_choices()
        add_legal_basis_field(self, user)


class CaseSearchForm(forms.Form):
    """A search by case number or name, POSTed so that names stay out of URLs."""

    q = SearchField(label=_("Case number or name"), max_length=150)


class RevealNamesForm(forms.Form):
    reason = forms.CharField(label=_("Reason to export full names"), min_length=5, max_length=300)


class CaseFilterForm(forms.Form):
    """The list's filters, in the query string: nothing that names a person."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Case.Status.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All")), *Case.Stage.choices], required=False
    )
    risk = forms.ChoiceField(
        label=_("Risk"), choices=[("", _("All")), *Risk.choices], required=False
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    warga = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=Risk.choices)
    narrative = forms.CharField(
        label=_("Assessment"), required=False, max_length=5000, widget=TEXTAREA
    )
    spm_group = forms.ChoiceField(
        label=_("SPM group"),
        choices=[("", "—"), *WelfareCategory.SpmGroup.choices],
        required=False,
    )
    spm_setting = forms.ChoiceField(
        label=_("Service given"), choices=[("", "—"), *SpmSetting.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in NeedDomain:
            self.fields[f"need_{domain.value}"] = forms.ChoiceField(
                label=domain.label, choices=NeedLevel.choices, initial=NeedLevel.NONE
            )
            self.fields[f"note_{domain.value}"] = forms.CharField(
                label=_("Note"), required=False, max_length=1000
            )

    def need_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"need_{d.value}"], self[f"note_{d.value}"]) for d in NeedDomain]

    def to_data(self) -> AssessmentData:
        c = self.cleaned_data
        return AssessmentData(
            risk_level=c["risk_level"],
            assessed_on=c["assessed_on"],
            narrative=c.get("narrative", ""),
            needs={
                d.value: NeedData(level=c[f"need_{d.value}"], note=c.get(f"note_{d.value}", ""))
                for d in NeedDomain
            },
            spm_group=c.get("spm_group", ""),
            spm_setting=c.get("spm_setting", ""),
        )


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), max_length=1000)
    domain = forms.ChoiceField(
        label=_("Domain"), choices=[("", "—"), *NeedDomain.choices], required=False
    )


class GoalChoiceField(forms.ModelChoiceField[Goal]):
    def label_from_instance(self, obj: Goal) -> str:
        return str(obj.description)[:80]


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseTask.Kind.choices)
    title = forms.CharField(label=_("What to do"), max_length=500)
    due_on = forms.DateField(label=_("Due on"), widget=DATE_WIDGET)
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none())
    goal = GoalChoiceField(label=_("For the goal"), queryset=Goal.objects.none(), required=False)

    def __init__(self, *args: Any, case: Case, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible = self.fields["responsible"]
        assert isinstance(responsible, forms.ModelChoiceField)
        responsible.queryset = people
        responsible.initial = case.worker_id
        goal = self.fields["goal"]
        assert isinstance(goal, forms.ModelChoiceField)
        goal.queryset = case.goals.filter(status="open")


class ResultForm(forms.Form):
    result = forms.CharField(label=_("Result"), required=False, max_length=5000, widget=TEXTAREA)


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    delivered_on = forms.DateField(
        label=_("Given on"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=TEXTAREA
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseNote.Kind.choices)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    text = forms.CharField(label=_("Note"), max_length=5000, widget=TEXTAREA)


class ConsentForm(forms.Form):
    given_by = forms.ChoiceField(label=_("Given by"), choices=Consent.GivenBy.choices)
    guardian_name = forms.CharField(
        label=_("Name of the parent or guardian"), required=False, max_length=150
    )
    guardian_relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=[("", "—"), *Consent.GuardianRelationship.choices],
        required=False,
    )
    method = forms.ChoiceField(label=_("How"), choices=Consent.Method.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DATE_WIDGET, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ReferralForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Referred to"), queryset=ServiceProvider.objects.none()
    )
    service = forms.ChoiceField(label=_("Service"), choices=ProviderService.choices)
    reason = forms.CharField(
        label=_("Reason for the referral"), required=False, max_length=5000, widget=TEXTAREA
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    override_reason = forms.CharField(
        label=_("Supervisor: reason to refer without consent"),
        required=False,
        max_length=1000,
        help_text=_("Only when consent cannot be obtained (e.g. the child is in danger)."),
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = providers


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer of the provider"),
        choices=[("accept", _("Accepted")), ("reject", _("Rejected"))],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class CompleteReferralForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=5000, widget=TEXTAREA)
    right_status = forms.ChoiceField(
        label=_("Update the child's right"),
        choices=[("", _("Do not change")), *RightStatus.choices],
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class RightForm(forms.Form):
    right = forms.ChoiceField(choices=ChildRight.choices, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=RightStatus.choices)
    as_of = forms.DateField(label=_("As of"), widget=DATE_WIDGET, initial=timezone.localdate)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, right: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", right)
        super().__init__(*args, **kwargs)
        self.fields["right"].initial = right
        for detail in DETAILS[right]:
            field: forms.Field
            if detail.kind == "bool":
                field = forms.NullBooleanField(
                    label=str(detail.label), required=False, widget=forms.NullBooleanSelect
                )
            elif detail.kind == "date":
                field = forms.DateField(label=str(detail.label), required=False, widget=DATE_WIDGET)
            elif detail.kind == "choice":
                field = forms.ChoiceField(
                    label=str(detail.label), choices=[("", "—"), *detail.choices], required=False
                )
            else:
                field = forms.CharField(label=str(detail.label), required=False, max_length=200)
            self.fields[f"detail_{detail.name}"] = field

    def details(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("detail_") and value not in (None, ""):
                values[name.removeprefix("detail_")] = (
                    value.isoformat() if isinstance(value, dt.date) else value
                )
        return values


class BasicNeedsForm(forms.Form):
    met_on = forms.DateField(label=_("Met on"), widget=DATE_WIDGET, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Case.ClosureReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=TEXTAREA)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class UserField(forms.CharField):
    """A user named by username (active users only)."""

    def clean(self, value: Any) -> User | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        user = User.objects.filter(username=text, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with this username."))
        return user


class TransferForm(forms.Form):
    to_worker = UserField(label=_("Username of the new worker"), max_length=150)
    to_village = forms.ModelChoiceField(
        label=_("Village of the case from now on"),
        queryset=Region.objects.villages(),
        widget=RegionAutocomplete(),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ShareForm(forms.Form):
    user = UserField(label=_("Username"), max_length=150)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class SupervisorForm(forms.Form):
    supervisor = UserField(
        label=_("Username of the supervisor"),
        max_length=150,
        required=False,
        help_text=_("Empty: the coordinators above the village supervise."),
    )


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceProvider.Kind.choices)
    psks = forms.ModelChoiceField(
        label=_("PSKS type"), queryset=WelfareCategory.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Located in"), queryset=Region.objects.all(), widget=RegionAutocomplete(level=None)
    )
    coverage = forms.CharField(
        label=_("Serves (region codes)"),
        max_length=2000,
        help_text=_("Codes of the regions served, separated by commas, e.g. 75.01.01, 75.02."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=ProviderService.choices, widget=forms.CheckboxSelectMultiple
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    email = forms.EmailField(label=_("Email"), required=False)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=150)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["psks"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = WelfareCategory.objects.psks()

    def clean_coverage(self) -> list[Region]:
        from sipsm.regions import codes

        found: list[Region] = []
        for raw in str(self.cleaned_data["coverage"]).replace(";", ",").split(","):
            if not raw.strip():
                continue
            try:
                code = codes.normalize(raw)
            except codes.InvalidRegionCode as exc:
                raise forms.ValidationError(
                    _("“%(code)s” is not a region code.") % {"code": raw.strip()}
                ) from exc
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise forms.ValidationError(_("Region %(code)s does not exist.") % {"code": code})
            found.append(region)
        if not found:
            raise forms.ValidationError(_("Give at least one region."))
        return found

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("phone", ""))
        except InvalidPhone as exc:
            raise forms.ValidationError(_("This is not a valid phone number.")) from exc


class IntakeForm(SpamGuardMixin, forms.Form):
    """The public form: anyone may tell the PSMs about a person in need (bots are kept out by
    SpamGuardMixin)."""

    spam_salt = FORM_TOKEN_SALT
    spam_message = _("The report could not be accepted.")
    spam_text_fields = ("description",)

    village = forms.ModelChoiceField(
        label=_("Village where the person is"),
        queryset=Region.objects.villages(),
        widget=RegionAutocomplete(),
    )
    category = forms.ModelChoiceField(
        label=_("What kind of need (if you know)"),
        queryset=WelfareCategory.objects.none(),
        required=False,
    )
    about_name = forms.CharField(
        label=_("Name of the person (if known)"), required=False, max_length=150
    )
    about_sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    about_age = forms.IntegerField(
        label=_("Approximate age"), required=False, min_value=0, max_value=130
    )
    description = forms.CharField(label=_("What did you see?"), max_length=3000, widget=TEXTAREA)
    location_text = forms.CharField(label=_("Where exactly"), required=False, max_length=500)
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=150)
    reporter_phone = forms.CharField(
        label=_("Your phone (so we can call back)"), required=False, max_length=20
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ppks_choices()

    def clean_reporter_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("reporter_phone", ""))
        except InvalidPhone as exc:
            raise forms.ValidationError(_("This is not a valid phone number.")) from exc


class SpmForm(forms.Form):
    regency = forms.ModelChoiceField(
        label=_("Regency/city"),
        queryset=Region.objects.filter(level=Region.Level.REGENCY),
        widget=RegionAutocomplete(level=2),
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)


class RegionForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        widget=RegionAutocomplete(level=None),
        required=False,
    )
