"""Admin for the reference lists only. People and households are changed through the
actions (audited), never in the admin."""

from __future__ import annotations

from django.contrib import admin

from sipsm.people.models import ReferenceList, WelfareCategory


class WelfareCategoryInline(admin.TabularInline[WelfareCategory, ReferenceList]):
    model = WelfareCategory
    extra = 0
    fields = ["number", "code", "name", "abbreviation", "for_children", "sensitive", "spm_group"]


@admin.register(ReferenceList)
class ReferenceListAdmin(admin.ModelAdmin[ReferenceList]):
    list_display = ["name", "kind", "valid_from", "valid_until"]
    list_filter = ["kind"]
    inlines = [WelfareCategoryInline]
