"""Read-only admin views; changes go through the pages, the API and the commands (they audit)."""

from __future__ import annotations

from django.contrib import admin

from sipsm.reporting.models import Activity, ActivityType, MonthlyReport, RegionStat, SpmStat


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin[ActivityType]):
    list_display = ["code", "name", "program_area", "is_active"]
    list_filter = ["program_area", "is_active"]
    readonly_fields = [f.name for f in ActivityType._meta.fields]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ["occurred_on", "title", "program_area", "village", "hours", "withdrawn_at"]
    list_filter = ["program_area"]
    readonly_fields = [f.name for f in Activity._meta.fields]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin[MonthlyReport]):
    list_display = ["region", "year", "month", "level", "status", "submitted_at"]
    list_filter = ["status", "level"]
    readonly_fields = [f.name for f in MonthlyReport._meta.fields]


@admin.register(RegionStat)
class RegionStatAdmin(admin.ModelAdmin[RegionStat]):
    list_display = ["region_code", "year", "month", "members_active", "activities", "refreshed_at"]
    readonly_fields = [f.name for f in RegionStat._meta.fields]


@admin.register(SpmStat)
class SpmStatAdmin(admin.ModelAdmin[SpmStat]):
    list_display = ["region_code", "year", "indicator", "numerator", "denominator"]
    readonly_fields = [f.name for f in SpmStat._meta.fields]
