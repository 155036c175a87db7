"""Discussion: threads per unit and topic, replies with @mentions, moderation, digest."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.accounts.roles import COORDINATORS
from sipsm.coordination.access import access_post, access_thread
from sipsm.coordination.actions import discussion as discussion_actions
from sipsm.coordination.forms import DigestForm, ModerationForm, ReplyForm, ThreadForm
from sipsm.coordination.models import Attachment, DigestSubscription, Post, Thread, Topic
from sipsm.coordination.permissions import can_participate, coordinates
from sipsm.coordination.views.common import PAGE_SIZE, form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


def _require_participant(request: AuthenticatedRequest) -> None:
    if not can_participate(request.user):
        raise Http404


@require_GET
def thread_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_participant(request)
    user = request.user
    threads = Thread.objects.visible_to(user).select_related("unit", "author")
    shown = Q(is_hidden=False)
    if user.role in COORDINATORS:
        # Moderators also see the hidden threads of the units in their area.
        shown = Q() if user.scope_code is None else shown | user.scope_q("region__code")
    threads = threads.filter(shown)
    topic = request.GET.get("topik", "")
    if topic in Topic.values:
        threads = threads.filter(topic=topic)
    unit = request.GET.get("unit", "")
    if unit == "nasional":
        threads = threads.filter(region__isnull=True)
    elif unit:
        threads = threads.filter(region_id=unit)
    page = Paginator(threads.order_by("-is_pinned", "-last_post_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    subscription = DigestSubscription.objects.filter(user=user).first()
    return render(
        request,
        "coordination/discussion/list.html",
        {
            "page_obj": page,
            "topic": topic,
            "topics": Topic.choices,
            "unit": unit,
            "digest_form": DigestForm(initial={"daily": bool(subscription and subscription.daily)}),
        },
    )


@require_http_methods(["GET", "POST"])
def thread_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_participant(request)
    form = ThreadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            thread = discussion_actions.start_thread(
                acting_user=request.user,
                region=form.region(),
                topic=form.cleaned_data["topic"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            return redirect("coordination:thread_detail", thread.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": _("New discussion thread")},
        status=400 if form.errors else 200,
    )


@require_GET
def thread_detail(request: AuthenticatedRequest, thread_id: int) -> HttpResponse:
    thread = access_thread(request.user, thread_id)
    moderator = coordinates(request.user, thread.region_id)
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )
    paginator = Paginator(posts, 50)
    wanted = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if wanted == "last" else wanted)
    return render(
        request,
        "coordination/discussion/detail.html",
        {
            "thread": thread,
            "page_obj": page,
            "moderator": moderator,
            "can_reply": not thread.is_hidden and (not thread.is_locked or moderator),
            "form": ReplyForm(),
        },
    )


@require_POST
def thread_reply(request: AuthenticatedRequest, thread_id: int) -> HttpResponse:
    thread = access_thread(request.user, thread_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            post = discussion_actions.reply(
                acting_user=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            return redirect(f"{thread_url(thread.pk)}?page=last#post-{post.pk}")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("coordination:thread_detail", thread.pk)


def thread_url(thread_id: int) -> str:
    from django.urls import reverse

    return reverse("coordination:thread_detail", args=[thread_id])


@require_POST
def thread_moderate(request: AuthenticatedRequest, thread_id: int) -> HttpResponse:
    thread = access_thread(request.user, thread_id)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown moderation action."))
        return redirect("coordination:thread_detail", thread.pk)
    discussion_actions.moderate_thread(
        acting_user=request.user, thread=thread, action=form.cleaned_data["action"]
    )
    messages.success(request, _("Thread updated."))
    return redirect("coordination:thread_detail", thread.pk)


@require_POST
def post_hide(request: AuthenticatedRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id)
    discussion_actions.hide_post(
        acting_user=request.user, post=post, hidden=request.POST.get("hidden", "1") == "1"
    )
    return redirect("coordination:thread_detail", post.thread_id)


@require_POST
def digest_settings(request: AuthenticatedRequest) -> HttpResponse:
    _require_participant(request)
    form = DigestForm(request.POST)
    form.is_valid()
    daily = bool(form.cleaned_data.get("daily"))
    discussion_actions.set_digest(acting_user=request.user, daily=daily)
    messages.success(
        request,
        _("You will get a daily digest.") if daily else _("Daily digest switched off."),
    )
    return redirect("coordination:thread_list")
