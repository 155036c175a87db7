"""The in-app inbox of a signed-in user: list, unread counter, mark read."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from sipsm.accounts.models import User
from sipsm.notifications.actions import mark_read
from sipsm.notifications.models import Message

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def unread_count(user: User) -> int:
    return Message.objects.inbox_of(user).unread().count()


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    only_unread = request.GET.get("belum") == "1"
    messages = Message.objects.inbox_of(user).order_by("-created_at", "-id")
    if only_unread:
        messages = messages.unread()
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page_obj": page, "unread": unread_count(user), "only_unread": only_unread},
    )


def _safe_link(request: HttpRequest, link: str) -> bool:
    hosts = {request.get_host(), urlsplit(settings.SIPSM_BASE_URL).netloc}
    return bool(link) and url_has_allowed_host_and_scheme(
        link, allowed_hosts=hosts, require_https=False
    )


@login_required
@require_POST
def read_one(request: HttpRequest, message_id: int) -> HttpResponse:
    user = _user(request)
    message = get_object_or_404(Message.objects.inbox_of(user), pk=message_id)
    mark_read(user=user, message_ids=[message.pk])
    if request.POST.get("open") and _safe_link(request, message.link):
        return redirect(message.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    mark_read(user=_user(request))
    return redirect("notifications:inbox")


@login_required
@require_GET
def counter(request: HttpRequest) -> HttpResponse:
    """The header's inbox link with the unread count (htmx polls this)."""
    return render(
        request, "notifications/_inbox_link.html", {"inbox_unread": unread_count(_user(request))}
    )
