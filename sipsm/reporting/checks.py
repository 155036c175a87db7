"""System checks of reporting (ids sipsm.reporting.*)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register


@register()
def aid_provider_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from sipsm.reporting.aid import provider_problem

    problem = provider_problem()
    if not problem:
        return []
    return [
        Warning(
            "The aid figures provider cannot be used; reports show no aid figures.",
            hint=problem,
            id="sipsm.reporting.W001",
        )
    ]
