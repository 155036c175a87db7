"""Work recorded elsewhere, shown as activities without being typed (or copied) again.

Each source is read where it lives, in one query:
- incident responses: call-outs a PSM accepted, was on site for, or completed;
- case work: services given, follow-ups done, home visits and contacts (no person or case is
  named: only what kind of work, where and when);
- trainings attended (checked in at a session);
- aid distribution: the PSM's ticks per village and day, from the aid provider.
Together with the typed activities they make the list of a PSM's (or an area's) concrete work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.models import User
from sipsm.regions.models import Region
from sipsm.registry.models import Member
from sipsm.reporting import figures as fig
from sipsm.reporting.aid import aid_provider
from sipsm.reporting.models import Activity, ProgramArea
from sipsm.reporting.periods import Period


class Source:
    ACTIVITY = "activity"
    INCIDENT = "incident"
    CASE = "case"
    TRAINING = "training"
    DISTRIBUTION = "distribution"


SOURCE_LABELS: dict[str, str | Promise] = {
    Source.ACTIVITY: _("Activity log"),
    Source.INCIDENT: _("Incident response"),
    Source.CASE: _("Case work"),
    Source.TRAINING: _("Training attended"),
    Source.DISTRIBUTION: _("Aid distribution"),
}
SOURCE_AREAS = {
    Source.INCIDENT: ProgramArea.BASIC_NEEDS,
    Source.CASE: ProgramArea.BASIC_NEEDS,
    Source.TRAINING: ProgramArea.CAPACITY,
    Source.DISTRIBUTION: ProgramArea.GOVERNMENT_PROGRAMS,
}
CASE_KIND_LABELS: dict[str, str | Promise] = {
    "service": _("Service given"),
    "follow_up": _("Follow-up done"),
    "visit": _("Home visit"),
    "contact": _("Contact"),
}


@dataclass
class WorkRow:
    source: str
    on: dt.date
    village_code: str
    member_name: str
    program_area: str
    label: str
    hours: float | None = None
    beneficiaries: int | None = None
    activity: Activity | None = None
    village_name: str = ""
    url: str = ""

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])

    @property
    def area_label(self) -> str:
        return str(ProgramArea(self.program_area).label)


def _local_date(value: dt.datetime | None) -> dt.date:
    return timezone.localtime(value).date() if value is not None else timezone.localdate()


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    member = getattr(user, "member", None)
    return member.full_name if member is not None else user.get_username()


def _activities(
    prefix: str | None, period: Period, member: Member | None, limit: int
) -> list[WorkRow]:
    queryset = (
        Activity.objects.current()
        .in_region(prefix)
        .between(period.start, period.end)
        .select_related("member", "activity_type")
        .order_by("-occurred_on", "-id")
    )
    if member is not None:
        queryset = queryset.filter(member=member)
    return [
        WorkRow(
            source=Source.ACTIVITY,
            on=a.occurred_on,
            village_code=a.village_id,
            member_name=a.member.full_name,
            program_area=a.program_area,
            label=f"{a.activity_type}: {a.title}",
            hours=float(a.hours),
            beneficiaries=a.beneficiaries,
            activity=a,
            url=f"/kerja-nyata/{a.pk}/",
        )
        for a in queryset[:limit]
    ]


def _responses(
    prefix: str | None, period: Period, member: Member | None, limit: int
) -> list[WorkRow]:
    queryset = fig.responses_queryset(prefix, period).select_related(
        "incident", "incident__type", "member"
    )
    if member is not None:
        queryset = queryset.filter(member=member)
    rows = []
    for a in queryset.order_by("-at")[:limit]:
        hours = None
        if a.checked_in_at is not None and a.checked_out_at is not None:
            seconds = (a.checked_out_at - a.checked_in_at).total_seconds()
            hours = round(min(max(seconds / 3600, 0.0), fig.MAX_ON_SITE_HOURS), 1)
        rows.append(
            WorkRow(
                source=Source.INCIDENT,
                on=_local_date(a.at),
                village_code=a.place,
                member_name=a.member.full_name,
                program_area=SOURCE_AREAS[Source.INCIDENT],
                label=f"{a.incident.type}: {a.incident.title} ({a.get_status_display()})",
                hours=hours,
                url=f"/kejadian/{a.incident_id}/",
            )
        )
    return rows


def _case_work(prefix: str | None, period: Period, user: User | None, limit: int) -> list[WorkRow]:
    services, follow_ups, notes = fig.case_work_querysets(prefix, period)
    if user is not None:
        services = services.filter(recorded_by=user)
        follow_ups = follow_ups.filter(completed_by=user)
        notes = notes.filter(written_by=user)
    rows: list[WorkRow] = []
    for s in services.select_related("case", "recorded_by__member").order_by("-delivered_on")[
        :limit
    ]:
        rows.append(
            _case_row(
                s.delivered_on, s.case.village_id, s.recorded_by, "service", s.get_kind_display()
            )
        )
    for t in follow_ups.select_related("case", "completed_by__member").order_by("-completed_at")[
        :limit
    ]:
        rows.append(
            _case_row(_local_date(t.completed_at), t.case.village_id, t.completed_by, "follow_up")
        )
    for n in notes.select_related("case", "written_by__member").order_by("-on")[:limit]:
        rows.append(_case_row(n.on, n.case.village_id, n.written_by, n.kind))
    return rows


def _case_row(on: dt.date, village: str, user: User | None, kind: str, detail: str = "") -> WorkRow:
    label = str(CASE_KIND_LABELS[kind])
    return WorkRow(
        source=Source.CASE,
        on=on,
        village_code=village,
        member_name=_user_name(user),
        program_area=SOURCE_AREAS[Source.CASE],
        label=f"{label}: {detail}" if detail else label,
        beneficiaries=1,
    )


def _trainings(
    prefix: str | None, period: Period, member: Member | None, limit: int
) -> list[WorkRow]:
    queryset = fig.trainings_queryset(prefix, period).select_related("session__course", "member")
    if member is not None:
        queryset = queryset.filter(member=member)
    return [
        WorkRow(
            source=Source.TRAINING,
            on=_local_date(e.checked_in_at),
            village_code=e.member.home_village_id,
            member_name=e.member.full_name,
            program_area=SOURCE_AREAS[Source.TRAINING],
            label=e.session.course.title + (" ✓" if e.passed else ""),
            hours=float(e.session.course.hours),
            url=f"/pelatihan/sesi/{e.session_id}/",
        )
        for e in queryset.order_by("-checked_in_at")[:limit]
    ]


def _distribution(
    prefix: str | None, period: Period, user: User | None, limit: int
) -> list[WorkRow]:
    work = aid_provider().tick_work(
        prefix=prefix,
        start=period.start,
        end=period.end,
        user_id=user.pk if user is not None else None,
        limit=limit,
    )
    if not work:
        return []
    user_ids = {w.user_id for w in work if w.user_id}
    names = dict(Member.objects.filter(user_id__in=user_ids).values_list("user_id", "full_name"))
    missing = user_ids - set(names)
    if missing:
        names.update(User.objects.filter(pk__in=missing).values_list("pk", "username"))
    return [
        WorkRow(
            source=Source.DISTRIBUTION,
            on=w.on,
            village_code=w.village_code,
            member_name=names.get(w.user_id or 0, ""),
            program_area=SOURCE_AREAS[Source.DISTRIBUTION],
            label=f"{w.label}: {w.ticks}",
            beneficiaries=w.ticks,
        )
        for w in work
    ]


def work_rows(
    *,
    prefix: str | None,
    period: Period,
    member: Member | None = None,
    user: User | None = None,
    sources: set[str] | None = None,
    limit: int = 300,
) -> list[WorkRow]:
    """Concrete work of an area (or of one PSM: `member`, and `user` for case work done from
    their account) in a period, newest first, at most `limit` rows of each source."""
    wanted = sources or set(SOURCE_LABELS)
    rows: list[WorkRow] = []
    if Source.ACTIVITY in wanted:
        rows += _activities(prefix, period, member, limit)
    if Source.INCIDENT in wanted:
        rows += _responses(prefix, period, member, limit)
    if Source.CASE in wanted and (member is None or user is not None):
        rows += _case_work(prefix, period, user, limit)
    if Source.TRAINING in wanted:
        rows += _trainings(prefix, period, member, limit)
    if Source.DISTRIBUTION in wanted and (member is None or user is not None):
        rows += _distribution(prefix, period, user if member is not None else None, limit)
    if rows:  # one query for every source's villages
        codes = {r.village_code for r in rows}
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        for row in rows:
            row.village_name = names.get(row.village_code, row.village_code)
    rows.sort(key=lambda r: (r.on, r.source), reverse=True)
    return rows


def totals_by_source(rows: list[WorkRow]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = result.setdefault(
            row.source, {"n": 0, "hours": Decimal("0"), "label": row.source_label}
        )
        entry["n"] += 1
        if row.hours:
            entry["hours"] += Decimal(str(row.hours))
    return result
