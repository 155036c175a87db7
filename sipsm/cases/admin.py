"""Admin for the provider directory only. Case files are never shown in the admin: every read
of a case must go through `sipsm.cases.access` (which logs it)."""

from __future__ import annotations

from django.contrib import admin

from sipsm.cases.models import ServiceProvider


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin[ServiceProvider]):
    list_display = ["name", "kind", "region", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    raw_id_fields = ["region", "coverage", "psks"]
