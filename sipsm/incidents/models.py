"""Incidents (disasters, outbreaks, social disasters, special events), their affected villages,
the timeline of every transition, and the call-out of PSMs (assignments)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import BlindIndexField, EncryptedTextField

if TYPE_CHECKING:
    from sipsm.accounts.models import User

# Tracking codes avoid letters and digits that are easy to confuse on a phone (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


REPLY_DIGITS = "23456789"


def new_reply_code() -> str:
    """Six digits from 2-9 (no 0/1). Eight symbols divide 256, so `byte & 7` is uniform; one
    call to the system's random source per code (a call-out draws thousands at once)."""
    return "".join(REPLY_DIGITS[byte & 7] for byte in secrets.token_bytes(6))


class IncidentCategory(models.TextChoices):
    NATURAL = "natural", _("Natural disaster")
    EPIDEMIC = "epidemic", _("Epidemic / outbreak")
    SOCIAL = "social", _("Social disaster")
    SPECIAL = "special", _("Special event")


class IncidentType(models.Model):
    """Reference list of incident types with the call-out rules of each."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=IncidentCategory.choices)
    keywords = models.CharField(
        _("SMS keywords"),
        max_length=200,
        blank=True,
        help_text=_("Space-separated words that mean this type in a text message."),
    )
    skills = models.ManyToManyField(
        "registry.Skill", verbose_name=_("skills needed"), blank=True, related_name="+"
    )
    callout_size = models.PositiveSmallIntegerField(_("PSMs to alert per wave"), default=5)
    accept_window_minutes = models.PositiveSmallIntegerField(
        _("minutes to wait for acceptances"), default=15
    )
    minimum_responders = models.PositiveSmallIntegerField(
        _("responders wanted before no more waves"), default=3
    )
    max_waves = models.PositiveSmallIntegerField(_("call-out waves"), default=3)
    search_radius_km = models.FloatField(_("first search radius (km)"), default=15.0)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("incident type")
        verbose_name_plural = _("incident types")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")
    EXTREME = "extreme", _("Extreme")
    UNKNOWN = "unknown", _("Unknown")


class Channel(models.TextChoices):
    MEMBER = "member", _("Member (web)")
    STAFF = "staff", _("Coordinator")
    PUBLIC = "public", _("Public form")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    BMKG_CAP = "bmkg_cap", _("BMKG weather warning (CAP)")
    BMKG_QUAKE = "bmkg_quake", _("BMKG earthquake feed")


class IncidentQuerySet(models.QuerySet["Incident"]):
    def visible_to(self, user: User) -> IncidentQuerySet:
        """Incidents located in the user's area, or touching a village of it."""
        scope = getattr(user, "scope_code", None)
        if scope is None:
            return self
        in_scope = Q(region__code=scope) | Q(region__code__startswith=scope + ".")
        touching = Q(areas__village__code__startswith=scope + ".") | Q(areas__village__code=scope)
        ids = self.filter(touching).values("pk")
        # A PSM called out to an incident outside their area sees the incident they answer.
        called = Assignment.objects.filter(member__user=user).values("incident_id")
        return self.filter(in_scope | Q(pk__in=ids) | Q(pk__in=called))

    def open(self) -> IncidentQuerySet:
        return self.filter(status__in=Incident.OPEN_STATUSES)

    def with_counts(self) -> IncidentQuerySet:
        """Annotate `area_count`, `responders` (accepted, on site or done) and `on_site`, each
        a correlated subquery: one query for a whole list, no join blowing up the rows."""
        return self.annotate(
            area_count=_count_of(IncidentArea.objects.all()),
            responders=_count_of(
                Assignment.objects.filter(status__in=["accepted", "on_site", "done"])
            ),
            on_site=_count_of(Assignment.objects.filter(status="on_site")),
        )


def _count_of(rows: models.QuerySet[models.Model]) -> Coalesce:
    counted = (
        rows.filter(incident_id=OuterRef("pk"))
        .order_by()
        .values("incident_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class Incident(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        VERIFIED = "verified", _("Verified")
        RESPONDING = "responding", _("Responding")
        RECOVERY = "recovery", _("Recovery")
        CLOSED = "closed", _("Closed")
        FALSE_ALARM = "false_alarm", _("False alarm")
        STOOD_DOWN = "stood_down", _("Stood down")

    OPEN_STATUSES = ("reported", "verified", "responding", "recovery")
    ACTIVE_STATUSES = ("verified", "responding", "recovery")

    tracking_code = models.CharField(
        _("tracking code"), max_length=12, unique=True, default=new_tracking_code, editable=False
    )
    type = models.ForeignKey(
        IncidentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="incidents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.UNKNOWN
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )
    channel = models.CharField(_("reported through"), max_length=16, choices=Channel.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The village if known, otherwise the smallest region that holds the event."),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    h3_r9 = models.BigIntegerField(null=True, blank=True)
    location_text = models.CharField(_("place description"), max_length=255, blank=True)
    reported_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter_name = models.CharField(_("reporter name"), max_length=150, blank=True)
    reporter_phone = EncryptedTextField(_("reporter phone"), blank=True)
    reporter_phone_index = BlindIndexField(source="reporter_phone", kind="phone")
    photo = models.FileField(_("photo"), upload_to="incidents/", blank=True)
    source_sender = models.CharField(max_length=200, blank=True)
    source_identifier = models.CharField(max_length=200, blank=True)
    source_sent = models.CharField(max_length=40, blank=True)
    source_payload = models.TextField(blank=True)
    expires_at = models.DateTimeField(_("warning expires"), null=True, blank=True)
    magnitude = models.FloatField(_("magnitude"), null=True, blank=True)
    depth_km = models.FloatField(_("depth (km)"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    first_alert_at = models.DateTimeField(_("first alert at"), null=True, blank=True)
    first_accept_at = models.DateTimeField(_("first acceptance at"), null=True, blank=True)
    first_on_site_at = models.DateTimeField(_("first on site at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # The last call-out wave started, even one that found nobody to alert: the next wave
    # searches further out.
    last_wave = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["status", "reported_at"], name="incident_status_time_idx"),
            models.Index(
                fields=["source_sender", "source_identifier", "source_sent"],
                name="incident_source_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_sender", "source_identifier", "source_sent"],
                condition=~Q(source_identifier=""),
                name="incident_unique_source_message",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.tracking_code})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def point(self) -> tuple[float, float] | None:
        if self.lat is not None and self.lon is not None:
            return (self.lat, self.lon)
        if self.region.lat is not None and self.region.lon is not None:
            return (self.region.lat, self.region.lon)
        return None


class IncidentArea(models.Model):
    """A village affected by an incident, and how we know."""

    class Source(models.TextChoices):
        REPORTED = "reported", _("Reported")
        CAP_POLYGON = "cap_polygon", _("CAP polygon")
        CAP_CIRCLE = "cap_circle", _("CAP circle")
        CAP_GEOCODE = "cap_geocode", _("CAP geocode")
        CAP_NAME = "cap_name", _("CAP district name")
        QUAKE_RADIUS = "quake_radius", _("Earthquake felt radius")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="areas")
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["village_id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "village"], name="incident_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.village_id}"


EVENT_LABELS = {
    "reported": _("Reported"),
    "status": _("Status"),
    "alerted": _("PSMs alerted"),
    "accepted": _("Accepted"),
    "declined": _("Declined"),
    "on_site": _("On site"),
    "checked_out": _("Checked out"),
    "escalated": _("Call-out widened"),
    "callout_nobody": _("Nobody available in range"),
    "callout_no_location": _("No location for a call-out"),
    "callout_exhausted": _("No more call-out waves"),
    "alerts_cancelled": _("Open alerts cancelled"),
    "areas_added": _("Affected villages added"),
}


class IncidentEvent(models.Model):
    """The incident's timeline: every transition and call-out step with time and actor."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    verb = models.CharField(max_length=40)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%H:%M} {self.verb}"

    @property
    def label(self) -> str:
        """The event in words: "Status: Verified", "PSMs alerted", ..."""
        if self.verb == "status" or (self.verb == "reported" and self.to_status):
            status = Incident.Status(self.to_status).label if self.to_status else ""
            prefix = EVENT_LABELS.get(self.verb, self.verb)
            return f"{prefix}: {status}"
        return str(EVENT_LABELS.get(self.verb, self.verb))


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def engaged(self) -> AssignmentQuerySet:
        """Assignments that keep a PSM busy (accepted or on site) on an open incident."""
        return self.filter(
            status__in=[Assignment.Status.ACCEPTED, Assignment.Status.ON_SITE],
            incident__status__in=Incident.OPEN_STATUSES,
        )


class Assignment(models.Model):
    """One PSM called out to one incident."""

    class Status(models.TextChoices):
        ALERTED = "alerted", _("Alerted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("No answer")
        ON_SITE = "on_site", _("On site")
        DONE = "done", _("Checked out")
        CANCELLED = "cancelled", _("Cancelled")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, related_name="assignments"
    )
    wave = models.PositiveSmallIntegerField(default=1)
    rank = models.PositiveIntegerField(default=0)
    distance_km = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ALERTED)
    reply_code = models.CharField(max_length=8, default=new_reply_code)
    alerted_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    check_in_lat = models.FloatField(null=True, blank=True)
    check_in_lon = models.FloatField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["incident", "wave", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "member"], name="assignment_unique")
        ]
        indexes = [
            models.Index(fields=["member", "status"], name="assignment_member_status_idx"),
            models.Index(fields=["reply_code"], name="assignment_reply_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}:{self.member_id} {self.status}"
