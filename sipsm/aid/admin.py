"""Admin for programs and periods only. Lists, complaints and proposals hold personal data and
are read through `sipsm.aid.access` (scoped, and audited where it matters)."""

from __future__ import annotations

from django.contrib import admin

from sipsm.aid.models import Period, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["name", "code", "scheme", "kind", "channel", "cadence", "amount", "active"]
    list_filter = ["scheme", "kind", "active"]
    search_fields = ["name", "code"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin[Period]):
    list_display = ["program", "label", "starts_on", "ends_on", "amount", "status"]
    list_filter = ["program", "status"]
