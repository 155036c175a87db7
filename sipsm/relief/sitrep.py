"""The situation report of an incident: counts at the time it is generated, as a page and a
PDF. It is internal, so small counts are shown as they are; it never holds a NIK or KK (free
text is passed through the same 16-digit redaction as the logs)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sipsm.core.logging import redact
from sipsm.incidents.models import Assignment, Incident
from sipsm.relief.models import AffectedPerson, Household, Need, NeedCategory, Relief, Shelter
from sipsm.relief.spm import incident_basic_needs

GAP_STATUSES = (Need.Status.OPEN, Need.Status.PARTLY_MET)
PRIORITY_RANK = {p: i for i, p in enumerate(Need.Priority.values)}


@dataclass
class ShelterLine:
    name: str
    kind: str
    village: str
    is_open: bool
    capacity: int | None
    registered: int
    head_count: int | None
    occupancy: int


@dataclass
class GapLine:
    village: str
    category: str
    priority: str
    status: str
    people_affected: int
    quantity: str
    description: str


@dataclass
class Sitrep:
    incident: Incident
    generated_at: dt.datetime
    villages: int
    people: int
    by_condition: list[tuple[str, str, int]]
    vulnerable: list[tuple[str, int]]
    any_vulnerable: int
    by_sex: list[tuple[str, int]]
    households: int
    household_people: int
    unregistered_household_members: int
    shelters: list[ShelterLine]
    open_shelters: int
    occupancy: int
    capacity: int
    responders: list[tuple[str, str, int]]
    needs: list[dict[str, Any]]
    need_totals: dict[str, int]
    relief: list[dict[str, Any]]
    relief_entries: int
    people_reached: int
    basic_met: int
    basic_needing: int
    gaps: list[GapLine] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the API."""
        return {
            "incident": {
                "id": self.incident.pk,
                "tracking_code": self.incident.tracking_code,
                "title": self.incident.title,
                "type": self.incident.type.code,
                "status": self.incident.status,
                "severity": self.incident.severity,
                "region_code": self.incident.region_id,
            },
            "generated_at": self.generated_at,
            "villages": self.villages,
            "people": {
                "total": self.people,
                "by_condition": {code: n for code, _label, n in self.by_condition},
                "vulnerable": dict(self.vulnerable),
                "any_vulnerable": self.any_vulnerable,
                "by_sex": dict(self.by_sex),
            },
            "households": {
                "total": self.households,
                "people": self.household_people,
                "unregistered_members": self.unregistered_household_members,
            },
            "shelters": {
                "open": self.open_shelters,
                "occupancy": self.occupancy,
                "capacity": self.capacity,
                "sites": [s.__dict__ for s in self.shelters],
            },
            "responders": {code: n for code, _label, n in self.responders},
            "needs": self.needs,
            "need_totals": self.need_totals,
            "relief": {
                "entries": self.relief_entries,
                "people_reached": self.people_reached,
                "by_kind": self.relief,
            },
            "basic_needs": {"met": self.basic_met, "needing": self.basic_needing},
            "gaps": [g.__dict__ for g in self.gaps],
        }


def _quantity(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return f"{text} {unit}".strip()


def build_sitrep(incident: Incident, *, now: dt.datetime | None = None) -> Sitrep:
    generated_at = now or timezone.now()
    people = AffectedPerson.objects.filter(incident=incident, duplicate_of__isnull=True)
    conditions = Counter(dict(people.order_by().values_list("condition").annotate(n=Count("pk"))))
    flags = people.aggregate(
        child=Count("pk", filter=Q(is_child=True)),
        elderly=Count("pk", filter=Q(is_elderly=True)),
        disability=Count("pk", filter=Q(has_disability=True)),
        pregnant=Count("pk", filter=Q(is_pregnant=True)),
        any=Count(
            "pk",
            filter=Q(is_child=True)
            | Q(is_elderly=True)
            | Q(has_disability=True)
            | Q(is_pregnant=True),
        ),
        male=Count("pk", filter=Q(sex="M")),
        female=Count("pk", filter=Q(sex="F")),
        unknown=Count("pk", filter=Q(sex="")),
    )
    households = Household.objects.filter(incident=incident, duplicate_of__isnull=True)
    household_rows = list(
        households.annotate(
            registered=Count("members", filter=Q(members__duplicate_of__isnull=True))
        ).values_list("size", "registered")
    )
    household_people = sum(max(size or 0, registered) for size, registered in household_rows)
    unregistered = sum(max((size or 0) - registered, 0) for size, registered in household_rows)

    shelter_lines: list[ShelterLine] = []
    for shelter in (
        Shelter.objects.filter(incident=incident)
        .select_related("village")
        .annotate(
            registered=Count(
                "occupants",
                filter=Q(occupants__duplicate_of__isnull=True)
                & ~Q(
                    occupants__condition__in=[
                        AffectedPerson.Condition.DECEASED,
                        AffectedPerson.Condition.MISSING,
                    ]
                ),
            )
        )
        .order_by("-is_open", "name")
    ):
        registered = int(shelter.registered)
        shelter_lines.append(
            ShelterLine(
                name=shelter.name,
                kind=shelter.get_kind_display(),
                village=shelter.village.name,
                is_open=shelter.is_open,
                capacity=shelter.capacity,
                registered=registered,
                head_count=shelter.manual_count,
                occupancy=shelter.occupancy(registered) if shelter.is_open else 0,
            )
        )
    open_lines = [s for s in shelter_lines if s.is_open]

    assignment_counts = Counter(
        dict(
            Assignment.objects.filter(incident=incident)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
    )

    need_rows = list(
        Need.objects.filter(incident=incident)
        .order_by()
        .values("category", "status")
        .annotate(n=Count("pk"), people=Sum("people_affected"))
    )
    needs: list[dict[str, Any]] = []
    for code, label in NeedCategory.choices:
        cells = {row["status"]: row for row in need_rows if row["category"] == code}
        if not cells:
            continue
        needs.append(
            {
                "category": code,
                "label": str(label),
                **{status: cells[status]["n"] if status in cells else 0 for status in Need.Status},
                "people_affected": sum(int(c["people"] or 0) for c in cells.values()),
            }
        )
    need_totals = {status: sum(int(row[status]) for row in needs) for status in Need.Status.values}

    relief_rows = list(
        Relief.objects.filter(incident=incident)
        .values("kind", "unit")
        .annotate(n=Count("pk"), quantity=Sum("quantity"))
        .order_by("kind", "unit")
    )
    by_kind: dict[str, dict[str, Any]] = {}
    labels = dict(NeedCategory.choices)
    for row in relief_rows:
        entry = by_kind.setdefault(
            row["kind"],
            {"kind": row["kind"], "label": str(labels[row["kind"]]), "entries": 0, "amounts": []},
        )
        entry["entries"] += row["n"]
        entry["amounts"].append(_quantity(row["quantity"], row["unit"]))
    reached_people = set(
        Relief.objects.filter(incident=incident, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    reached_households = Relief.objects.filter(incident=incident, household__isnull=False)
    reached_people |= set(
        people.filter(household__in=reached_households.values("household_id")).values_list(
            "pk", flat=True
        )
    )
    basic_met, basic_needing = incident_basic_needs(incident)

    gaps = [
        GapLine(
            village=need.village.name,
            category=need.get_category_display(),
            priority=need.get_priority_display(),
            status=need.get_status_display(),
            people_affected=need.people_affected,
            quantity=_quantity(need.quantity, need.unit),
            description=redact(need.description)[:300],
        )
        for need in sorted(
            Need.objects.filter(incident=incident, status__in=GAP_STATUSES).select_related(
                "village"
            ),
            key=lambda n: (PRIORITY_RANK.get(n.priority, 9), n.village_id, n.category),
        )
    ]
    by_sex_counts: dict[str, int] = defaultdict(int)
    by_sex_counts.update(
        {
            str(_("Male")): flags["male"],
            str(_("Female")): flags["female"],
            str(_("Not recorded")): flags["unknown"],
        }
    )
    return Sitrep(
        incident=incident,
        generated_at=generated_at,
        villages=incident.areas.count(),
        people=sum(conditions.values()),
        by_condition=[
            (code, str(label), conditions.get(code, 0))
            for code, label in AffectedPerson.Condition.choices
        ],
        vulnerable=[
            (str(_("Children (under 18)")), flags["child"]),
            (str(_("Elderly (60 or over)")), flags["elderly"]),
            (str(_("People with disabilities")), flags["disability"]),
            (str(_("Pregnant women")), flags["pregnant"]),
        ],
        any_vulnerable=flags["any"],
        by_sex=list(by_sex_counts.items()),
        households=len(household_rows),
        household_people=household_people,
        unregistered_household_members=unregistered,
        shelters=shelter_lines,
        open_shelters=len(open_lines),
        occupancy=sum(s.occupancy for s in open_lines),
        capacity=sum(s.capacity or 0 for s in open_lines),
        responders=[
            (code, str(label), assignment_counts.get(code, 0))
            for code, label in Assignment.Status.choices
        ],
        needs=needs,
        need_totals=need_totals,
        relief=list(by_kind.values()),
        relief_entries=sum(int(row["n"]) for row in relief_rows),
        people_reached=len(reached_people),
        basic_met=basic_met,
        basic_needing=basic_needing,
        gaps=gaps,
    )


# PDF -----------------------------------------------------------------------------------------


def _p(text: object, style: Any) -> Paragraph:
    return Paragraph(escape(redact(str(text))), style)


def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6f4ec")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#aab4bb")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_sitrep_pdf(sitrep: Sitrep) -> bytes:
    incident = sitrep.incident
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Sitrep {incident.tracking_code}",
        author="IPSM",
    )
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Heading1"], styles["Heading2"], styles["BodyText"]
    local = timezone.localtime(sitrep.generated_at)
    story: list[Any] = [
        _p(_("Situation report"), h1),
        _p(f"{incident.title} ({incident.tracking_code})", h2),
        _p(
            _("%(type)s · %(severity)s · %(status)s")
            % {
                "type": incident.type,
                "severity": incident.get_severity_display(),
                "status": incident.get_status_display(),
            },
            body,
        ),
        _p(incident.region.chain, body),
        _p(
            _("Reported %(reported)s · generated %(generated)s")
            % {
                "reported": timezone.localtime(incident.reported_at).strftime("%Y-%m-%d %H:%M"),
                "generated": local.strftime("%Y-%m-%d %H:%M %Z"),
            },
            body,
        ),
        _p(_("Affected villages: %(n)d") % {"n": sitrep.villages}, body),
        Spacer(1, 4 * mm),
        _p(_("Affected people"), h2),
    ]
    rows: list[list[Any]] = [[_("Condition"), _("People")]]
    rows += [[label, n] for _code, label, n in sitrep.by_condition]
    rows.append([_("Total"), sitrep.people])
    story.append(_table(rows, [80 * mm, 30 * mm]))
    story.append(Spacer(1, 3 * mm))
    rows = [[_("Vulnerable groups"), _("People")]]
    rows += [[label, n] for label, n in sitrep.vulnerable]
    rows.append([_("Any vulnerability"), sitrep.any_vulnerable])
    rows += [[label, n] for label, n in sitrep.by_sex]
    story.append(_table(rows, [80 * mm, 30 * mm]))
    story.append(
        _p(
            _(
                "Households: %(h)d (%(p)d people; %(u)d members not registered by name). "
                "Basic needs met: %(met)d of %(needing)d people."
            )
            % {
                "h": sitrep.households,
                "p": sitrep.household_people,
                "u": sitrep.unregistered_household_members,
                "met": sitrep.basic_met,
                "needing": sitrep.basic_needing,
            },
            body,
        )
    )
    story += [Spacer(1, 3 * mm), _p(_("Shelters"), h2)]
    rows = [[_("Site"), _("Village"), _("Open"), _("Capacity"), _("Registered"), _("People")]]
    rows += [
        [
            _p(f"{s.name} ({s.kind})", body),
            s.village,
            _("yes") if s.is_open else _("no"),
            s.capacity if s.capacity is not None else "",
            s.registered,
            s.occupancy,
        ]
        for s in sitrep.shelters
    ]
    rows.append(
        [
            _("Open sites: %(n)d") % {"n": sitrep.open_shelters},
            "",
            "",
            sitrep.capacity,
            "",
            sitrep.occupancy,
        ]
    )
    story.append(_table(rows, [60 * mm, 35 * mm, 15 * mm, 20 * mm, 20 * mm, 20 * mm]))
    story += [Spacer(1, 3 * mm), _p(_("Responders (PSM call-out)"), h2)]
    rows = [[_("Status"), _("PSMs")]]
    rows += [[label, n] for _code, label, n in sitrep.responders]
    story.append(_table(rows, [80 * mm, 30 * mm]))
    story += [Spacer(1, 3 * mm), _p(_("Needs"), h2)]
    rows = [[_("Category"), _("Open"), _("Partly met"), _("Met"), _("People affected")]]
    rows += [
        [n["label"], n["open"], n["partly_met"], n["met"], n["people_affected"]]
        for n in sitrep.needs
    ]
    rows.append(
        [
            _("Total"),
            sitrep.need_totals["open"],
            sitrep.need_totals["partly_met"],
            sitrep.need_totals["met"],
            "",
        ]
    )
    story.append(_table(rows, [60 * mm, 20 * mm, 25 * mm, 20 * mm, 30 * mm]))
    story += [Spacer(1, 3 * mm), _p(_("Relief given"), h2)]
    rows = [[_("Kind"), _("Entries"), _("Amounts")]]
    rows += [[r["label"], r["entries"], _p(", ".join(r["amounts"]), body)] for r in sitrep.relief]
    rows.append(
        [
            _("Total"),
            sitrep.relief_entries,
            _("%(n)d people reached") % {"n": sitrep.people_reached},
        ]
    )
    story.append(_table(rows, [50 * mm, 20 * mm, 110 * mm]))
    story += [Spacer(1, 3 * mm), _p(_("Gaps: needs not met"), h2)]
    if sitrep.gaps:
        rows = [
            [
                _("Priority"),
                _("Village"),
                _("Category"),
                _("Status"),
                _("People"),
                _("Quantity"),
                _("Description"),
            ]
        ]
        rows += [
            [
                g.priority,
                _p(g.village, body),
                g.category,
                g.status,
                g.people_affected,
                g.quantity,
                _p(g.description, body),
            ]
            for g in sitrep.gaps
        ]
        story.append(_table(rows, [18 * mm, 28 * mm, 25 * mm, 20 * mm, 15 * mm, 22 * mm, 52 * mm]))
    else:
        story.append(_p(_("No open needs."), body))
    doc.build(story)
    return buffer.getvalue()
