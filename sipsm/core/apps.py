from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sipsm.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from sipsm.core import checks  # noqa: F401  (registers system checks)
