from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sipsm.core.models import AuditEvent


@login_not_required
def _admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Staff sign in through the same throttled, MFA-enforcing login as everyone else."""
    target = request.GET.get("next", "/admin/")
    return redirect(f"{reverse('account_login')}?next={target}")


M = TypeVar("M", bound=Model)

admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = "sipsm"


class ViewOnlyAdmin(admin.ModelAdmin[M]):
    """The admin may look, not change: every change of these rows goes through an action
    function (permission check, audit event), which the admin's forms would bypass."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "actor_label", "verb", "object_label", "region_code"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "object_label", "verb"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
