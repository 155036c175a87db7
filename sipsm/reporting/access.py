"""The only way views, the API and exports obtain activities, monthly reports and the regions
they report on. Activities and reports raise Http404 both when missing and when out of reach,
so an id or a region code reveals nothing; aggregate pages refuse an area outside the user's
own with 403 (the regions themselves are public)."""

from __future__ import annotations

from django.http import Http404

from sipsm.accounts.models import User
from sipsm.core.errors import PermissionRefused
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.reporting.models import Activity, ActivityPhoto, ActivityQuerySet, MonthlyReport
from sipsm.reporting.periods import Period
from sipsm.reporting.permissions import (
    can_edit_activity,
    can_read_report,
    can_see_activities,
    can_see_aggregates_of,
    is_partner,
)

NATIONAL = "nasional"


def activities_for(user: User) -> ActivityQuerySet:
    """Activities the user may list: their area, for PSMs and coordinators."""
    if not can_see_activities(user):
        return Activity.objects.none()
    return Activity.objects.filter(user.scope_q("village__code"))


def access_activity(user: User, activity_id: int) -> Activity:
    if not can_see_activities(user):
        raise Http404
    activity = (
        Activity.objects.select_related(
            "member", "member__home_village", "village", "activity_type", "recorded_by"
        )
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    if not user.covers(activity.village_id):
        raise Http404
    return activity


def access_activity_for_edit(user: User, activity_id: int) -> Activity:
    """An activity the user may correct or withdraw (403 for one they only see)."""
    activity = access_activity(user, activity_id)
    if not can_edit_activity(
        user, activity.recorded_by_id, activity.member.user_id, activity.village_id
    ):
        raise PermissionRefused()
    return activity


def access_photo(activity: Activity, photo_id: int) -> ActivityPhoto:
    photo = ActivityPhoto.objects.filter(pk=photo_id, activity=activity).first()
    if photo is None:
        raise Http404
    return photo


def parse_region_key(key: str) -> str | None:
    """A region as written in a URL: "nasional", or a code (dotted or not). Http404 if
    neither."""
    if key == NATIONAL:
        return None
    try:
        return codes.normalize(key)
    except codes.InvalidRegionCode as exc:
        raise Http404 from exc


def access_report_region(user: User, key: str) -> Region | None:
    """The region of a monthly report page (None: national), if the user may read its
    reports; Http404 otherwise (also for a region that does not exist)."""
    code = parse_region_key(key)
    if not can_read_report(user, code):
        raise Http404
    if code is None:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    return region


def access_report(
    user: User, key: str, period: Period
) -> tuple[Region | None, MonthlyReport | None]:
    """The region and the report row (None while nobody acted on it). A partner reads approved
    reports only."""
    if period.is_year:
        raise Http404
    region = access_report_region(user, key)
    report = (
        MonthlyReport.objects.select_related("submitted_by", "reviewed_by")
        .filter(region=region, year=period.year, month=period.month)
        .first()
    )
    if is_partner(user) and (report is None or report.status != MonthlyReport.Status.APPROVED):
        raise Http404
    return region, report


def access_aggregate_region(user: User, code: str | None) -> Region | None:
    """A region whose aggregates the user may see (None: the country). A code outside the
    user's area is refused (403); an unknown code is 404."""
    region = None
    if code:
        try:
            code = codes.normalize(code)
        except codes.InvalidRegionCode as exc:
            raise Http404 from exc
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404
    if not can_see_aggregates_of(user, code or None):
        raise PermissionRefused()
    return region
