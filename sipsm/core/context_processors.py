from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sipsm import __version__


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SIPSM_VERSION": __version__, "SIPSM_DEBUG": settings.DEBUG}
