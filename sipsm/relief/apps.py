from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "sipsm.relief"
    label = "relief"
    verbose_name = _("Needs, people, shelters and relief")
