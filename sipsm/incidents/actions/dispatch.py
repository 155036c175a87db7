"""The call-out: alert the nearest available PSMs with the needed skills, collect answers,
and escalate (wider ring, next candidates, coordinators) when too few accept in time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.core.audit import record_event
from sipsm.core.bulkinsert import db_datetime, insert_rows
from sipsm.core.errors import Conflict, PermissionRefused
from sipsm.incidents.actions.lifecycle import add_event
from sipsm.incidents.links import respond_url_builder
from sipsm.incidents.models import Assignment, Incident, new_reply_code
from sipsm.incidents.nearest import dispatchable, nearest_members
from sipsm.incidents.permissions import can_manage_incident
from sipsm.notifications.outbox import Outgoing, messages_for_member, queue, queue_many

A = Assignment.Status
OPEN_ALERT = [A.ALERTED]
COMMITTED = [A.ACCEPTED, A.ON_SITE, A.DONE]


class _AlertTexts:
    """The call-out texts of one wave, translated once and filled in per PSM."""

    def __init__(self, incident: Incident) -> None:
        self.subject = _("Call-out: %(type)s in %(place)s") % {
            "type": incident.type.name,
            "place": incident.region.name,
        }
        self.body = _(
            "IPSM call-out: %(type)s — %(title)s, %(place)s (%(distance)s from you). "
            "Can you respond? Answer here: %(link)s"
        )
        self.short = _(
            "IPSM: %(type)s at %(place)s (%(distance)s). Can you help? %(link)s "
            "or reply TERIMA %(code)s / TOLAK %(code)s"
        )
        self.values = {
            "type": incident.type.name,
            "title": incident.title,
            "place": incident.region.chain,
        }
        self.short_values = {
            "type": incident.type.name.upper(),
            "place": incident.region.name,
        }

    def for_assignment(
        self, *, distance_km: float | None, reply_code: str, link: str
    ) -> tuple[str, str, str]:
        distance = f"{distance_km:.1f} km" if distance_km is not None else ""
        body = self.body % {**self.values, "distance": distance, "link": link}
        short = self.short % {
            **self.short_values,
            "distance": distance,
            "link": link,
            "code": reply_code,
        }
        return self.subject, body, short


@transaction.atomic
def alert_wave(
    *, incident: Incident, wave: int, radius_km: float, acting_user: User | None = None
) -> int:
    """Alert the next nearest candidates (not yet asked) within `radius_km`."""
    point = incident.point
    if point is None:
        add_event(incident, actor=acting_user, verb="callout_no_location")
        return 0
    if incident.last_wave < wave:
        Incident.objects.filter(pk=incident.pk, last_wave__lt=wave).update(last_wave=wave)
        incident.last_wave = wave
    kind = incident.type
    already = Assignment.objects.filter(incident=incident).values_list("member_id", flat=True)
    candidates = nearest_members(
        lat=point[0],
        lon=point[1],
        limit=kind.callout_size,
        queryset=dispatchable(
            skill_ids=list(kind.skills.values_list("pk", flat=True)),
            exclude_member_ids=list(already),
        ),
        max_radius_km=radius_km,
    )
    if not candidates:
        add_event(
            incident,
            actor=acting_user,
            verb="callout_nobody",
            note=f"wave {wave}, {radius_km:.0f} km",
        )
        # Nobody in this ring: the check at the end of the window widens it (escalate()).
        _schedule_check(incident, wave)
        return 0
    now = timezone.now()
    start_rank = Assignment.objects.filter(incident=incident).count()
    # Written with one executemany: a call-out can alert thousands of PSMs at once.
    alerted_at = db_datetime(now)
    insert_rows(
        Assignment,
        [
            "incident_id",
            "member_id",
            "wave",
            "rank",
            "distance_km",
            "status",
            "reply_code",
            "alerted_at",
        ],
        (
            (
                incident.pk,
                c.member_id,
                wave,
                start_rank + index + 1,
                round(c.distance_km, 3),
                Assignment.Status.ALERTED,
                new_reply_code(),
                alerted_at,
            )
            for index, c in enumerate(candidates)
        ),
    )
    # Read back with each PSM's contacts in one join (no model objects, no list of ids).
    assignments = list(
        Assignment.objects.filter(incident=incident, wave=wave)
        .order_by("rank")
        .values_list(
            "id",
            "member_id",
            "reply_code",
            "distance_km",
            "member__phone",
            "member__email",
            "member__user_id",
        )
    )
    link_for = respond_url_builder()
    outgoing: list[Outgoing] = []
    with translation.override(settings.LANGUAGE_CODE):  # PSMs read Bahasa Indonesia
        texts = _AlertTexts(incident)
    for assignment_id, member_id, reply_code, distance_km, phone, email, user_id in assignments:
        link = link_for(assignment_id, reply_code)
        subject, body, short = texts.for_assignment(
            distance_km=distance_km, reply_code=reply_code, link=link
        )
        outgoing.extend(
            messages_for_member(
                member_id=member_id,
                phone=phone,
                email=email,
                user_id=user_id,
                subject=subject,
                body=body,
                short_body=short,
                link=link,
                category="callout",
                related=incident,
            )
        )
    queue_many(outgoing)
    if incident.first_alert_at is None:
        incident.first_alert_at = now
        incident.save(update_fields=["first_alert_at"])
    add_event(
        incident,
        actor=acting_user,
        verb="alerted",
        note=_("Wave %(wave)d: %(n)d PSMs within %(km).0f km")
        % {"wave": wave, "n": len(assignments), "km": radius_km},
    )
    record_event(
        actor=acting_user,
        verb="incident.callout",
        target=incident,
        region_code=incident.region_id,
        data={"wave": wave, "alerted": len(assignments), "radius_km": radius_km},
    )
    _schedule_check(incident, wave)
    return len(assignments)


def _schedule_check(incident: Incident, wave: int) -> None:
    """Ask the task worker to look at this wave when its answer window ends."""
    from sipsm.incidents.tasks import check_callout

    if not check_callout.get_backend().supports_defer:
        # The immediate backend (tests, TASKS_BACKEND=immediate) cannot wait; escalation then
        # happens only when a coordinator presses "alert more".
        return
    window = incident.type.accept_window_minutes
    run_after = timezone.now() + dt.timedelta(minutes=window)
    transaction.on_commit(
        lambda: check_callout.using(run_after=run_after).enqueue(incident.pk, wave)
    )


@transaction.atomic
def start_callout(*, acting_user: User | None, incident: Incident) -> int:
    if incident.status not in Incident.ACTIVE_STATUSES:
        raise Conflict(_("Only a verified incident can be called out."), code="not_verified")
    return alert_wave(
        incident=incident, wave=1, radius_km=incident.type.search_radius_km, acting_user=acting_user
    )


def _latest_wave(incident: Incident) -> int:
    """The last wave started (`incident` freshly read under its lock); assignments too, for
    incidents called out before `last_wave` was kept."""
    alerted = (
        Assignment.objects.filter(incident=incident)
        .order_by("-wave")
        .values_list("wave", flat=True)
        .first()
    )
    return max(incident.last_wave, alerted or 0)


@transaction.atomic
def alert_next_wave(*, acting_user: User, incident: Incident) -> tuple[int, int]:
    """A coordinator's "alert more PSMs": the next wave, twice as far out as the last one.

    The incident row is locked first, as escalate() does, so that a coordinator's wave and an
    automatic one never pick the same wave number or the same PSMs. Returns (wave, alerted).
    """
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("type", "region")
        .get(pk=incident.pk)
    )
    if not can_manage_incident(acting_user, incident):
        raise PermissionRefused()
    if incident.status not in Incident.ACTIVE_STATUSES:
        raise Conflict(_("Only a verified incident can be called out."), code="not_verified")
    wave = _latest_wave(incident) + 1
    radius = incident.type.search_radius_km * (2 ** (wave - 1))
    alerted = alert_wave(incident=incident, wave=wave, radius_km=radius, acting_user=acting_user)
    record_event(
        actor=acting_user,
        verb="incident.alert_more",
        target=incident,
        region_code=incident.region_id,
        data={"wave": wave, "alerted": alerted, "radius_km": radius},
    )
    return wave, alerted


def coordinators_for(incident: Incident) -> list[User]:
    """The district coordinator (TKSK) and regency coordinator(s) over the incident's place."""
    code = incident.region_id
    district = code[:8] if len(code) >= 8 else None
    regency = code[:5] if len(code) >= 5 else None
    query = Q(pk__in=[])
    if district:
        query |= Q(role=Role.DISTRICT_COORDINATOR, region_id=district)
    if regency:
        query |= Q(role=Role.REGENCY_COORDINATOR, region_id=regency)
    return list(User.objects.filter(query, is_active=True))


@transaction.atomic
def escalate(*, incident_id: int, wave: int) -> str:
    """Called when a wave's answer window ends: stop, or widen the ring and tell coordinators."""
    incident = (
        Incident.objects.select_for_update().select_related("type", "region").get(pk=incident_id)
    )
    if incident.status not in Incident.ACTIVE_STATUSES:
        return "incident no longer active"
    if _latest_wave(incident) > wave:
        return "a later wave is running"
    expired = Assignment.objects.filter(incident=incident, status=A.ALERTED, wave__lte=wave).update(
        status=A.EXPIRED, responded_at=timezone.now()
    )
    committed = Assignment.objects.filter(incident=incident, status__in=COMMITTED).count()
    kind = incident.type
    audit = {"wave": wave, "expired": expired, "committed": committed}
    if committed >= kind.minimum_responders:
        _audit_escalation(incident, {**audit, "outcome": "enough"})
        return "enough responders"
    if wave >= kind.max_waves:
        _notify_coordinators(incident, committed, final=True)
        add_event(incident, actor=None, verb="callout_exhausted", note=f"{committed} responders")
        _audit_escalation(incident, {**audit, "outcome": "exhausted"})
        return "no more waves"
    radius = kind.search_radius_km * (2**wave)
    alerted = alert_wave(incident=incident, wave=wave + 1, radius_km=radius)
    _notify_coordinators(incident, committed, final=False)
    _audit_escalation(incident, {**audit, "outcome": "widened", "alerted": alerted})
    add_event(
        incident,
        actor=None,
        verb="escalated",
        note=_("%(expired)d without answer; %(committed)d responding; wave %(wave)d alerted %(n)d")
        % {"expired": expired, "committed": committed, "wave": wave + 1, "n": alerted},
    )
    return f"wave {wave + 1}"


def _audit_escalation(incident: Incident, data: dict[str, object]) -> None:
    record_event(
        actor=None,
        verb="incident.escalate",
        target=incident,
        region_code=incident.region_id,
        data=data,
    )


def _notify_coordinators(incident: Incident, committed: int, *, final: bool) -> None:
    from django.urls import reverse

    link = settings.SIPSM_BASE_URL + reverse("incidents:detail", args=[incident.pk])
    text = _("Call-out for %(title)s (%(place)s): only %(n)d PSMs responding. %(what)s") % {
        "title": incident.title,
        "place": incident.region.chain,
        "n": committed,
        "what": _("No more automatic waves; please assign people.")
        if final
        else _("The search has been widened."),
    }
    items: list[Outgoing] = []
    for user in coordinators_for(incident):
        items.append(
            Outgoing(
                channel="in_app",
                body=text,
                subject=_("Call-out needs attention"),
                link=link,
                category="escalation",
                user_id=user.pk,
                related=incident,
            )
        )
        if user.email:
            items.append(
                Outgoing(
                    channel="email",
                    to=user.email,
                    body=text,
                    subject=_("Call-out needs attention"),
                    link=link,
                    category="escalation",
                    user_id=user.pk,
                    related=incident,
                )
            )
    queue(items)


@transaction.atomic
def respond_to_alert(*, assignment: Assignment, accept: bool, via: str) -> Assignment:
    """The PSM accepts or declines (one-tap link, SMS reply, or the app)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("incident").get(pk=assignment.pk)
    )
    incident = assignment.incident
    if not incident.is_open:
        raise Conflict(_("This incident is closed."), code="closed")
    if assignment.status not in {A.ALERTED, A.EXPIRED, A.ACCEPTED, A.DECLINED}:
        raise Conflict(_("This call-out can no longer be answered."), code="answered")
    new = A.ACCEPTED if accept else A.DECLINED
    if assignment.status == new:
        return assignment
    now = timezone.now()
    before = assignment.status
    assignment.status = new
    assignment.responded_at = now
    assignment.save(update_fields=["status", "responded_at"])
    if accept and incident.first_accept_at is None:
        incident.first_accept_at = now
        incident.save(update_fields=["first_accept_at"])
    if accept and incident.status == Incident.Status.VERIFIED:
        Incident.objects.filter(pk=incident.pk).update(
            status=Incident.Status.RESPONDING, updated_at=now
        )
        add_event(
            incident,
            actor=None,
            verb="status",
            from_status="verified",
            to_status="responding",
            note=_("First PSM accepted"),
        )
        record_event(
            actor=None,
            verb="incident.responding",
            target=incident,
            region_code=incident.region_id,
            changes={"status": ["verified", "responding"]},
            data={"reason": "first_accept", "assignment": assignment.pk},
        )
    member = assignment.member
    add_event(
        incident,
        actor=member.user,
        verb="accepted" if accept else "declined",
        note=f"{member.full_name} ({via})",
    )
    record_event(
        actor=member.user,
        verb="assignment.accept" if accept else "assignment.decline",
        target=assignment,
        region_code=incident.region_id,
        changes={"status": [before, new]},
        data={"via": via},
    )
    return assignment


@transaction.atomic
def check_in(
    *, assignment: Assignment, lat: float | None = None, lon: float | None = None
) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().select_related("incident").get(pk=assignment.pk)
    )
    if assignment.status != A.ACCEPTED:
        raise Conflict(_("Accept the call-out before checking in."), code="not_accepted")
    now = timezone.now()
    assignment.status = A.ON_SITE
    assignment.checked_in_at = now
    assignment.check_in_lat, assignment.check_in_lon = lat, lon
    assignment.save(update_fields=["status", "checked_in_at", "check_in_lat", "check_in_lon"])
    incident = assignment.incident
    if incident.first_on_site_at is None:
        incident.first_on_site_at = now
        incident.save(update_fields=["first_on_site_at"])
    add_event(
        incident, actor=assignment.member.user, verb="on_site", note=assignment.member.full_name
    )
    record_event(
        actor=assignment.member.user,
        verb="assignment.check_in",
        target=assignment,
        region_code=incident.region_id,
    )
    return assignment


@transaction.atomic
def check_out(*, assignment: Assignment) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().select_related("incident").get(pk=assignment.pk)
    )
    if assignment.status != A.ON_SITE:
        raise Conflict(_("Check in before checking out."), code="not_on_site")
    assignment.status = A.DONE
    assignment.checked_out_at = timezone.now()
    assignment.save(update_fields=["status", "checked_out_at"])
    add_event(
        assignment.incident,
        actor=assignment.member.user,
        verb="checked_out",
        note=assignment.member.full_name,
    )
    record_event(
        actor=assignment.member.user,
        verb="assignment.check_out",
        target=assignment,
        region_code=assignment.incident.region_id,
    )
    return assignment


def cancel_open_alerts(*, incident: Incident, actor: User | None) -> int:
    cancelled = Assignment.objects.filter(incident=incident, status=A.ALERTED).update(
        status=A.CANCELLED, responded_at=timezone.now()
    )
    if cancelled:
        add_event(incident, actor=actor, verb="alerts_cancelled", note=str(cancelled))
    return cancelled
