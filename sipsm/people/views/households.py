"""Households (family cards): list, registration, page with members, adding and ending
memberships."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.people.access import (
    access_household,
    access_membership,
    households_for,
    log_household_read,
    people_for,
)
from sipsm.people.actions import households as household_actions
from sipsm.people.forms import EndForm, HouseholdForm, MemberForm, NameSearchForm
from sipsm.people.permissions import can_read_people
from sipsm.people.views.persons import PAGE_SIZE, SEARCH_LIMIT, form_error


@require_http_methods(["GET", "POST"])
def household_list(request: AuthenticatedRequest) -> HttpResponse:
    """The households of the area (GET); a search by the head's name is POSTed so that the
    name stays out of URLs (htmx answers with the table only)."""
    if not can_read_people(request.user):
        raise Http404
    searching = request.method == "POST"
    form = NameSearchForm(request.POST if searching else None)
    households = (
        households_for(request.user)
        .select_related("village")
        .annotate(current=Count("members", filter=Q(members__until__isnull=True)))
    )
    if form.is_valid():
        households = households.filter(head_name__icontains=form.cleaned_data["q"])
    page = Paginator(
        households.order_by("head_name", "id"), SEARCH_LIMIT if searching else PAGE_SIZE
    ).get_page(1 if searching else request.GET.get("page"))
    template = "people/_households_table.html" if request.htmx else "people/households.html"
    return render(request, template, {"form": form, "page_obj": page, "searching": searching})


@require_http_methods(["GET", "POST"])
def household_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_read_people(request.user):
        raise PermissionRefused()
    form = HouseholdForm(request.POST or None, scope_code=request.user.scope_code)
    if request.method == "POST" and form.is_valid():
        try:
            household = household_actions.register_household(
                acting_user=request.user, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Household registered."))
            return redirect("people:household", household_id=household.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": _("Register a household")},
        status=400 if form.errors else 200,
    )


def _member_form(request: AuthenticatedRequest, household_village: str) -> MemberForm:
    candidates = people_for(request.user).filter(
        Q(village_id=household_village) | Q(village__code__startswith=household_village[:8] + ".")
    )
    return MemberForm(request.POST or None, people=candidates.order_by("full_name"))


@require_GET
def household_detail(request: AuthenticatedRequest, household_id: int) -> HttpResponse:
    household = access_household(request.user, household_id)
    log_household_read(request.user, household)
    members = household.members.select_related("person").order_by("until", "id")
    return render(
        request,
        "people/household.html",
        {
            "household": household,
            "members": members,
            "member_form": _member_form(request, household.village_id),
            "end_form": EndForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def household_edit(request: AuthenticatedRequest, household_id: int) -> HttpResponse:
    household = access_household(request.user, household_id)
    form = HouseholdForm(
        request.POST or None,
        initial={
            "head_name": household.head_name,
            "village": household.village_id,
            "address": household.address,
        },
        scope_code=request.user.scope_code,
    )
    form.fields["kk"].help_text = _("Leave empty to keep %(masked)s.") % {
        "masked": household.kk_masked
    }
    if request.method == "POST" and form.is_valid():
        try:
            household_actions.update_household(
                acting_user=request.user, household=household, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:household", household_id=household.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "household": household, "title": household.head_name},
        status=400 if form.errors else 200,
    )


@require_POST
def household_add_member(request: AuthenticatedRequest, household_id: int) -> HttpResponse:
    household = access_household(request.user, household_id)
    form = _member_form(request, household.village_id)
    if not form.is_valid():
        messages.error(request, _("Choose a person and the relationship."))
        return redirect("people:household", household_id=household.pk)
    try:
        household_actions.add_member(
            acting_user=request.user,
            household=household,
            person=form.cleaned_data["person"],
            relationship=form.cleaned_data["relationship"],
            since=form.cleaned_data["since"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Added to the family card."))
    return redirect("people:household", household_id=household.pk)


@require_POST
def household_end_member(
    request: AuthenticatedRequest, household_id: int, membership_id: int
) -> HttpResponse:
    household = access_household(request.user, household_id)
    membership = access_membership(request.user, household, membership_id)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the end date and a reason."))
        return redirect("people:household", household_id=household.pk)
    try:
        household_actions.end_membership(
            acting_user=request.user,
            membership=membership,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Membership ended."))
    return redirect("people:household", household_id=household.pk)
