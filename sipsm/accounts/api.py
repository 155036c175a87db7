"""The caller's own account in the API."""

from django.http import HttpRequest
from ninja import Router, Schema

from sipsm.accounts.api_auth import api_user
from sipsm.accounts.roles import ROLE_CAPABILITIES

router = Router()


class MeOut(Schema):
    username: str
    role: str
    scope_code: str | None
    scope_label: str
    capabilities: list[str]


@router.get("", response=MeOut, summary="Who am I")
def me(request: HttpRequest) -> dict[str, object]:
    user = api_user(request)
    return {
        "username": user.get_username(),
        "role": user.role,
        "scope_code": user.scope_code,
        "scope_label": user.scope_label(),
        "capabilities": sorted(ROLE_CAPABILITIES.get(user.role, frozenset())),
    }
