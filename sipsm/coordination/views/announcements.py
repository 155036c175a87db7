"""Announcements: list with the unread counter, publish, read (receipt), who has read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.accounts.models import User
from sipsm.coordination.access import access_announcement, access_attachment
from sipsm.coordination.actions import announcements as announcement_actions
from sipsm.coordination.forms import AnnouncementForm
from sipsm.coordination.models import Announcement, AnnouncementRead, Priority
from sipsm.coordination.permissions import can_read, coordinates
from sipsm.coordination.views.common import PAGE_SIZE, download, form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


def unread_announcements(user: User) -> int:
    if not can_read(user):
        return 0
    today = timezone.localdate()
    return (
        Announcement.objects.unread_by(user)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .count()
    )


@require_GET
def announcement_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_read(user):
        raise Http404
    announcements = (
        Announcement.objects.visible_to(user)
        .with_read_flag(user)
        .select_related("unit", "author")
        .order_by("-published_at", "-id")
    )
    priority = request.GET.get("prioritas", "")
    if priority in Priority.values:
        announcements = announcements.filter(priority=priority)
    only_unread = request.GET.get("belum") == "1"
    if only_unread:
        announcements = announcements.exclude(reads__user=user)
    page = Paginator(announcements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/announcements/list.html",
        {
            "page_obj": page,
            "unread": unread_announcements(user),
            "priority": priority,
            "priorities": Priority.choices,
            "only_unread": only_unread,
            "can_publish": coordinates(user, user.scope_code),
        },
    )


@require_GET
def announcement_counter(request: AuthenticatedRequest) -> HttpResponse:
    """The unread counter (htmx polls this for the menu)."""
    return render(
        request,
        "coordination/announcements/_counter.html",
        {"unread": unread_announcements(request.user)},
    )


@require_http_methods(["GET", "POST"])
def announcement_create(request: AuthenticatedRequest) -> HttpResponse:
    if not coordinates(request.user, request.user.scope_code):
        raise PermissionRefused()
    form = AnnouncementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = announcement_actions.publish_announcement(
                acting_user=request.user, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Announcement published."))
            return redirect("coordination:announcement_detail", announcement.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": _("New announcement"), "submit": _("Publish")},
        status=400 if form.errors else 200,
    )


@require_GET
def announcement_detail(request: AuthenticatedRequest, announcement_id: int) -> HttpResponse:
    announcement = access_announcement(request.user, announcement_id)
    announcement_actions.mark_announcement_read(acting_user=request.user, announcement=announcement)
    can_see_receipts = coordinates(request.user, announcement.region_id)
    return render(
        request,
        "coordination/announcements/detail.html",
        {
            "announcement": announcement,
            "attachments": list(announcement.attachments.all()),
            "can_see_receipts": can_see_receipts,
            "read_count": announcement.reads.count() if can_see_receipts else None,
        },
    )


@require_GET
def announcement_receipts(request: AuthenticatedRequest, announcement_id: int) -> HttpResponse:
    announcement = access_announcement(request.user, announcement_id)
    if not coordinates(request.user, announcement.region_id):
        raise PermissionRefused()
    reads = AnnouncementRead.objects.filter(announcement=announcement).select_related(
        "user", "user__region"
    )
    page = Paginator(reads.order_by("read_at", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/announcements/receipts.html",
        {"announcement": announcement, "page_obj": page, "read_count": reads.count()},
    )


@require_GET
def attachment_download(request: AuthenticatedRequest, attachment_id: int) -> HttpResponseBase:
    return download(access_attachment(request.user, attachment_id))
