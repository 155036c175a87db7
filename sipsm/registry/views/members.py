"""Member pages: list, register, detail with eligibility and registration steps, edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.accounts.roles import Capability
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.core.models import AuditEvent
from sipsm.identity.forms import NikSearchForm
from sipsm.registry import kta
from sipsm.registry.access import (
    access_member,
    access_member_for,
    access_member_nik,
    log_member_read,
)
from sipsm.registry.actions import members as member_actions
from sipsm.registry.eligibility import check_eligibility
from sipsm.registry.forms import (
    AvailabilityForm,
    MemberFilterForm,
    MemberForm,
    NoteForm,
    PhotoForm,
    ReasonForm,
    StatusForm,
)
from sipsm.registry.models import Member
from sipsm.registry.selectors import visible_members

PAGE_SIZE = 25


def _refuse_unless(request: AuthenticatedRequest, capability: str) -> None:
    if not request.user.can(capability):
        raise PermissionRefused()


@require_http_methods(["GET", "POST"])
def member_list(request: AuthenticatedRequest) -> HttpResponse:
    """The list with its filters (GET); a NIK search is POSTed so the NIK stays out of URLs."""
    if not request.user.can(Capability.VIEW_MEMBERS):
        raise Http404
    form = MemberFilterForm(request.GET or None)
    filters: dict[str, Any] = dict(form.cleaned_data) if form.is_valid() else {}
    nik_form = NikSearchForm(request.POST or None)
    if request.method == "POST" and nik_form.is_valid():
        filters = {"nik": nik_form.cleaned_data["nik"]}
    queryset = visible_members(request.user, filters).prefetch_related("skills")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "registry/members/_table.html" if request.htmx else "registry/members/list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "nik_form": nik_form if request.method == "POST" else NikSearchForm(),
            "page_obj": page,
            "can_register": request.user.can(Capability.REGISTER_MEMBER),
            "can_import": request.user.can(Capability.IMPORT_MEMBERS),
            "can_export": request.user.can(Capability.EXPORT_MEMBERS),
        },
    )


@require_http_methods(["GET", "POST"])
def member_create(request: AuthenticatedRequest) -> HttpResponse:
    _refuse_unless(request, Capability.REGISTER_MEMBER)
    form = MemberForm(request.POST or None, scope_code=request.user.scope_code)
    if request.method == "POST" and form.is_valid():
        try:
            member = member_actions.register_member(acting_user=request.user, data=form.to_data())
        except ActionError as exc:
            form.add_error(exc.field or None, str(exc.message))
        else:
            for warning in form.nik_warnings:
                messages.warning(request, warning)
            messages.success(request, _("Candidate registered."))
            return redirect("registry:member_detail", member_id=member.pk)
    return render(
        request,
        "registry/members/form.html",
        {"form": form, "title": _("Register a candidate")},
        status=400 if form.errors else 200,
    )


@require_GET
def member_detail(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    log_member_read(request.user, member, what="page")
    user = request.user
    context = {
        "member": member,
        "skills": member.skills.all(),
        "criteria": check_eligibility(member),
        "positions": member.board_positions.select_related("term__unit"),
        "history": AuditEvent.objects.for_object(member)[:30]
        if user.can(Capability.VIEW_AUDIT)
        else [],
        "can_recommend": user.can(Capability.RECOMMEND_MEMBER)
        and member.stage == Member.Stage.APPLIED,
        "can_reject": user.can(Capability.RECOMMEND_MEMBER)
        and member.status == Member.Status.CANDIDATE
        and member.stage in {Member.Stage.APPLIED, Member.Stage.RECOMMENDED}
        and (member.stage == Member.Stage.APPLIED or user.can(Capability.VERIFY_MEMBER)),
        "can_verify": user.can(Capability.VERIFY_MEMBER)
        and member.stage == Member.Stage.RECOMMENDED,
        "can_permanent": user.can(Capability.ISSUE_PERMANENT_KTA)
        and member.status == Member.Status.ACTIVE
        and member.kta_temporary
        and member.has_card,
        "can_edit": user.can(Capability.EDIT_MEMBER),
        "can_status": user.can(Capability.VERIFY_MEMBER)
        and member.status in {Member.Status.ACTIVE, Member.Status.INACTIVE},
        "can_reveal": user.can(Capability.REVEAL_NIK) and bool(member.nik),
        "can_availability": user.can(Capability.EDIT_MEMBER)
        or (member.user_id is not None and member.user_id == user.pk),
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "status_form": StatusForm(),
        "availability_form": AvailabilityForm(initial={"availability": member.availability}),
        "photo_form": PhotoForm(),
    }
    return render(request, "registry/members/detail.html", context)


@require_http_methods(["GET", "POST"])
def member_edit(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = access_member_for(request.user, member_id, Capability.EDIT_MEMBER)
    form = MemberForm(
        request.POST or None,
        initial=MemberForm.initial_from(member),
        scope_code=request.user.scope_code,
    )
    # The full NIK is never put in the page: an empty NIK field keeps the stored one.
    form.fields["nik"].help_text = _("Leave empty to keep %(masked)s.") % {
        "masked": member.nik_masked
    }
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        if not data.nik:
            data.nik = member.nik
        try:
            member_actions.update_member(acting_user=request.user, member=member, data=data)
        except ActionError as exc:
            form.add_error(exc.field or None, str(exc.message))
        else:
            for warning in form.nik_warnings:
                messages.warning(request, warning)
            messages.success(request, _("Changes saved."))
            return redirect("registry:member_detail", member_id=member.pk)
    return render(
        request,
        "registry/members/form.html",
        {"form": form, "member": member, "title": _("Edit %(name)s") % {"name": member}},
        status=400 if form.errors else 200,
    )


def _step(
    request: AuthenticatedRequest,
    member_id: int,
    capability: str,
    run: Callable[[Member], object],
    done: str,
) -> HttpResponse:
    member = access_member_for(request.user, member_id, capability)
    try:
        run(member)
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("registry:member_detail", member_id=member.pk)


@require_POST
def member_recommend(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _step(
        request,
        member_id,
        Capability.RECOMMEND_MEMBER,
        lambda m: member_actions.recommend_member(acting_user=request.user, member=m, note=note),
        _("Recommended to the regency."),
    )


@require_POST
def member_reject(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _step(
        request,
        member_id,
        Capability.RECOMMEND_MEMBER,
        lambda m: member_actions.reject_application(
            acting_user=request.user, member=m, reason=reason
        ),
        _("Application rejected."),
    )


@require_POST
def member_verify(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    return _step(
        request,
        member_id,
        Capability.VERIFY_MEMBER,
        lambda m: member_actions.verify_member(acting_user=request.user, member=m),
        _("Verified: the member is active and has a temporary KTA."),
    )


@require_POST
def member_permanent_kta(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    return _step(
        request,
        member_id,
        Capability.ISSUE_PERMANENT_KTA,
        lambda m: member_actions.issue_permanent_kta(acting_user=request.user, member=m),
        _("Permanent KTA issued."),
    )


@require_POST
def member_status(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    form = StatusForm(request.POST)
    if not form.is_valid():
        access_member_for(request.user, member_id, Capability.VERIFY_MEMBER)
        messages.error(request, _("Choose a status and give a reason."))
        return redirect("registry:member_detail", member_id=member_id)
    return _step(
        request,
        member_id,
        Capability.VERIFY_MEMBER,
        lambda m: member_actions.change_member_status(
            acting_user=request.user,
            member=m,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        ),
        _("Status changed."),
    )


@require_POST
def member_availability(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        try:
            member_actions.set_member_availability(
                acting_user=request.user,
                member=member,
                availability=form.cleaned_data["availability"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Availability saved."))
    return redirect("registry:member_detail", member_id=member.pk)


@require_POST
def member_photo(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = access_member_for(request.user, member_id, Capability.EDIT_MEMBER)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            member_actions.set_member_photo(
                acting_user=request.user, member=member, photo=form.cleaned_data["photo"]
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Photo saved."))
    else:
        messages.error(request, _("Choose a photo file."))
    return redirect("registry:member_detail", member_id=member.pk)


@require_GET
def member_photo_file(request: AuthenticatedRequest, member_id: int) -> HttpResponseBase:
    member = access_member(request.user, member_id)
    if not member.photo:
        raise Http404
    response = FileResponse(member.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    return response


@require_POST
def member_reveal_nik(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    """Show the full NIK once, for a stated reason (audited, limited per day)."""
    member = access_member(request.user, member_id)
    reason = request.POST.get("reason", "")
    try:
        nik = access_member_nik(request.user, member, reason=reason)
    except PermissionRefused:
        raise
    except ActionError as exc:
        return render(
            request, "registry/members/_nik.html", {"member": member, "error": exc.message}
        )
    return render(request, "registry/members/_nik.html", {"member": member, "nik": nik})


@require_GET
def member_card(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    if not member.has_card:
        raise Http404
    url = kta.verification_url(request, member)
    return render(
        request,
        "registry/members/card.html",
        {
            "member": member,
            "unit": kta.member_unit(member),
            "qr": kta.qr_svg(url),
            "verify_url": url,
        },
    )


@require_GET
def member_card_pdf(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    if not member.has_card:
        raise Http404
    pdf = kta.render_kta_pdf(member, url=kta.verification_url(request, member))
    record_event(
        actor=request.user,
        verb="member.print_card",
        target=member,
        region_code=member.home_village_id,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="KTA-{member.kta_number}.pdf"'
    return response
