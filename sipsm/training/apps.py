from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "sipsm.training"
    label = "training"
    verbose_name = _("Capacity building")
