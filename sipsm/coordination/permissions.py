"""Who may do what in coordination (the rules; access.py applies them to requests).

- A unit's announcements, discussion and meetings reach the unit's whole area: every account
  whose region lies inside it. Accounts above the unit (coordinators who oversee it) see them
  too. Government partners read announcements, the knowledge base and meetings, but take no
  part in discussion or consultations.
- Coordinators of a unit (an account of a coordinator role whose area holds the unit) publish
  its announcements, moderate its discussion, and run its meetings.
- Consultations: the PSM who asked; the supervisors (coordinators whose area holds the asker's
  village); and registered consultants: an open one in their area, or one assigned to them.
  Consultants do not see identities unless the asker shared them.
"""

from __future__ import annotations

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS, Role
from sipsm.coordination.models import Article, Consultant, Consultation
from sipsm.coordination.models.scoping import in_audience

PARTICIPANTS = COORDINATORS | {Role.VILLAGE_PSM}
READERS = PARTICIPANTS | {Role.GOVERNMENT_PARTNER}


def can_read(user: User) -> bool:
    return user.is_active and user.role in READERS


def can_participate(user: User) -> bool:
    return user.is_active and user.role in PARTICIPANTS


def coordinates(user: User, region_code: str | None) -> bool:
    """The user coordinates the unit of `region_code` (None: the national unit)."""
    if not user.is_active or user.role not in COORDINATORS:
        return False
    if region_code is None:
        return user.scope_code is None
    return user.covers(region_code)


def can_see_unit_row(user: User, region_code: str | None) -> bool:
    return can_read(user) and in_audience(user, region_code)


def can_join_unit_row(user: User, region_code: str | None) -> bool:
    return can_participate(user) and in_audience(user, region_code)


# Consultations ------------------------------------------------------------------------------


def consultant_profile(user: User) -> Consultant | None:
    if not user.is_active:
        return None
    return Consultant.objects.active().filter(user=user).first()


def is_supervisor(user: User, consultation: Consultation) -> bool:
    return (
        user.is_active
        and user.role in COORDINATORS
        and user.pk != consultation.asker_id
        and user.covers(consultation.region_id)
    )


def can_see_consultation(user: User, consultation: Consultation) -> bool:
    # A government partner is never a party, even if assigned before partners were excluded.
    if not can_participate(user):
        return False
    if consultation.asker_id == user.pk or consultation.assigned_to_id == user.pk:
        return True
    if is_supervisor(user, consultation):
        return True
    profile = consultant_profile(user)
    return (
        profile is not None
        and consultation.route == Consultation.Route.CONSULTANT
        and consultation.status == Consultation.Status.OPEN
        and profile.serves(consultation.region_id)
    )


def sees_identities(user: User, consultation: Consultation) -> bool:
    """The asker and their supervisors see who is concerned; consultants only when shared."""
    return (
        consultation.asker_id == user.pk
        or is_supervisor(user, consultation)
        or consultation.share_identities
    )


def can_take(user: User, consultation: Consultation) -> bool:
    if consultation.status != Consultation.Status.OPEN or consultation.assigned_to_id:
        return False
    if consultation.route == Consultation.Route.SUPERVISOR:
        return is_supervisor(user, consultation)
    profile = consultant_profile(user)
    return profile is not None and profile.serves(consultation.region_id)


def can_assign(user: User, consultation: Consultation) -> bool:
    return consultation.status in {
        Consultation.Status.OPEN,
        Consultation.Status.ASSIGNED,
    } and is_supervisor(user, consultation)


def can_answer(user: User, consultation: Consultation) -> bool:
    return (
        consultation.status == Consultation.Status.ASSIGNED
        and consultation.assigned_to_id == user.pk
        and can_participate(user)
    )


def can_follow_up(user: User, consultation: Consultation) -> bool:
    return consultation.asker_id == user.pk and consultation.status == Consultation.Status.ANSWERED


def can_rate(user: User, consultation: Consultation) -> bool:
    return consultation.asker_id == user.pk and consultation.status in {
        Consultation.Status.ANSWERED,
        Consultation.Status.CLOSED,
    }


def can_publish(user: User, consultation: Consultation) -> bool:
    if consultation.status not in {Consultation.Status.ANSWERED, Consultation.Status.CLOSED}:
        return False
    if consultation.published_article_id is not None:
        return False
    return consultation.assigned_to_id == user.pk or is_supervisor(user, consultation)


def can_register_consultants(user: User) -> bool:
    return user.is_active and user.role in {
        Role.NATIONAL_ADMIN,
        Role.PROVINCE_COORDINATOR,
        Role.REGENCY_COORDINATOR,
    }


# Knowledge base -----------------------------------------------------------------------------

COORDINATOR_KINDS = {
    Article.Kind.GUIDE,
    Article.Kind.REGULATION,
    Article.Kind.TEMPLATE,
}


def can_write_article(user: User, kind: str) -> bool:
    if not can_participate(user):
        return False
    return user.role in COORDINATORS or kind not in COORDINATOR_KINDS


def can_edit_article(user: User, article: Article) -> bool:
    if not can_participate(user):
        return False
    if article.author_id == user.pk:
        return True
    return coordinates(user, article.owner_region_id)
