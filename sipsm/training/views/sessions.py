"""Sessions: enrolment and waiting list, QR tickets and check-in, assessment, certificates."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.registry.access import access_member
from sipsm.registry.models import Member
from sipsm.training.access import (
    access_certificate,
    access_enrolment,
    access_session,
    access_ticket,
)
from sipsm.training.actions import catalogue as catalogue_actions
from sipsm.training.actions import enrolment as enrolment_actions
from sipsm.training.certificates import render_certificate_pdf, verification_url
from sipsm.training.forms import EnrolMemberForm, ScoreForm, SessionStatusForm
from sipsm.training.models import Enrolment, TrainingSession
from sipsm.training.permissions import (
    can_enrol_self,
    can_run_session,
    can_see_catalogue,
    own_member,
)


def qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4, border=2))


@require_GET
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_catalogue(request.user):
        raise Http404
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .select_related("course", "unit")
        .annotate(enrolled=Count("enrolments", filter=Q(enrolments__status="enrolled")))
    )
    status = request.GET.get("status", "")
    if status in TrainingSession.Status.values:
        sessions = sessions.filter(status=status)
    page = Paginator(sessions.order_by("-starts_on", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "training/sessions.html",
        {"page_obj": page, "status": status, "statuses": TrainingSession.Status.choices},
    )


@require_GET
def session_detail(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    user = request.user
    session = access_session(user, session_id)
    runs = can_run_session(user, session)
    mine = own_member(user)
    own = (
        Enrolment.objects.filter(session=session, member=mine)
        .exclude(status=Enrolment.Status.CANCELLED)
        .first()
        if mine is not None
        else None
    )
    enrolments = (
        list(
            Enrolment.objects.filter(session=session)
            .exclude(status=Enrolment.Status.CANCELLED)
            .select_related("member")
            .order_by("status", "enrolled_at", "id")
        )
        if runs
        else []
    )
    taken = sum(1 for e in enrolments if e.status == Enrolment.Status.ENROLLED)
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "runs": runs,
            "own": own,
            "can_enrol": can_enrol_self(user, session) and own is None,
            "enrolments": enrolments,
            "taken": taken,
            "enrol_form": EnrolMemberForm(),
            "status_form": SessionStatusForm(initial={"status": session.status}),
            "score_form": ScoreForm(),
        },
    )


@require_POST
def session_enrol_self(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    member = own_member(request.user)
    if member is None:
        raise PermissionRefused(_("Your account is not linked to an active member record."))
    try:
        enrolment = enrolment_actions.enrol(
            acting_user=request.user, session=session, member=member
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        if enrolment.status == Enrolment.Status.WAITLISTED:
            messages.warning(request, _("The session is full: you are on the waiting list."))
        else:
            messages.success(request, _("You are enrolled."))
    return redirect("training:session_detail", session.pk)


@require_POST
def session_enrol_member(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    if not can_run_session(request.user, session):
        raise PermissionRefused()
    form = EnrolMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the member's KTA number."))
        return redirect("training:session_detail", session.pk)
    found = Member.objects.filter(kta_number=form.cleaned_data["kta_number"].strip()).first()
    try:
        if found is None:
            raise ActionError(_("No member has this KTA number."), field="kta_number")
        member = access_member(request.user, found.pk)
        enrolment_actions.enrol(acting_user=request.user, session=session, member=member)
    except PermissionRefused:
        raise
    except Http404:
        messages.error(request, _("No member has this KTA number."))
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Member enrolled."))
    return redirect("training:session_detail", session.pk)


@require_POST
def session_status(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    form = SessionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        catalogue_actions.set_session_status(
            acting_user=request.user, session=session, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Session updated."))
    return redirect("training:session_detail", session.pk)


def _enrolment_action(request: AuthenticatedRequest, enrolment_id: int, what: str) -> HttpResponse:
    enrolment = access_enrolment(request.user, enrolment_id)
    try:
        if what == "cancel":
            enrolment_actions.cancel(acting_user=request.user, enrolment=enrolment)
            messages.success(request, _("Enrolment cancelled."))
        elif what == "check_in":
            enrolment_actions.check_in(acting_user=request.user, enrolment=enrolment)
            messages.success(request, _("Checked in."))
        else:
            form = ScoreForm(request.POST)
            if not form.is_valid():
                raise ActionError(_("The score is from 0 to 100."), field="score")
            result = enrolment_actions.assess(
                acting_user=request.user, enrolment=enrolment, score=form.cleaned_data["score"]
            )
            messages.success(
                request,
                _("Passed: certificate issued.")
                if result.passed
                else _("Score recorded: not passed."),
            )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    if what == "cancel" and own_member(request.user) is not None:
        return redirect("training:my_trainings")
    return redirect("training:session_detail", enrolment.session_id)


@require_POST
def enrolment_cancel(request: AuthenticatedRequest, enrolment_id: int) -> HttpResponse:
    return _enrolment_action(request, enrolment_id, "cancel")


@require_POST
def enrolment_check_in(request: AuthenticatedRequest, enrolment_id: int) -> HttpResponse:
    return _enrolment_action(request, enrolment_id, "check_in")


@require_POST
def enrolment_assess(request: AuthenticatedRequest, enrolment_id: int) -> HttpResponse:
    return _enrolment_action(request, enrolment_id, "assess")


@require_http_methods(["GET", "POST"])
def ticket(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """What the participant's QR ticket opens on the organiser's phone: who it is, and a
    button that checks them in."""
    enrolment = access_ticket(request.user, token)
    if request.method == "POST":
        try:
            enrolment_actions.check_in(acting_user=request.user, enrolment=enrolment)
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("%(name)s is checked in.") % {"name": enrolment.member.full_name}
            )
        return redirect("training:ticket", token)
    enrolment.refresh_from_db()
    return render(request, "training/ticket.html", {"enrolment": enrolment})


@require_GET
def my_trainings(request: AuthenticatedRequest) -> HttpResponse:
    member = own_member(request.user)
    if member is None:
        raise Http404
    enrolments = (
        Enrolment.objects.filter(member=member)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("session__course", "session__unit")
        .order_by("-session__starts_on", "-id")
    )
    rows = []
    for e in enrolments[:50]:
        url = request.build_absolute_uri(reverse("training:ticket", args=[e.ticket_token]))
        rows.append(
            {"enrolment": e, "ticket_url": url, "qr": "" if e.certificate_token else qr_svg(url)}
        )
    return render(
        request,
        "training/my_trainings.html",
        {"member": member, "rows": rows, "skills": list(member.skills.all())},
    )


@require_GET
def certificate_pdf(request: AuthenticatedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access_certificate(request.user, enrolment_id)
    pdf = render_certificate_pdf(enrolment, url=verification_url(request, enrolment))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{enrolment.pk}.pdf"'
    return response
