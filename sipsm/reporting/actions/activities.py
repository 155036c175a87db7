"""Recording, correcting and withdrawing activities, and their photos.

An activity of a village and month can no longer change once the village's monthly report
for that month is submitted or approved; a report returned for correction opens it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.images import clean_photo
from sipsm.people.models import WelfareCategory
from sipsm.regions.models import Region
from sipsm.registry.models import Member
from sipsm.reporting.actions.aggregates import mark_dirty
from sipsm.reporting.models import (
    Activity,
    ActivityBeneficiaryGroup,
    ActivityPhoto,
    ActivityType,
    MonthlyReport,
)
from sipsm.reporting.periods import FIRST_YEAR
from sipsm.reporting.permissions import (
    can_edit_activity,
    can_log_activity,
    can_log_for,
    can_log_in,
)

MAX_PHOTOS = 3
MAX_HOURS = Decimal("200")
MAX_PEOPLE = 100_000
FIELDS = [
    "member",
    "activity_type",
    "program_area",
    "title",
    "description",
    "occurred_on",
    "village",
    "hours",
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_children",
    "beneficiaries_adults",
    "beneficiaries_elderly",
    "partners",
]


@dataclass
class ActivityData:
    """Validated content of an activity (forms and the API build it)."""

    member: Member
    activity_type: ActivityType
    title: str
    occurred_on: dt.date
    village: Region
    hours: Decimal
    beneficiaries_female: int = 0
    beneficiaries_male: int = 0
    beneficiaries_children: int = 0
    beneficiaries_adults: int = 0
    beneficiaries_elderly: int = 0
    ppks: dict[int, int] = field(default_factory=dict)  # WelfareCategory pk -> people
    partners: str = ""
    description: str = ""

    @property
    def beneficiaries(self) -> int:
        return self.beneficiaries_female + self.beneficiaries_male

    @property
    def by_age(self) -> int:
        return self.beneficiaries_children + self.beneficiaries_adults + self.beneficiaries_elderly


def _check(acting_user: User, data: ActivityData) -> None:
    if not can_log_activity(acting_user) or not can_log_for(acting_user, data.member):
        raise PermissionRefused()
    if data.village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village."), field="village")
    if not can_log_in(acting_user, data.village.code):
        raise PermissionRefused(_("The village is outside your area."))
    if not data.activity_type.is_active:
        raise ActionError(_("This activity type is no longer offered."), field="activity_type")
    if not data.title.strip():
        raise ActionError(_("Say in a few words what was done."), field="title")
    if data.occurred_on > timezone.localdate():
        raise ActionError(_("The date is in the future."), field="occurred_on")
    if data.occurred_on.year < FIRST_YEAR:
        raise ActionError(_("The date is too far in the past."), field="occurred_on")
    if not Decimal("0") < data.hours <= MAX_HOURS:
        raise ActionError(_("Give the hours spent (more than 0, at most 200)."), field="hours")
    counts = [
        data.beneficiaries_female,
        data.beneficiaries_male,
        data.beneficiaries_children,
        data.beneficiaries_adults,
        data.beneficiaries_elderly,
        *data.ppks.values(),
    ]
    if any(n < 0 or n > MAX_PEOPLE for n in counts):
        raise ActionError(_("A number of people is out of range."), field="beneficiaries_female")
    if data.by_age and data.by_age != data.beneficiaries:
        raise ActionError(
            _("The people by age group (%(age)d) must add up to the people by sex (%(sex)d).")
            % {"age": data.by_age, "sex": data.beneficiaries},
            field="beneficiaries_children",
        )
    if any(n > data.beneficiaries for n in data.ppks.values()):
        raise ActionError(
            _("A PPKS group cannot have more people than the activity reached."), field="ppks"
        )
    if data.ppks:
        known = WelfareCategory.objects.ppks().filter(pk__in=list(data.ppks)).count()
        if known != len(data.ppks):
            raise ActionError(_("Unknown PPKS group."), field="ppks")


def _check_open(village_code: str, day: dt.date) -> None:
    """Refuse changes to a village and month whose report is submitted or approved."""
    closed = MonthlyReport.objects.filter(
        region_id=village_code,
        year=day.year,
        month=day.month,
        status__in=[MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.APPROVED],
    ).exists()
    if closed:
        raise Conflict(
            _(
                "The monthly report of this village for %(month)s is already submitted; ask "
                "the reviewer to return it for correction first."
            )
            % {"month": day.strftime("%m/%Y")},
            code="report_submitted",
        )


def _apply(activity: Activity, data: ActivityData) -> None:
    activity.member = data.member
    activity.activity_type = data.activity_type
    activity.program_area = data.activity_type.program_area
    activity.title = data.title.strip()[:200]
    activity.description = data.description.strip()[:5000]
    activity.occurred_on = data.occurred_on
    activity.village = data.village
    activity.hours = data.hours.quantize(Decimal("0.1"))
    activity.beneficiaries_female = data.beneficiaries_female
    activity.beneficiaries_male = data.beneficiaries_male
    activity.beneficiaries_children = data.beneficiaries_children
    activity.beneficiaries_adults = data.beneficiaries_adults
    activity.beneficiaries_elderly = data.beneficiaries_elderly
    activity.partners = ", ".join(p.strip()[:100] for p in data.partners.split(",") if p.strip())[
        :300
    ]


def _set_groups(activity: Activity, ppks: dict[int, int]) -> None:
    activity.ppks_groups.all().delete()
    ActivityBeneficiaryGroup.objects.bulk_create(
        [
            ActivityBeneficiaryGroup(activity=activity, category_id=pk, count=n)
            for pk, n in sorted(ppks.items())
            if n > 0
        ]
    )


def _save_photo(acting_user: User, activity: Activity, upload: UploadedFile) -> ActivityPhoto:
    cleaned = clean_photo(upload)
    photo = ActivityPhoto(activity=activity, uploaded_by=acting_user)
    photo.image.save(cleaned.name or "photo.jpg", cleaned, save=False)
    photo.save()
    return photo


@transaction.atomic
def record_activity(
    *, acting_user: User, data: ActivityData, photos: Sequence[UploadedFile] = ()
) -> Activity:
    _check(acting_user, data)
    _check_open(data.village.code, data.occurred_on)
    if len(photos) > MAX_PHOTOS:
        raise ActionError(_("At most 3 photos."), field="photos")
    activity = Activity(recorded_by=acting_user)
    _apply(activity, data)
    activity.save()
    _set_groups(activity, data.ppks)
    for upload in photos:
        _save_photo(acting_user, activity, upload)
    record_event(
        actor=acting_user,
        verb="activity.record",
        target=activity,
        region_code=activity.village_id,
        changes=initial_values(activity, FIELDS),
        data={"ppks": {str(k): v for k, v in data.ppks.items()}, "photos": len(photos)},
    )
    mark_dirty(region_code=activity.village_id, day=activity.occurred_on)
    return activity


def _check_editable(acting_user: User, activity: Activity) -> None:
    if not can_edit_activity(
        acting_user, activity.recorded_by_id, activity.member.user_id, activity.village_id
    ):
        raise PermissionRefused()
    if activity.is_withdrawn:
        raise Conflict(_("This activity was withdrawn."), code="withdrawn")
    _check_open(activity.village_id, activity.occurred_on)


@transaction.atomic
def update_activity(*, acting_user: User, activity: Activity, data: ActivityData) -> Activity:
    activity = Activity.objects.select_for_update().select_related("member").get(pk=activity.pk)
    _check_editable(acting_user, activity)
    _check(acting_user, data)
    _check_open(data.village.code, data.occurred_on)
    before = snapshot(activity, FIELDS)
    old_place = (activity.village_id, activity.occurred_on)
    _apply(activity, data)
    activity.updated_at = timezone.now()
    activity.save()
    old_groups = dict(activity.ppks_groups.values_list("category_id", "count"))
    _set_groups(activity, data.ppks)
    record_event(
        actor=acting_user,
        verb="activity.update",
        target=activity,
        region_code=activity.village_id,
        changes=changes_between(activity, before, snapshot(activity, FIELDS)),
        data={"ppks_before": old_groups, "ppks": data.ppks},
    )
    mark_dirty(region_code=old_place[0], day=old_place[1])
    mark_dirty(region_code=activity.village_id, day=activity.occurred_on)
    return activity


@transaction.atomic
def withdraw_activity(*, acting_user: User, activity: Activity, reason: str) -> Activity:
    """Take an activity out of the figures (it stays in the audit trail)."""
    activity = Activity.objects.select_for_update().select_related("member").get(pk=activity.pk)
    _check_editable(acting_user, activity)
    reason = reason.strip()
    if len(reason) < 3:
        raise ActionError(_("Say why the activity is withdrawn."), field="reason")
    activity.withdrawn_at = timezone.now()
    activity.withdrawn_reason = reason[:300]
    activity.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    record_event(
        actor=acting_user,
        verb="activity.withdraw",
        target=activity,
        region_code=activity.village_id,
        data={"reason": activity.withdrawn_reason},
    )
    mark_dirty(region_code=activity.village_id, day=activity.occurred_on)
    return activity


@transaction.atomic
def add_activity_photo(
    *, acting_user: User, activity: Activity, photo: UploadedFile
) -> ActivityPhoto:
    activity = Activity.objects.select_for_update().select_related("member").get(pk=activity.pk)
    _check_editable(acting_user, activity)
    if activity.photos.count() >= MAX_PHOTOS:
        raise ActionError(_("At most 3 photos."), field="photo")
    saved = _save_photo(acting_user, activity, photo)
    record_event(
        actor=acting_user,
        verb="activity.photo.add",
        target=activity,
        region_code=activity.village_id,
        data={"photo": saved.pk},
    )
    return saved
