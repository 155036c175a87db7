"""The router and the helpers shared by the coordination endpoints."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from sipsm.accounts.models import User
from sipsm.core.errors import ActionError
from sipsm.regions import codes
from sipsm.regions.models import Region

router = Router()


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


def region_or_none(code: str | None, field: str) -> Region | None:
    if not code:
        return None
    try:
        dotted = codes.normalize(code)
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field=field) from exc
    region = Region.objects.filter(code=dotted).first()
    if region is None:
        raise ActionError(_("There is no region with this code."), field=field)
    return region


def user_by_name(username: str | None, field: str) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ActionError(_("There is no account with this user name."), field=field)
    return user


def require(condition: bool) -> None:
    if not condition:
        raise Http404
