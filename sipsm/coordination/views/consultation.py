"""The consultation desk: my questions, the queue, one consultation, consultants."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.accounts.models import User
from sipsm.coordination import anonymise
from sipsm.coordination import permissions as perms
from sipsm.coordination.access import access_consultant, access_consultation
from sipsm.coordination.actions import consultation as consultation_actions
from sipsm.coordination.forms import (
    AssignForm,
    ConsultantForm,
    MessageForm,
    PublishForm,
    QuestionForm,
    RateForm,
)
from sipsm.coordination.models import Consultant, Consultation
from sipsm.coordination.presenting import present, preview, unsent
from sipsm.coordination.views.common import PAGE_SIZE, form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


def _may_use_desk(user: User) -> bool:
    return perms.can_participate(user) or perms.consultant_profile(user) is not None


@require_GET
def consultation_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not _may_use_desk(user):
        raise Http404
    base = Consultation.objects.select_related("asker", "asker__member", "region", "assigned_to")
    mine = base.filter(asker=user).order_by("-created_at", "-id")
    queue = base.filter(consultation_actions.open_queue_filter(user)).exclude(asker=user)
    status = request.GET.get("status", "")
    if status in Consultation.Status.values:
        queue = queue.filter(status=status)
    else:
        queue = queue.filter(status__in=[Consultation.Status.OPEN, Consultation.Status.ASSIGNED])
    queue_page = Paginator(queue.order_by("deadline", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mine_page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("mine_page"))
    queue_rows = list(queue_page)
    places = anonymise.PlaceNames(c.region_id for c in queue_rows)
    return render(
        request,
        "coordination/consultation/list.html",
        {
            "mine": [present(c, user, with_messages=False) for c in mine_page],
            "mine_page": mine_page,
            "queue": [present(c, user, with_messages=False, places=places) for c in queue_rows],
            "page_obj": queue_page,
            "status": status,
            "statuses": Consultation.Status.choices,
            "can_ask": perms.can_participate(user) and user.region_id is not None,
            "can_register": perms.can_register_consultants(user),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_create(request: AuthenticatedRequest) -> HttpResponse:
    """Write the question, see exactly what a consultant will see of it, then send it."""
    if not perms.can_participate(request.user):
        raise Http404
    if request.user.region_id is None:
        raise PermissionRefused(_("Only an account bound to an area can ask."))
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        question = form.to_question()
        if "send" not in request.POST:
            return render(
                request,
                "coordination/consultation/preview.html",
                {
                    "form": form,
                    "preview": preview(unsent(request.user, question)),
                    "route": question.route,
                },
            )
        try:
            consultation = consultation_actions.ask(acting_user=request.user, question=question)
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your question has been sent."))
            return redirect("coordination:consultation_detail", consultation.pk)
    return render(
        request,
        "coordination/form.html",
        {
            "form": form,
            "title": _("Ask for advice"),
            "intro": _(
                "Consultants do not see your name, the case number or who it is about, "
                "unless you tick the box to share them. Names, places, numbers and addresses "
                "in your question are hidden from them too; you will see what they will see "
                "before the question is sent."
            ),
            "submit": _("Preview"),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def consultation_detail(request: AuthenticatedRequest, consultation_id: int) -> HttpResponse:
    user = request.user
    consultation = access_consultation(user, consultation_id)
    return render(
        request,
        "coordination/consultation/detail.html",
        {
            "c": present(consultation, user),
            "can_take": perms.can_take(user, consultation),
            "can_assign": perms.can_assign(user, consultation),
            "can_answer": perms.can_answer(user, consultation),
            "can_follow_up": perms.can_follow_up(user, consultation),
            "can_rate": perms.can_rate(user, consultation),
            "can_publish": perms.can_publish(user, consultation),
            "assign_form": AssignForm(),
            "message_form": MessageForm(),
            "rate_form": RateForm(initial={"rating": consultation.rating or 5}),
        },
    )


def _back(consultation_id: int) -> HttpResponse:
    return redirect("coordination:consultation_detail", consultation_id)


@require_POST
def consultation_take(request: AuthenticatedRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    try:
        consultation_actions.take(acting_user=request.user, consultation=consultation)
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The consultation is yours to answer."))
    return _back(consultation.pk)


@require_POST
def consultation_assign(request: AuthenticatedRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    if not perms.can_assign(request.user, consultation):
        raise PermissionRefused()
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the account and the deadline."))
        return _back(consultation.pk)
    try:
        consultation_actions.assign(
            acting_user=request.user,
            consultation=consultation,
            assignee=form.cleaned_data["assignee"],
            deadline=form.cleaned_data["deadline"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Consultation assigned."))
    return _back(consultation.pk)


def _message(request: AuthenticatedRequest, consultation_id: int, *, kind: str) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    allowed = (
        perms.can_answer(request.user, consultation)
        if kind == "answer"
        else perms.can_follow_up(request.user, consultation)
    )
    if not allowed:
        raise PermissionRefused()
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the text."))
        return _back(consultation.pk)
    action = consultation_actions.answer if kind == "answer" else consultation_actions.follow_up
    action(acting_user=request.user, consultation=consultation, body=form.cleaned_data["body"])
    messages.success(request, _("Sent."))
    return _back(consultation.pk)


@require_POST
def consultation_answer(request: AuthenticatedRequest, consultation_id: int) -> HttpResponse:
    return _message(request, consultation_id, kind="answer")


@require_POST
def consultation_follow_up(request: AuthenticatedRequest, consultation_id: int) -> HttpResponse:
    return _message(request, consultation_id, kind="follow_up")


@require_POST
def consultation_rate(request: AuthenticatedRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    if not perms.can_rate(request.user, consultation):
        raise PermissionRefused()
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give 1 to 5 stars."))
        return _back(consultation.pk)
    consultation_actions.rate(
        acting_user=request.user,
        consultation=consultation,
        rating=form.cleaned_data["rating"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Thank you for rating the answer."))
    return _back(consultation.pk)


@require_http_methods(["GET", "POST"])
def consultation_publish(request: AuthenticatedRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    if not perms.can_publish(request.user, consultation):
        raise PermissionRefused()
    view = present(consultation, request.user)
    redact = anonymise.redactor_for(consultation)
    initial = {
        "title": redact(consultation.subject),
        "body": consultation_actions.anonymised_text(consultation),
        "tags": consultation.topic,
    }
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = consultation_actions.publish(
                acting_user=request.user,
                consultation=consultation,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=form.tag_list(),
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Published to the knowledge base, anonymised."))
            return redirect("coordination:article_detail", article.pk)
    return render(
        request,
        "coordination/consultation/publish.html",
        {"form": form, "c": view},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def consultant_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not perms.can_register_consultants(user):
        raise Http404
    form = ConsultantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_actions.register_consultant(
                acting_user=user,
                user=form.cleaned_data["username"],
                profession=form.cleaned_data["profession"],
                credential=form.cleaned_data["credential"],
                region=form.cleaned_data["region"] or user.region,
                topics=form.cleaned_data["topics"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Consultant registered."))
            return redirect("coordination:consultant_list")
    consultants = Consultant.objects.select_related("user", "region")
    if user.scope_code is not None:
        consultants = consultants.filter(
            Q(region_id=user.scope_code) | Q(region__code__startswith=user.scope_code + ".")
        )
    page = Paginator(consultants.order_by("user__username"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/consultation/consultants.html",
        {"form": form, "page_obj": page},
        status=400 if form.errors else 200,
    )


@require_POST
def consultant_deactivate(request: AuthenticatedRequest, consultant_id: int) -> HttpResponse:
    consultant = access_consultant(request.user, consultant_id)
    consultation_actions.deactivate_consultant(acting_user=request.user, consultant=consultant)
    messages.success(request, _("Consultant deactivated."))
    return redirect("coordination:consultant_list")
