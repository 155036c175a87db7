"""People: list and search, registration (with possible duplicates shown first), the person's
page (households, PPKS groups, possible duplicates, history), PPKS groups, and merging.

Filters that name nobody (region, PPKS group) are in the query string; a search by name or
NIK is POSTed (htmx answers with the table only), so names and NIKs stay out of URLs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.accounts.models import User
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.core.models import AuditEvent
from sipsm.identity.fields import index_for
from sipsm.identity.forms import NikSearchForm
from sipsm.people import duplicates
from sipsm.people.access import (
    access_current_person,
    access_person,
    access_person_for_edit,
    access_ppks_membership,
    hidden_case_subjects,
    log_nik_lookup,
    log_person_read,
    mark_shown_groups,
    people_for,
    shown_groups,
)
from sipsm.people.actions import persons as person_actions
from sipsm.people.forms import (
    EndForm,
    MergeForm,
    NameSearchForm,
    PeopleFilterForm,
    PersonForm,
    PpksForm,
    filter_choices,
)
from sipsm.people.models import Person, PersonQuerySet, PpksMembership
from sipsm.people.names import name_key
from sipsm.people.permissions import (
    can_export,
    can_import,
    can_merge,
    can_read_people,
    can_see_sensitive_groups,
)
from sipsm.regions import codes

PAGE_SIZE = 25
SEARCH_LIMIT = 50


def form_error(form: Any, exc: ActionError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def with_open_groups(queryset: PersonQuerySet) -> PersonQuerySet:
    return queryset.prefetch_related(
        Prefetch(
            "ppks",
            queryset=PpksMembership.objects.filter(until__isnull=True).select_related("category"),
            to_attr="open_groups",
        )
    )


def filter_people(queryset: PersonQuerySet, data: dict[str, Any], *, user: User) -> PersonQuerySet:
    if data.get("q"):
        queryset = queryset.filter(name_key__contains=name_key(data["q"]))
    if data.get("region"):
        try:
            code = codes.normalize(data["region"])
        except codes.InvalidRegionCode:
            return queryset.none()
        queryset = queryset.filter(Q(village_id=code) | Q(village__code__startswith=code + "."))
    if data.get("ppks"):
        # Listing the members of a confidential group reveals their membership.
        if not filter_choices(user).filter(pk=data["ppks"].pk).exists():
            return queryset.none()
        queryset = queryset.filter(ppks__category=data["ppks"], ppks__until__isnull=True)
    if data.get("nik"):
        queryset = queryset.filter(nik_index=index_for(data["nik"], kind="nik"))
    return queryset


@require_http_methods(["GET", "POST"])
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    """The list with filters (GET); a search by name or NIK is POSTed so that neither ends up
    in a URL. A NIK search is logged as an access event."""
    user = request.user
    if not can_read_people(user):
        raise Http404
    form = PeopleFilterForm(request.GET or None, user=user)
    filters: dict[str, Any] = dict(form.cleaned_data) if form.is_valid() else {}
    searching = request.method == "POST"
    nik_form = NikSearchForm(request.POST if searching and "nik" in request.POST else None)
    name_form = NameSearchForm(request.POST if searching and "q" in request.POST else None)
    if nik_form.is_valid():
        filters = {"nik": nik_form.cleaned_data["nik"]}
    elif name_form.is_valid():
        filters = {**filters, "q": name_form.cleaned_data["q"]}
    people = with_open_groups(
        filter_people(people_for(user), filters, user=user).select_related("village")
    ).order_by("full_name", "id")
    page = Paginator(people, SEARCH_LIMIT if searching else PAGE_SIZE).get_page(
        1 if searching else request.GET.get("page")
    )
    mark_shown_groups(user, page.object_list)
    if nik_form.is_valid():
        log_nik_lookup(user, page.object_list)
    template = "people/_table.html" if request.htmx else "people/list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "nik_form": nik_form if nik_form.is_bound else NikSearchForm(),
            "name_form": name_form if name_form.is_bound else NameSearchForm(),
            "page_obj": page,
            "searching": searching,
            "can_import": can_import(user),
            "can_export": can_export(user),
            "can_merge": can_merge(user),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    """Register a person. Likely duplicates in the user's area are shown first; registering
    anyway needs a tick."""
    if not can_read_people(request.user):
        raise PermissionRefused()
    form = PersonForm(
        request.POST or None,
        scope_code=request.user.scope_code,
        user=request.user,
        initial={"village": request.user.scope_code}
        if request.user.role == "village_psm"
        else None,
    )
    matches: list[duplicates.Match] = []
    if request.method == "POST" and form.is_valid():
        data = form.to_person_data()
        matches = duplicates.find_matches(
            duplicates.Probe.of_data(data),
            among=people_for(request.user),
        )
        if not matches or request.POST.get("confirm_new"):
            try:
                person = person_actions.register_person(acting_user=request.user, data=data)
            except PermissionRefused:
                raise
            except ActionError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Person registered."))
                return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "matches": matches, "title": _("Register a person")},
        status=400 if form.errors else 200,
    )


def _history(person: Person) -> Any:
    return AuditEvent.objects.filter(
        object_type=Person._meta.label_lower, object_id__in=person_actions.history_ids(person)
    ).exclude(verb__startswith="access.")[:50]


@require_GET
def person_detail(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    """The person's page; every read is logged. For the subject of a case file the user may
    not read, nothing tells of the case and the record cannot be changed."""
    person = access_person(request.user, person_id)
    user = request.user
    log_person_read(user, person)
    sensitive_ok = can_see_sensitive_groups(user)
    case_hidden = bool(hidden_case_subjects(user, [person.pk]))
    groups = list(person.ppks.select_related("category").order_by("until", "-since"))
    matches = (
        duplicates.duplicates_of(person, among=people_for(user)) if not person.is_merged else []
    )
    twin = person.duplicate_of if person.duplicate_of_id is not None else None
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "groups": shown_groups(user, groups, case_hidden=case_hidden),
            "hidden_groups": 0
            if sensitive_ok
            else sum(
                1
                for g in groups
                if g.category.sensitive
                and not (case_hidden and g.source == PpksMembership.Source.CASE)
            ),
            "households": person.memberships.select_related("household").order_by("until"),
            "matches": matches,
            "same_nik_as": twin if twin is not None and can_merge(user, twin.village_id) else None,
            "merged_records": person.merged_records.select_related("village"),
            "can_edit": not person.is_merged and not case_hidden,
            "can_open_case": not person.is_merged,
            "can_merge": can_merge(user),
            "history": _history(person) if sensitive_ok else [],
            "ppks_form": PpksForm(),
            "end_form": EndForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = access_person_for_edit(request.user, person_id)
    form = PersonForm(
        request.POST or None,
        initial=PersonForm.initial_from(person),
        scope_code=request.user.scope_code,
        user=request.user,
    )
    form.fields["nik"].help_text = _("Leave empty to keep %(masked)s.") % {
        "masked": person.nik_masked
    }
    if request.method == "POST" and form.is_valid():
        try:
            person_actions.update_person(
                acting_user=request.user, person=person, data=form.to_person_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "person": person, "title": person.full_name},
        status=400 if form.errors else 200,
    )


@require_POST
def person_ppks_add(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = access_person_for_edit(request.user, person_id)
    form = PpksForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a PPKS group and a date."))
        return redirect("people:detail", person_id=person.pk)
    try:
        person_actions.add_ppks_membership(
            acting_user=request.user,
            person=person,
            category=form.cleaned_data["category"],
            since=form.cleaned_data["since"],
            note=form.cleaned_data["note"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("PPKS group recorded."))
    return redirect("people:detail", person_id=person.pk)


@require_POST
def person_ppks_end(
    request: AuthenticatedRequest, person_id: int, membership_id: int
) -> HttpResponse:
    person = access_person_for_edit(request.user, person_id)
    membership = access_ppks_membership(request.user, person, membership_id)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the end date."))
        return redirect("people:detail", person_id=person.pk)
    try:
        person_actions.end_ppks_membership(
            acting_user=request.user,
            membership=membership,
            until=form.cleaned_data["until"],
            note=form.cleaned_data["reason"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("PPKS group ended."))
    return redirect("people:detail", person_id=person.pk)


@require_http_methods(["GET", "POST"])
def person_merge(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    """Compare two records (GET ?dengan=<id>) and merge them (POST)."""
    person = access_current_person(request.user, person_id)
    raw_other = request.POST.get("other") or request.GET.get("dengan") or ""
    if not raw_other.isdigit():
        raise Http404
    other = access_current_person(request.user, int(raw_other))
    if not can_merge(request.user, person.village_id, other.village_id):
        raise PermissionRefused()
    form = MergeForm(request.POST or None, initial={"other": other.pk})
    if request.method == "POST" and form.is_valid():
        keep_this = form.cleaned_data["keep"] == "this"
        survivor, duplicate = (person, other) if keep_this else (other, person)
        try:
            person_actions.merge_persons(
                acting_user=request.user, duplicate=duplicate, survivor=survivor
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The records are merged; both histories are kept."))
            return redirect("people:detail", person_id=survivor.pk)
    match = duplicates.score(duplicates.Probe.of(person), other)
    return render(
        request,
        "people/merge.html",
        {"person": person, "other": other, "form": form, "match": match},
    )


@require_GET
def duplicate_list(request: AuthenticatedRequest) -> HttpResponse:
    """Likely duplicates in the coordinator's area, to review and merge."""
    if not can_merge(request.user):
        raise PermissionRefused()
    pairs = duplicates.duplicate_pairs(people_for(request.user))
    return render(request, "people/duplicates.html", {"pairs": pairs})
