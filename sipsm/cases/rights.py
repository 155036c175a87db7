"""The five rights of a child, the structured facts kept for each, and the current status of
each right in a case (its latest record).

- education: enrolled?, school, grade, dropout risk;
- health: JKN/KIS membership, immunisation complete, last check-up;
- housing and care: living situation, living with family, the LKS/panti caring for the child;
- talents and interests: activities, programmes joined;
- civil registration: birth certificate (akta kelahiran), KIA, NIK, family card (KK).

Details are facts, never numbers or names of the child (the JKN number, for one, is not kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.cases.models import ChildRight, ProviderService, RightRecord, RightStatus


@dataclass(frozen=True)
class Detail:
    name: str
    label: str | Promise
    kind: str  # "bool", "text", "date", or "choice"
    choices: tuple[tuple[str, str | Promise], ...] = ()


DROPOUT_RISK = (
    ("none", _("None")),
    ("low", _("Low")),
    ("medium", _("Medium")),
    ("high", _("High")),
)
LIVING = (
    ("parents", _("With parents")),
    ("relatives", _("With relatives")),
    ("foster", _("Foster family")),
    ("institution", _("In an LKS or panti")),
    ("street", _("On the street")),
    ("alone", _("Alone")),
    ("other", _("Other")),
)

DETAILS: dict[str, tuple[Detail, ...]] = {
    ChildRight.EDUCATION: (
        Detail("enrolled", _("Enrolled in school"), "bool"),
        Detail("school", _("School"), "text"),
        Detail("grade", _("Grade"), "text"),
        Detail("dropout_risk", _("Dropout risk"), "choice", DROPOUT_RISK),
    ),
    ChildRight.HEALTH: (
        Detail("jkn_kis", _("Member of JKN/KIS"), "bool"),
        Detail("immunisation_complete", _("Immunisation complete"), "bool"),
        Detail("last_check", _("Last health check"), "date"),
    ),
    ChildRight.HOUSING: (
        Detail("living_situation", _("Living situation"), "choice", LIVING),
        Detail("with_family", _("Lives with family"), "bool"),
        Detail("institution", _("LKS or panti"), "text"),
    ),
    ChildRight.TALENTS: (
        Detail("activities", _("Talents and activities"), "text"),
        Detail("programs", _("Programmes joined"), "text"),
    ),
    ChildRight.CIVIL_REGISTRATION: (
        Detail("birth_certificate", _("Birth certificate (akta kelahiran)"), "bool"),
        Detail("kia", _("Child identity card (KIA)"), "bool"),
        Detail("nik", _("Has a NIK"), "bool"),
        Detail("family_card", _("On a family card (KK)"), "bool"),
    ),
}

# The right a completed referral for a service serves.
SERVICE_RIGHT = {
    ProviderService.EDUCATION: ChildRight.EDUCATION,
    ProviderService.HEALTH: ChildRight.HEALTH,
    ProviderService.HOUSING_CARE: ChildRight.HOUSING,
    ProviderService.TALENTS: ChildRight.TALENTS,
    ProviderService.CIVIL_REGISTRATION: ChildRight.CIVIL_REGISTRATION,
}


class InvalidDetails(ValueError):
    """A fact of a right that cannot be kept; `message` is for the user (translated)."""

    def __init__(self, name: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.name = name
        self.message = message


def clean_details(right: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Keep the known facts of a right, as JSON values; raise InvalidDetails otherwise."""
    cleaned: dict[str, Any] = {}
    known = {d.name: d for d in DETAILS[right]}
    for name in raw:
        if name not in known:
            raise InvalidDetails(name, _("Unknown detail “%(name)s”.") % {"name": name})
    for name, detail in known.items():
        value = raw.get(name)
        if value in (None, ""):
            continue
        if detail.kind == "bool":
            if not isinstance(value, bool):
                raise InvalidDetails(name, _("Answer yes or no."))
            cleaned[name] = value
        elif detail.kind == "date":
            if isinstance(value, dt.date):
                value = value.isoformat()
            try:
                dt.date.fromisoformat(str(value))
            except ValueError as exc:
                raise InvalidDetails(name, _("Give a date (YYYY-MM-DD).")) from exc
            cleaned[name] = str(value)
        elif detail.kind == "choice":
            if value not in {code for code, _label in detail.choices}:
                raise InvalidDetails(name, _("Choose one of the options."))
            cleaned[name] = value
        else:
            cleaned[name] = str(value).strip()[:200]
    return cleaned


def detail_rows(right: str, details: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, shown value) of the facts recorded, for pages."""
    rows: list[tuple[str, str]] = []
    for detail in DETAILS[right]:
        if detail.name not in details:
            continue
        value = details[detail.name]
        if detail.kind == "bool":
            shown = str(_("yes") if value else _("no"))
        elif detail.kind == "choice":
            shown = str(dict(detail.choices).get(value, value))
        else:
            shown = str(value)
        rows.append((str(detail.label), shown))
    return rows


@dataclass(frozen=True)
class RightState:
    right: str
    label: str
    status: str
    record: RightRecord | None

    @property
    def status_label(self) -> str:
        return str(RightStatus(self.status).label)

    @property
    def css(self) -> str:
        return {"met": "active", "in_progress": "candidate"}.get(self.status, "rejected")


def current_rights(records: list[RightRecord]) -> list[RightState]:
    """The five rights at a glance: each one's latest record, or "not met" without one.

    `records` are the case's records in any order."""
    latest: dict[str, RightRecord] = {}
    for record in records:
        seen = latest.get(record.right)
        if seen is None or (record.as_of, record.pk) > (seen.as_of, seen.pk):
            latest[record.right] = record
    states = []
    for right in ChildRight:
        current = latest.get(right.value)
        states.append(
            RightState(
                right=right.value,
                label=str(right.label),
                status=current.status if current else RightStatus.NOT_MET.value,
                record=current,
            )
        )
    return states
