"""Read-mostly admin views. NIK and KK numbers are never shown here (not even masked)."""

from __future__ import annotations

from django.contrib import admin

from sipsm.core.admin import ViewOnlyAdmin
from sipsm.relief.models import AffectedPerson, CapAlert, Household, Need, Relief, Shelter


@admin.register(Need)
class NeedAdmin(ViewOnlyAdmin[Need]):
    list_display = ["incident", "village", "category", "priority", "status", "assessed_at"]
    list_filter = ["category", "status", "priority"]
    raw_id_fields = ["incident", "village", "assessed_by"]


@admin.register(Shelter)
class ShelterAdmin(ViewOnlyAdmin[Shelter]):
    list_display = ["name", "incident", "kind", "village", "capacity", "is_open"]
    list_filter = ["kind", "is_open"]
    raw_id_fields = ["incident", "village", "created_by"]


@admin.register(Household)
class HouseholdAdmin(ViewOnlyAdmin[Household]):
    list_display = ["head_name", "incident", "village", "size"]
    exclude = ["kk", "kk_index"]
    raw_id_fields = ["incident", "village", "duplicate_of", "created_by"]


@admin.register(AffectedPerson)
class AffectedPersonAdmin(ViewOnlyAdmin[AffectedPerson]):
    list_display = ["full_name", "incident", "village", "condition"]
    list_filter = ["condition"]
    exclude = ["nik", "nik_index"]
    raw_id_fields = ["incident", "village", "household", "shelter", "duplicate_of", "created_by"]


@admin.register(Relief)
class ReliefAdmin(ViewOnlyAdmin[Relief]):
    list_display = ["incident", "kind", "quantity", "unit", "given_on"]
    list_filter = ["kind"]
    raw_id_fields = ["incident", "person", "household", "need", "recorded_by"]


@admin.register(CapAlert)
class CapAlertAdmin(ViewOnlyAdmin[CapAlert]):
    list_display = ["identifier", "incident", "msg_type", "status", "sent"]
    readonly_fields = ["xml"]
    raw_id_fields = ["incident", "created_by"]
