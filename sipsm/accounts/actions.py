"""State changes of accounts. Every function is keyword-only, atomic and audited."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import ApiToken, User, hash_token
from sipsm.accounts.roles import ROLE_REGION_LEVEL, Capability, Role
from sipsm.core.audit import changes_between, record_event, snapshot
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.regions.models import Region

TOKEN_PREFIX = "sipsm_"  # noqa: S105  (a public prefix, not a secret)


def _role_rank(role: str) -> int:
    order = [
        Role.NATIONAL_ADMIN,
        Role.PROVINCE_COORDINATOR,
        Role.REGENCY_COORDINATOR,
        Role.DISTRICT_COORDINATOR,
        Role.VILLAGE_PSM,
        Role.GOVERNMENT_PARTNER,
    ]
    return order.index(Role(role))


def _check_role_region(role: str, region: Region | None) -> None:
    level = ROLE_REGION_LEVEL.get(role)
    if role == Role.NATIONAL_ADMIN:
        if region is not None:
            raise ActionError(_("A national administrator has no region."), field="region")
        return
    if role == Role.GOVERNMENT_PARTNER:
        return
    if region is None or region.level != level:
        raise ActionError(
            _("This role needs a region of level %(level)s.") % {"level": level}, field="region"
        )


def _check_may_manage(acting_user: User, role: str, region: Region | None) -> None:
    if not acting_user.can(Capability.MANAGE_USERS):
        raise PermissionRefused()
    if acting_user.role != Role.NATIONAL_ADMIN and _role_rank(role) <= _role_rank(acting_user.role):
        raise PermissionRefused(_("You can only create accounts below your own level."))
    if not acting_user.covers(region.code if region else None):
        raise PermissionRefused(_("The region is outside your area."))


@transaction.atomic
def create_account(
    *,
    acting_user: User | None,
    username: str,
    role: str,
    region: Region | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    mfa_exempt: bool = False,
    member_kta: str = "",
) -> User:
    """Create an account, tied to a member record when `member_kta` is given (both or
    neither). `acting_user=None` is the command line (a superuser's shell)."""
    _check_role_region(role, region)
    if acting_user is not None:
        _check_may_manage(acting_user, role, region)
        if mfa_exempt:
            raise PermissionRefused(_("Only demo data may create MFA-exempt accounts."))
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(_("This username is taken."), field="username", code="duplicate")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        region=region,
        mfa_exempt=mfa_exempt,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_event(
        actor=acting_user,
        verb="account.create",
        target=user,
        region_code=region.code if region else "",
        changes={"role": [None, role], "region": [None, region.code if region else None]},
    )
    if member_kta:
        _link_member(acting_user=acting_user, user=user, kta_number=member_kta)
    return user


@transaction.atomic
def change_account_scope(
    *, acting_user: User, user: User, role: str, region: Region | None
) -> User:
    """Move an account to another role or region; the next request already sees the change."""
    _check_role_region(role, region)
    _check_may_manage(acting_user, role, region)
    _check_may_manage(acting_user, user.role, user.region)
    before = snapshot(user, ["role", "region"])
    user.role = role
    user.region = region
    user.save(update_fields=["role", "region"])
    record_event(
        actor=acting_user,
        verb="account.change_scope",
        target=user,
        region_code=region.code if region else "",
        changes=changes_between(user, before, snapshot(user, ["role", "region"])),
    )
    return user


@transaction.atomic
def deactivate_account(*, acting_user: User, user: User) -> User:
    _check_may_manage(acting_user, user.role, user.region)
    user.is_active = False
    user.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record_event(
        actor=acting_user,
        verb="account.deactivate",
        target=user,
        region_code=user.region_id or "",
    )
    return user


@transaction.atomic
def issue_api_token(*, acting_user: User, name: str, days: int = 30) -> tuple[ApiToken, str]:
    """Create a token for the acting user's own machines. The secret is shown only once."""
    if not 1 <= days <= settings.SIPSM_API_TOKEN_MAX_DAYS:
        raise ActionError(
            _("A token lives between 1 and %(n)d days.") % {"n": settings.SIPSM_API_TOKEN_MAX_DAYS},
            field="days",
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=acting_user,
        name=name.strip()[:100] or "token",
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        token_hash=hash_token(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    record_event(actor=acting_user, verb="api_token.issue", target=token, data={"days": days})
    return token, secret


@transaction.atomic
def revoke_api_token(*, acting_user: User, token: ApiToken) -> ApiToken:
    if token.user_id != acting_user.pk and not acting_user.can(Capability.MANAGE_USERS):
        raise PermissionRefused()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor=acting_user, verb="api_token.revoke", target=token)
    return token


@transaction.atomic
def link_member(*, acting_user: User, user: User, kta_number: str) -> None:
    """Tie a PSM account to their member record (their call-outs and availability)."""
    if not acting_user.can(Capability.MANAGE_USERS) or not acting_user.covers(user.region_id):
        raise PermissionRefused()
    _link_member(acting_user=acting_user, user=user, kta_number=kta_number)


def _link_member(*, acting_user: User | None, user: User, kta_number: str) -> None:
    from sipsm.registry.models import Member

    member = Member.objects.filter(kta_number__iexact=kta_number.strip()).first()
    if member is None or (
        acting_user is not None and not acting_user.covers(member.home_village_id)
    ):
        raise ActionError(_("No member with this KTA number in your area."), field="member_kta")
    if member.user_id is not None and member.user_id != user.pk:
        raise ActionError(_("This member already has an account."), field="member_kta")
    member.user = user
    member.save(update_fields=["user"])
    record_event(
        actor=acting_user,
        verb="account.link_member",
        target=user,
        region_code=member.home_village_id,
        data={"member": member.pk},
    )
