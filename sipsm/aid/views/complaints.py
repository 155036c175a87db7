"""Complaints for PSMs and coordinators: the list, filing one, and its handling."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.aid import permissions as perms
from sipsm.aid.access import access_complaint, access_entry, complaints_for
from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.forms import AnswerForm, ComplaintForm, NoteForm
from sipsm.aid.models import Complaint
from sipsm.aid.views.common import PAGE_SIZE, flash_invalid, form_error, page_number
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


@require_GET
def complaint_list(request: AuthenticatedRequest) -> HttpResponse:
    if not perms.can_read_complaints(request.user):
        raise PermissionRefused()
    complaints = complaints_for(request.user).select_related("village", "program")
    status = request.GET.get("status", "")
    if status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    if request.GET.get("terlambat"):
        now = timezone.now()
        complaints = complaints.filter(
            status=Complaint.Status.RECEIVED, verify_due_at__lt=now
        ) | complaints.filter(status=Complaint.Status.VERIFIED, respond_due_at__lt=now)
    page = Paginator(complaints.order_by("-received_at", "-id"), PAGE_SIZE).get_page(
        page_number(request)
    )
    return render(
        request,
        "aid/complaints/list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": Complaint.Status.choices,
            "can_file": perms.is_coordinator(request.user) or perms.is_psm(request.user),
        },
    )


def _form(request: AuthenticatedRequest) -> ComplaintForm:
    user = request.user
    villages = perms.assigned_villages(user) if perms.is_psm(user) else None
    return ComplaintForm(request.POST or None, scope_code=user.scope_code, villages=villages)


@require_http_methods(["GET", "POST"])
def complaint_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not (perms.is_coordinator(user) or perms.is_psm(user)):
        raise PermissionRefused()
    form = _form(request)
    raw_entry = request.POST.get("entry") or request.GET.get("kpm") or ""
    entry = access_entry(user, int(raw_entry)) if raw_entry.isdigit() else None
    if entry is not None and request.method == "GET":
        form.initial.update(
            {
                "village": entry.village_id,
                "about_name": entry.pengurus_name,
                "program": entry.program_id,
            }
        )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            complaint = complaint_actions.file_complaint(
                acting_user=user,
                data=complaint_actions.ComplaintData(
                    kind=c["kind"],
                    category=c["category"],
                    village=c["village"],
                    description=c["description"],
                    program=c.get("program"),
                    entry=entry,
                    about_name=c["about_name"],
                    complainant_name=c["complainant_name"],
                    complainant_phone=c["complainant_phone"],
                ),
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            return redirect("aid:complaint", complaint_id=complaint.pk)
    return render(
        request,
        "aid/complaints/form.html",
        {"form": form, "entry": entry},
        status=400 if form.errors else 200,
    )


@require_GET
def complaint_detail(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = access_complaint(request.user, complaint_id)
    handler = perms.can_handle_complaint(request.user, complaint.village_id)
    return render(
        request,
        "aid/complaints/detail.html",
        {
            "complaint": complaint,
            "can_handle": handler,
            "show_phone": handler,
            "note_form": NoteForm(),
            "answer_form": AnswerForm(),
        },
    )


def _handle(
    request: AuthenticatedRequest,
    complaint_id: int,
    form_class: type[forms.Form],
    do: Callable[[Complaint, dict[str, str]], object],
    done: str,
) -> HttpResponse:
    complaint = access_complaint(request.user, complaint_id)
    form = form_class(request.POST)
    if not form.is_valid():
        flash_invalid(request, form)
        return redirect("aid:complaint", complaint_id=complaint.pk)
    try:
        do(complaint, form.cleaned_data)
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("aid:complaint", complaint_id=complaint.pk)


@require_POST
def complaint_verify(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _handle(
        request,
        complaint_id,
        NoteForm,
        lambda c, d: complaint_actions.verify_complaint(
            acting_user=request.user, complaint=c, note=d["note"]
        ),
        _("The complaint is verified."),
    )


@require_POST
def complaint_answer(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _handle(
        request,
        complaint_id,
        AnswerForm,
        lambda c, d: complaint_actions.answer_complaint(
            acting_user=request.user, complaint=c, answer=d["answer"]
        ),
        _("The answer is recorded; the complainant sees it with the tracking code."),
    )


@require_POST
def complaint_reject(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _handle(
        request,
        complaint_id,
        AnswerForm,
        lambda c, d: complaint_actions.reject_complaint(
            acting_user=request.user, complaint=c, answer=d["answer"]
        ),
        _("The complaint is closed as not verifiable."),
    )


@require_POST
def complaint_close(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _handle(
        request,
        complaint_id,
        NoteForm,
        lambda c, d: complaint_actions.close_complaint(acting_user=request.user, complaint=c),
        _("The complaint is closed."),
    )


@require_POST
def complaint_escalate(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _handle(
        request,
        complaint_id,
        NoteForm,
        lambda c, d: complaint_actions.escalate_complaint(acting_user=request.user, complaint=c),
        _("The complaint is escalated."),
    )
