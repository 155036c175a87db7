"""Read-mostly admin views; changes go through the pages and the API (they audit)."""

from __future__ import annotations

from django.contrib import admin

from sipsm.training.models import Course, Enrolment, TrainingSession


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["title", "code", "category", "grants_bimtek_dasar", "is_active"]
    readonly_fields = [f.name for f in Course._meta.fields]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin[TrainingSession]):
    list_display = ["course", "unit", "starts_on", "quota", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in TrainingSession._meta.fields]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ["session", "member", "status", "checked_in_at", "passed"]
    list_filter = ["status", "passed"]
    readonly_fields = [f.name for f in Enrolment._meta.fields]
