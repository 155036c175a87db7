"""Who may do what in capacity building (the rules; access.py applies them to requests).

- Everyone signed in (partners included) reads the catalogue and the sessions of their units
  (their own unit, the units above it, and, for coordinators, the units below).
- The catalogue is kept by national, province and regency coordinators.
- A session is run (scheduled, enrolments, QR check-in, assessment) by the coordinators of
  its organising unit.
- A village PSM enrols themselves (through the member record linked to their account);
  coordinators enrol members of their area.
"""

from __future__ import annotations

from sipsm.accounts.models import User
from sipsm.accounts.roles import REGENCY_AND_ABOVE, Role
from sipsm.coordination.permissions import can_read, can_see_unit_row, coordinates
from sipsm.registry.models import Member
from sipsm.training.models import TrainingSession


def can_see_catalogue(user: User) -> bool:
    return can_read(user)


def can_manage_catalogue(user: User) -> bool:
    return user.is_active and user.role in REGENCY_AND_ABOVE


def can_see_session(user: User, session: TrainingSession) -> bool:
    return can_see_unit_row(user, session.region_id)


def can_run_session(user: User, session: TrainingSession) -> bool:
    return coordinates(user, session.region_id)


def own_member(user: User) -> Member | None:
    """The active member record linked to a village PSM's account."""
    if not user.is_active or user.role != Role.VILLAGE_PSM:
        return None
    return Member.objects.active().filter(user=user).select_related("home_village").first()


def can_enrol_self(user: User, session: TrainingSession) -> bool:
    return (
        session.status == TrainingSession.Status.OPEN
        and can_see_session(user, session)
        and own_member(user) is not None
    )
