from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "sipsm.reporting"
    label = "reporting"
    verbose_name = _("Concrete work and reporting")

    def ready(self) -> None:
        from sipsm.reporting import checks  # noqa: F401  (registers the system checks)
