"""Read-mostly admin views; changes go through the pages and the API (they audit)."""

from __future__ import annotations

from django.contrib import admin

from sipsm.coordination.models import (
    ActionItem,
    Announcement,
    Article,
    Consultant,
    Consultation,
    Meeting,
    Thread,
)


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin[Announcement]):
    list_display = ["title", "unit", "priority", "published_at"]
    list_filter = ["priority"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Announcement._meta.fields]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
    list_display = ["title", "unit", "topic", "post_count", "is_pinned", "is_locked", "is_hidden"]
    list_filter = ["topic"]
    readonly_fields = [f.name for f in Thread._meta.fields]


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin[Consultant]):
    list_display = ["user", "profession", "region", "is_active"]
    readonly_fields = [f.name for f in Consultant._meta.fields]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin[Consultation]):
    list_display = ["pk", "route", "topic", "status", "deadline"]
    list_filter = ["status", "route"]
    # No free text here: the question and identities stay behind the access rules.
    fields = ["route", "topic", "status", "region", "deadline", "created_at", "rating"]
    readonly_fields = ["route", "topic", "status", "region", "deadline", "created_at", "rating"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "kind", "legal_status", "version", "updated_at"]
    list_filter = ["kind", "legal_status"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Article._meta.fields]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["title", "unit", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in Meeting._meta.fields]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin[ActionItem]):
    list_display = ["title", "unit", "due_date", "status", "progress"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ActionItem._meta.fields]
