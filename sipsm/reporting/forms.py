"""Forms of reporting: validation at the edge; the actions do the rest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.people.models import WelfareCategory
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete
from sipsm.registry.models import Member
from sipsm.reporting.actions.activities import MAX_PHOTOS, ActivityData
from sipsm.reporting.derived import SOURCE_LABELS
from sipsm.reporting.models import Activity, ActivityType
from sipsm.reporting.periods import BadPeriod, Period
from sipsm.reporting.permissions import own_member

PPKS_ROWS = 3


def _people(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100_000, initial=0)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ActivityForm(forms.Form):
    member = forms.ModelChoiceField(label=_("PSM"), queryset=Member.objects.none())
    activity_type = forms.ModelChoiceField(
        label=_("Type of activity"), queryset=ActivityType.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("What was done"), max_length=200)
    occurred_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Region.objects.none(), to_field_name="code"
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("200"), decimal_places=1
    )
    beneficiaries_female = _people(_("Women and girls reached"))
    beneficiaries_male = _people(_("Men and boys reached"))
    beneficiaries_children = _people(_("Of them children (under 18)"))
    beneficiaries_adults = _people(_("Of them adults (18–59)"))
    beneficiaries_elderly = _people(_("Of them elderly (60 and over)"))
    partners = forms.CharField(
        label=_("Partners"),
        max_length=300,
        required=False,
        help_text=_("Organisations that took part, separated by commas."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: User, with_photos: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        mine = own_member(user)
        member_field = self.fields["member"]
        assert isinstance(member_field, forms.ModelChoiceField)
        if user.role == Role.VILLAGE_PSM:
            member_field.queryset = Member.objects.filter(pk=mine.pk if mine else 0)
            member_field.initial = mine.pk if mine else None
            member_field.widget = forms.HiddenInput()
        else:
            member_field.queryset = (
                Member.objects.active()
                .filter(user.scope_q("home_village__code"))
                .order_by("full_name")
            )
        village_field = self.fields["village"]
        assert isinstance(village_field, forms.ModelChoiceField)
        scope = user.scope_code
        if user.role == Role.VILLAGE_PSM and scope:
            district = codes.parent_of(scope) or scope
            village_field.queryset = Region.objects.filter(parent_id=district).order_by("name")
            village_field.initial = scope
        else:
            village_field.queryset = Region.objects.villages().within(scope)
            village_field.widget = RegionAutocomplete(level=4)
        for i in range(1, PPKS_ROWS + 1):
            self.fields[f"ppks_{i}"] = forms.ModelChoiceField(
                label=_("PPKS group"),
                queryset=WelfareCategory.objects.ppks().valid_on(),
                required=False,
            )
            self.fields[f"ppks_{i}_count"] = forms.IntegerField(
                label=_("People of this group"), required=False, min_value=1, max_value=100_000
            )
        if with_photos:
            self.fields["photos"] = MultiplePhotoField(
                label=_("Photos (at most 3)"), required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ppks: dict[int, int] = {}
        for i in range(1, PPKS_ROWS + 1):
            category = data.get(f"ppks_{i}")
            count = data.get(f"ppks_{i}_count")
            if category is None and not count:
                continue
            if category is None or not count:
                self.add_error(f"ppks_{i}", _("Choose the group and give the number of people."))
                continue
            if category.pk in ppks:
                self.add_error(f"ppks_{i}", _("This group is already listed."))
                continue
            ppks[category.pk] = count
        data["ppks"] = ppks
        if len(data.get("photos") or []) > MAX_PHOTOS:
            self.add_error("photos", _("At most 3 photos."))
        return data

    def to_data(self) -> ActivityData:
        d = self.cleaned_data
        return ActivityData(
            member=d["member"],
            activity_type=d["activity_type"],
            title=d["title"],
            occurred_on=d["occurred_on"],
            village=d["village"],
            hours=d["hours"],
            beneficiaries_female=d["beneficiaries_female"] or 0,
            beneficiaries_male=d["beneficiaries_male"] or 0,
            beneficiaries_children=d["beneficiaries_children"] or 0,
            beneficiaries_adults=d["beneficiaries_adults"] or 0,
            beneficiaries_elderly=d["beneficiaries_elderly"] or 0,
            ppks=d["ppks"],
            partners=d.get("partners") or "",
            description=d.get("description") or "",
        )

    @staticmethod
    def initial_for(activity: Activity) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "member": activity.member_id,
            "activity_type": activity.activity_type_id,
            "title": activity.title,
            "occurred_on": activity.occurred_on,
            "village": activity.village_id,
            "hours": activity.hours,
            "beneficiaries_female": activity.beneficiaries_female,
            "beneficiaries_male": activity.beneficiaries_male,
            "beneficiaries_children": activity.beneficiaries_children,
            "beneficiaries_adults": activity.beneficiaries_adults,
            "beneficiaries_elderly": activity.beneficiaries_elderly,
            "partners": activity.partners,
            "description": activity.description,
        }
        for i, group in enumerate(activity.ppks_groups.all()[:PPKS_ROWS], start=1):
            initial[f"ppks_{i}"] = group.category_id
            initial[f"ppks_{i}_count"] = group.count
        return initial

    def ppks_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"ppks_{i}"], self[f"ppks_{i}_count"]) for i in range(1, PPKS_ROWS + 1)]


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), min_length=3, max_length=300)


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Problems met and follow-up"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs correcting"),
        min_length=3,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=5000)


def period_from(value: str | None, *, default: Period, allow_year: bool = False) -> Period | None:
    """The period of a `periode`/`tahun` query parameter (None when it is not valid)."""
    if not value:
        return default
    try:
        period = Period.parse(value)
    except BadPeriod:
        return None
    if period.is_year and not allow_year:
        return None
    return period


class WorkFilterForm(forms.Form):
    periode = forms.CharField(label=_("Month (YYYY-MM)"), required=False, max_length=7)
    wilayah = forms.CharField(label=_("Region code"), required=False, max_length=13)
    sumber = forms.ChoiceField(
        label=_("Recorded in"),
        required=False,
        choices=[("", _("All"))] + [(k, v) for k, v in SOURCE_LABELS.items()],
    )
    saya = forms.BooleanField(label=_("Only my work"), required=False)

    def clean_periode(self) -> Period:
        period = period_from(self.cleaned_data.get("periode"), default=Period.current_month())
        if period is None:
            raise forms.ValidationError(_("Give a month as YYYY-MM."))
        return period

    def clean_wilayah(self) -> str:
        value = (self.cleaned_data.get("wilayah") or "").strip()
        if not value:
            return ""
        try:
            return codes.normalize(value)
        except codes.InvalidRegionCode as exc:
            raise forms.ValidationError(_("Not a region code.")) from exc
