from __future__ import annotations

from django.contrib import admin

from sipsm.core.admin import ViewOnlyAdmin
from sipsm.registry.models import BoardPosition, BoardTerm, Member, MemberImport, Skill, Unit


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["code", "name", "name_en"]


class BoardPositionInline(admin.TabularInline[BoardPosition, BoardTerm]):
    model = BoardPosition
    raw_id_fields = ["member"]
    extra = 0


@admin.register(BoardTerm)
class BoardTermAdmin(ViewOnlyAdmin[BoardTerm]):
    list_display = ["unit", "start_year", "end_year", "sk_number"]
    raw_id_fields = ["unit"]
    inlines = [BoardPositionInline]


@admin.register(Unit)
class UnitAdmin(ViewOnlyAdmin[Unit]):
    list_display = ["name", "level", "region"]
    list_filter = ["level"]
    search_fields = ["name"]
    raw_id_fields = ["region", "parent"]


@admin.register(Member)
class MemberAdmin(ViewOnlyAdmin[Member]):
    """Staff see the register masked; the NIK is edited through the member pages only."""

    list_display = ["full_name", "kta_number", "status", "stage", "home_village"]
    list_filter = ["status", "stage"]
    search_fields = ["full_name", "kta_number"]
    raw_id_fields = ["home_village", "ktp_village", "user"]
    exclude = ["nik", "nik_index"]
    readonly_fields = ["nik_masked", "verification_token"]


@admin.register(MemberImport)
class MemberImportAdmin(ViewOnlyAdmin[MemberImport]):
    list_display = [
        "filename",
        "created_by",
        "created_at",
        "total_rows",
        "created_count",
        "error_count",
    ]
    readonly_fields = [f.name for f in MemberImport._meta.fields]
