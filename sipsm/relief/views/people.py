"""Affected people and households: lists with filters (NIK masked), registration, detail,
correction, and adding a NIK/KK later (which matches the records)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.identity.fields import index_for
from sipsm.identity.forms import NikSearchForm
from sipsm.incidents.access import incidents_for
from sipsm.relief.access import (
    access_household,
    access_people_incident,
    access_person,
    log_nik_lookup,
    require_entries,
)
from sipsm.relief.actions import people as people_actions
from sipsm.relief.forms import HouseholdForm, KkForm, NikForm, PeopleFilterForm, PersonForm
from sipsm.relief.models import AffectedPerson, Household
from sipsm.relief.permissions import entry_villages, incident_villages
from sipsm.relief.views.common import PAGE_SIZE, back, form_error, rights

VULNERABLE_FILTERS = {
    "any": Q(is_child=True) | Q(is_elderly=True) | Q(has_disability=True) | Q(is_pregnant=True),
    "child": Q(is_child=True),
    "elderly": Q(is_elderly=True),
    "disability": Q(has_disability=True),
    "pregnant": Q(is_pregnant=True),
}


@require_http_methods(["GET", "POST"])
def person_list(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    """The list with its filters (GET); a search by NIK is POSTed so the NIK stays out of URLs
    and logs, and is recorded in the audit trail with what it found."""
    incident = access_people_incident(request.user, incident_id)
    form = PeopleFilterForm(
        request.GET or None, incident_id=incident.pk, villages=incident_villages(incident)
    )
    nik_form = NikSearchForm(request.POST if request.method == "POST" else None)
    people = AffectedPerson.objects.filter(incident=incident, duplicate_of__isnull=True)
    if nik_form.is_bound:
        if nik_form.is_valid():
            people = people.filter(nik_index=index_for(nik_form.cleaned_data["nik"], kind="nik"))
            log_nik_lookup(request.user, incident, list(people.values_list("pk", flat=True)))
        else:
            people = people.none()
    elif form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            people = people.filter(full_name__icontains=d["q"])
        if d.get("condition"):
            people = people.filter(condition=d["condition"])
        if d.get("vulnerable"):
            people = people.filter(VULNERABLE_FILTERS[d["vulnerable"]])
        if d.get("village"):
            people = people.filter(village=d["village"])
        if d.get("shelter"):
            people = people.filter(shelter=d["shelter"])
    people = people.select_related("village", "shelter", "household").order_by("full_name", "id")
    return render(
        request,
        "relief/people.html",
        {
            **rights(request, incident),
            "form": form,
            # After a search the NIK is not echoed back into the page.
            "nik_form": nik_form if nik_form.is_bound and nik_form.errors else NikSearchForm(),
            "page_obj": Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


def _person_form(
    request: AuthenticatedRequest, incident: Any, person: AffectedPerson | None
) -> PersonForm:
    initial: dict[str, Any] = {}
    if person is not None:
        initial = {
            name: getattr(person, name)
            for name in (
                "village",
                "full_name",
                "sex",
                "birth_date",
                "age_years",
                "condition",
                "is_child",
                "is_elderly",
                "has_disability",
                "is_pregnant",
                "household",
                "shelter",
                "notes",
            )
        }
    elif request.GET.get("keluarga"):
        initial["household"] = request.GET["keluarga"]
    return PersonForm(
        request.POST or None,
        initial=initial,
        villages=entry_villages(request.user, incident),
        incident_id=incident.pk,
        has_nik=bool(person and person.nik),
    )


@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    require_entries(request.user, incident)
    form = _person_form(request, incident, None)
    if request.method == "POST" and form.is_valid():
        try:
            person = people_actions.register_person(
                acting_user=request.user, incident=incident, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Person registered."))
            return redirect("relief:person", incident_id=incident.pk, person_id=person.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": _("Register an affected person"),
            "back": "relief:people",
        },
        status=400 if form.errors else 200,
    )


@require_GET
def person_detail(request: AuthenticatedRequest, incident_id: int, person_id: int) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    person = access_person(request.user, incident, person_id)
    relief = person.relief.all()
    household_relief = person.household.relief.all() if person.household else []
    elsewhere = people_actions.other_records(person).filter(
        incident__in=incidents_for(request.user)
    )
    return render(
        request,
        "relief/person.html",
        {
            **rights(request, incident),
            "person": person,
            "age": person.age_on(people_actions.reference_date(incident)),
            "relief": relief,
            "household_relief": household_relief,
            "elsewhere": elsewhere.select_related("incident")[:20],
            "duplicates": person.duplicates.all(),
            "nik_form": NikForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, incident_id: int, person_id: int) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    person = access_person(request.user, incident, person_id)
    require_entries(request.user, incident)
    form = _person_form(request, incident, person)
    if request.method == "POST" and form.is_valid():
        try:
            person = people_actions.update_person(
                acting_user=request.user, person=person, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Record updated."))
            return redirect("relief:person", incident_id=incident.pk, person_id=person.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": person.full_name,
            "back": "relief:people",
        },
        status=400 if form.errors else 200,
    )


@require_POST
def person_nik(request: AuthenticatedRequest, incident_id: int, person_id: int) -> HttpResponse:
    """Add the NIK of a person registered without it; the records of the same NIK are linked."""
    incident = access_people_incident(request.user, incident_id)
    person = access_person(request.user, incident, person_id)
    require_entries(request.user, incident)
    form = NikForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("nik", [])))
        return redirect("relief:person", incident_id=incident.pk, person_id=person.pk)
    try:
        survivor = people_actions.match_person(
            acting_user=request.user, person=person, nik=form.cleaned_data["nik"]
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        return back(request, exc, "relief:person", incident_id=incident.pk, person_id=person.pk)
    if survivor.pk != person.pk:
        messages.success(request, _("This NIK was already registered: the records are linked."))
    else:
        messages.success(request, _("NIK added."))
    return redirect("relief:person", incident_id=incident.pk, person_id=survivor.pk)


# Households ---------------------------------------------------------------------------------


@require_GET
def household_list(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    households = (
        Household.objects.filter(incident=incident, duplicate_of__isnull=True)
        .select_related("village")
        .annotate(registered=Count("members", filter=Q(members__duplicate_of__isnull=True)))
    )
    q = request.GET.get("q", "").strip()
    if q:
        households = households.filter(head_name__icontains=q)
    return render(
        request,
        "relief/households.html",
        {
            **rights(request, incident),
            "q": q,
            "page_obj": Paginator(households.order_by("head_name", "id"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


def _household_form(
    request: AuthenticatedRequest, incident: Any, household: Household | None
) -> HouseholdForm:
    initial: dict[str, Any] = {}
    if household is not None:
        initial = {
            "village": household.village,
            "head_name": household.head_name,
            "size": household.size,
            "address": household.address,
        }
    return HouseholdForm(
        request.POST or None,
        initial=initial,
        villages=entry_villages(request.user, incident),
        has_kk=bool(household and household.kk),
    )


@require_http_methods(["GET", "POST"])
def household_create(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    require_entries(request.user, incident)
    form = _household_form(request, incident, None)
    if request.method == "POST" and form.is_valid():
        try:
            household = people_actions.register_household(
                acting_user=request.user, incident=incident, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Household registered."))
            return redirect("relief:household", incident_id=incident.pk, household_id=household.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": _("Register a household"),
            "back": "relief:households",
        },
        status=400 if form.errors else 200,
    )


@require_GET
def household_detail(
    request: AuthenticatedRequest, incident_id: int, household_id: int
) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    household = access_household(request.user, incident, household_id)
    return render(
        request,
        "relief/household.html",
        {
            **rights(request, incident),
            "household": household,
            "members": household.members.filter(duplicate_of__isnull=True).select_related(
                "shelter"
            ),
            "relief": household.relief.all(),
            "kk_form": KkForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def household_edit(
    request: AuthenticatedRequest, incident_id: int, household_id: int
) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    household = access_household(request.user, incident, household_id)
    require_entries(request.user, incident)
    form = _household_form(request, incident, household)
    if request.method == "POST" and form.is_valid():
        try:
            household = people_actions.update_household(
                acting_user=request.user, household=household, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Record updated."))
            return redirect("relief:household", incident_id=incident.pk, household_id=household.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": household.head_name,
            "back": "relief:households",
        },
        status=400 if form.errors else 200,
    )


@require_POST
def household_kk(
    request: AuthenticatedRequest, incident_id: int, household_id: int
) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    household = access_household(request.user, incident, household_id)
    require_entries(request.user, incident)
    form = KkForm(request.POST)
    target: dict[str, Any] = {"incident_id": incident.pk, "household_id": household.pk}
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("kk", [])))
        return redirect("relief:household", incident_id=incident.pk, household_id=household.pk)
    try:
        survivor = people_actions.match_household(
            acting_user=request.user, household=household, kk=form.cleaned_data["kk"]
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        return back(request, exc, "relief:household", **target)
    if survivor.pk != household.pk:
        messages.success(request, _("This KK was already registered: the records are linked."))
    else:
        messages.success(request, _("KK number added."))
    return redirect("relief:household", incident_id=incident.pk, household_id=survivor.pk)
