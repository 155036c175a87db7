"""People, households, PPKS groups, duplicates, merging, the reference lists and PPKS list
imports in the API. Same access functions and actions as the pages; NIK and KK numbers are
only ever sent masked."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.identity.kk import check_kk
from sipsm.identity.nik import check_nik
from sipsm.people import duplicates, imports
from sipsm.people.access import (
    access_current_person,
    access_household,
    access_import,
    access_membership,
    access_person,
    access_person_for_edit,
    access_ppks_membership,
    hidden_case_subjects,
    households_for,
    log_household_read,
    log_nik_lookup,
    log_person_read,
    mark_shown_groups,
    people_for,
    require_import,
    shown_groups,
)
from sipsm.people.actions import households as household_actions
from sipsm.people.actions import persons as person_actions
from sipsm.people.forms import clean_search, filter_choices
from sipsm.people.models import (
    Household,
    HouseholdMembership,
    Person,
    PpksImport,
    PpksMembership,
    ReferenceList,
    WelfareCategory,
)
from sipsm.people.permissions import can_merge, can_read_people
from sipsm.people.views.persons import filter_people, with_open_groups
from sipsm.regions import codes
from sipsm.regions.models import Region

router = Router()


class PpksOut(Schema):
    id: int
    category: str
    name: str
    since: dt.date
    until: dt.date | None
    source: str


class PersonSummaryOut(Schema):
    """A person in a list or search: no address, phone or place of birth (those are in the
    read of one person, which is logged)."""

    id: int
    full_name: str
    sex: str
    birth_date: dt.date | None
    estimated_birth_year: int | None
    age: int | None
    village_code: str = Field(..., alias="village_id")
    nik_masked: str
    legal_basis: str
    merged_into_id: int | None
    ppks: list[PpksOut]

    @staticmethod
    def resolve_ppks(obj: Person, context: dict[str, Any]) -> list[dict[str, Any]]:
        """Open and past PPKS groups: confidential groups only for coordinators, and none
        recorded by a case file the caller may not read."""
        shown = getattr(obj, "shown_groups", None)
        if shown is None:
            user = api_user(context["request"])
            shown = shown_groups(
                user,
                obj.ppks.select_related("category"),
                case_hidden=bool(hidden_case_subjects(user, [obj.pk])),
            )
        return [_membership_out(g) for g in shown]


class PersonOut(PersonSummaryOut):
    birth_place: str
    address: str
    phone: str


class PersonIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=150)
    village_code: str = Field(..., max_length=20)
    sex: str = Field("", pattern="^(M|F|)$")
    birth_date: dt.date | None = None
    age_years: int | None = Field(None, ge=0, le=130)
    birth_place: str = Field("", max_length=100)
    nik: str = Field("", max_length=32, description="16 digits; on PUT, empty keeps the NIK.")
    address: str = Field("", max_length=1000)
    phone: str = Field("", max_length=32)
    legal_basis: str = Field(
        "",
        description="UU PDP Pasal 20 basis (coordinators only); empty: public task, or unchanged.",
    )


class MatchOut(Schema):
    person: PersonOut
    score: float
    reasons: list[str]
    same_nik: bool


class MergeIn(Schema):
    other_id: int
    keep: str = Field("this", pattern="^(this|other)$")


class PpksIn(Schema):
    category: str = Field(..., description="The group's code (see /reference-lists).")
    since: dt.date
    until: dt.date | None = None
    note: str = Field("", max_length=200)


class EndIn(Schema):
    until: dt.date
    note: str = Field("", max_length=200)


class HouseholdSummaryOut(Schema):
    """A household in a list or search: no address (that is in the logged read of one)."""

    id: int
    head_name: str
    kk_masked: str
    village_code: str = Field(..., alias="village_id")


class HouseholdOut(HouseholdSummaryOut):
    address: str


class MembershipOut(Schema):
    id: int
    person_id: int
    person_name: str
    relationship: str
    since: dt.date
    until: dt.date | None


class HouseholdIn(Schema):
    head_name: str = Field(..., min_length=1, max_length=150)
    village_code: str = Field(..., max_length=20)
    kk: str = Field("", max_length=32, description="16 digits; on PUT, empty keeps the number.")
    address: str = Field("", max_length=1000)


class MemberIn(Schema):
    person_id: int
    relationship: str
    since: dt.date | None = None


class EndMemberIn(Schema):
    until: dt.date
    reason: str = Field(..., min_length=1, max_length=200)


class CategoryOut(Schema):
    number: int
    code: str
    name: str
    abbreviation: str
    for_children: bool
    sensitive: bool
    spm_group: str


class ReferenceListOut(Schema):
    kind: str
    name: str
    legal_basis: str
    valid_from: dt.date
    valid_until: dt.date | None
    entries: list[CategoryOut]


class ImportOut(Schema):
    id: int
    filename: str
    total_rows: int
    people_created: int
    memberships_created: int
    error_count: int
    committed: bool
    file_error: str
    problems: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


class PeopleFilters(Schema):
    region: str = ""
    ppks: str = Field("", description="A PPKS group code")


class PeopleSearchIn(PeopleFilters):
    q: str = Field(..., max_length=150, description="A name or part of it")


class NameSearchIn(Schema):
    q: str = Field(..., max_length=150, description="A name or part of it")


def refuse_name_in_url(request: HttpRequest, search: str) -> None:
    """Names stay out of URLs (and so out of server logs): a search by name is POSTed."""
    if "q" in request.GET:
        raise ActionError(
            _("Search by name with POST %(path)s; names are not sent in URLs.") % {"path": search},
            field="q",
        )


def _village(code: str, field: str) -> Region:
    try:
        dotted = codes.normalize(code)
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field=field) from exc
    region = Region.objects.filter(code=dotted, level=Region.Level.VILLAGE).first()
    if region is None:
        raise ActionError(_("There is no village with this code."), field=field)
    return region


def person_data(payload: PersonIn) -> person_actions.PersonData:
    nik = ""
    if payload.nik:
        result = check_nik(payload.nik)
        if result.errors:
            raise ActionError("; ".join(str(e) for e in result.errors), field="nik")
        nik = result.nik
    try:
        phone = normalize_phone(payload.phone)
    except InvalidPhone as exc:
        raise ActionError(_("This is not a phone number."), field="phone") from exc
    return person_actions.PersonData(
        full_name=payload.full_name,
        village=_village(payload.village_code, "village_code"),
        sex=payload.sex,
        birth_date=payload.birth_date,
        age_years=payload.age_years,
        birth_place=payload.birth_place,
        nik=nik,
        address=payload.address,
        phone=phone,
        legal_basis=payload.legal_basis or None,
    )


class _MarkedPage(PageNumberPagination):
    """Pages of people with the PPKS groups each caller may see set on every row."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        result["items"] = list(result["items"])
        mark_shown_groups(api_user(request), result["items"])
        return result


def _people(request: HttpRequest, values: dict[str, Any]) -> Any:
    user = api_user(request)
    if not can_read_people(user):
        raise PermissionRefused()
    values["q"] = clean_search(values.get("q", ""))
    if values["ppks"]:
        # Confidential groups are not a filter for who may not see them (as if unknown).
        values["ppks"] = filter_choices(user).filter(code=values["ppks"]).first()
        if values["ppks"] is None:
            return Person.objects.none()
    people = with_open_groups(filter_people(people_for(user), values, user=user))
    return people.order_by("full_name", "id")


@router.get("/people", response=list[PersonSummaryOut], summary="People in your area")
@paginate(_MarkedPage, page_size=50)
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> Any:
    refuse_name_in_url(request, "/api/v1/people/search")
    return _people(request, filters.model_dump())


@router.post("/people/search", response=list[PersonSummaryOut], summary="Search people by name")
@paginate(_MarkedPage, page_size=50)
def search_people(request: HttpRequest, payload: PeopleSearchIn) -> Any:
    return _people(request, payload.model_dump())


@router.post("/people", response={201: PersonOut}, summary="Register a person")
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    user = api_user(request)
    if not can_read_people(user):
        raise PermissionRefused()
    person = person_actions.register_person(acting_user=user, data=person_data(payload))
    return Status(201, person)


class NikIn(Schema):
    nik: str = Field(..., min_length=16, max_length=24)


@router.post(
    "/people/find-by-nik",
    response=list[PersonOut],
    summary="Find a person by NIK (in the body, never in the URL)",
)
def find_person_by_nik(request: HttpRequest, payload: NikIn) -> list[Person]:
    user = api_user(request)
    if not can_read_people(user):
        raise PermissionRefused()
    found = list(people_for(user).with_nik(payload.nik))
    log_nik_lookup(user, found, what="api")
    return found


@router.get("/people/{person_id}", response=PersonOut, summary="One person")
def get_person(request: HttpRequest, person_id: int) -> Person:
    user = api_user(request)
    person = access_person(user, person_id)
    log_person_read(user, person, what="api")
    return person


@router.put("/people/{person_id}", response=PersonOut, summary="Correct a person's record")
def update_person(request: HttpRequest, person_id: int, payload: PersonIn) -> Person:
    user = api_user(request)
    person = access_person_for_edit(user, person_id)
    return person_actions.update_person(acting_user=user, person=person, data=person_data(payload))


@router.get(
    "/people/{person_id}/duplicates",
    response=list[MatchOut],
    summary="Likely records of the same person in your area",
)
def person_duplicates(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    user = api_user(request)
    person = access_current_person(user, person_id)
    return [
        {
            "person": m.person,
            "score": m.score,
            "reasons": [str(r) for r in m.reasons],
            "same_nik": m.same_nik,
        }
        for m in duplicates.duplicates_of(person, among=people_for(user))
    ]


@router.post(
    "/people/{person_id}/merge", response=PersonOut, summary="Merge two records of one person"
)
def merge_person(request: HttpRequest, person_id: int, payload: MergeIn) -> Person:
    user = api_user(request)
    person = access_current_person(user, person_id)
    other = access_current_person(user, payload.other_id)
    if not can_merge(user, person.village_id, other.village_id):
        raise PermissionRefused()
    survivor, duplicate = (person, other) if payload.keep == "this" else (other, person)
    return person_actions.merge_persons(acting_user=user, duplicate=duplicate, survivor=survivor)


@router.post("/people/{person_id}/ppks", response={201: PpksOut}, summary="Record a PPKS group")
def add_ppks(request: HttpRequest, person_id: int, payload: PpksIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    person = access_person_for_edit(user, person_id)
    category = WelfareCategory.objects.ppks().filter(code=payload.category).first()
    if category is None:
        raise ActionError(_("Unknown PPKS group."), field="category")
    membership = person_actions.add_ppks_membership(
        acting_user=user,
        person=person,
        category=category,
        since=payload.since,
        until=payload.until,
        note=payload.note,
    )
    return Status(201, _membership_out(membership))


def _membership_out(membership: PpksMembership) -> dict[str, Any]:
    return {
        "id": membership.pk,
        "category": membership.category.code,
        "name": membership.category.name,
        "since": membership.since,
        "until": membership.until,
        "source": membership.source,
    }


@router.post(
    "/people/{person_id}/ppks/{membership_id}/end",
    response=PpksOut,
    summary="End a PPKS group membership",
)
def end_ppks(
    request: HttpRequest, person_id: int, membership_id: int, payload: EndIn
) -> dict[str, Any]:
    user = api_user(request)
    person = access_person_for_edit(user, person_id)
    membership = access_ppks_membership(user, person, membership_id)
    membership = person_actions.end_ppks_membership(
        acting_user=user, membership=membership, until=payload.until, note=payload.note
    )
    return _membership_out(membership)


def household_data(payload: HouseholdIn) -> household_actions.HouseholdData:
    kk = ""
    if payload.kk:
        result = check_kk(payload.kk)
        if result.errors:
            raise ActionError("; ".join(str(e) for e in result.errors), field="kk")
        kk = result.kk
    return household_actions.HouseholdData(
        head_name=payload.head_name,
        village=_village(payload.village_code, "village_code"),
        kk=kk,
        address=payload.address,
    )


def _households(request: HttpRequest, q: str) -> Any:
    user = api_user(request)
    if not can_read_people(user):
        raise PermissionRefused()
    households: QuerySet[Household] = households_for(user)
    q = clean_search(q)
    if q:
        households = households.filter(head_name__icontains=q)
    return households.order_by("head_name", "id")


@router.get("/households", response=list[HouseholdSummaryOut], summary="Households in your area")
@paginate(PageNumberPagination, page_size=50)
def list_households(request: HttpRequest) -> Any:
    refuse_name_in_url(request, "/api/v1/households/search")
    return _households(request, "")


@router.post("/households/search", response=list[HouseholdOut], summary="Search households by name")
@paginate(PageNumberPagination, page_size=50)
def search_households(request: HttpRequest, payload: NameSearchIn) -> Any:
    return _households(request, payload.q)


@router.post("/households", response={201: HouseholdOut}, summary="Register a household")
def create_household(request: HttpRequest, payload: HouseholdIn) -> Status[Household]:
    user = api_user(request)
    if not can_read_people(user):
        raise PermissionRefused()
    household = household_actions.register_household(acting_user=user, data=household_data(payload))
    return Status(201, household)


@router.get("/households/{household_id}", response=HouseholdOut, summary="One household")
def get_household(request: HttpRequest, household_id: int) -> Household:
    user = api_user(request)
    household = access_household(user, household_id)
    log_household_read(user, household, what="api")
    return household


@router.put("/households/{household_id}", response=HouseholdOut, summary="Correct a household")
def update_household(request: HttpRequest, household_id: int, payload: HouseholdIn) -> Household:
    user = api_user(request)
    household = access_household(user, household_id)
    return household_actions.update_household(
        acting_user=user, household=household, data=household_data(payload)
    )


def _member_out(membership: HouseholdMembership) -> dict[str, Any]:
    return {
        "id": membership.pk,
        "person_id": membership.person_id,
        "person_name": membership.person.full_name,
        "relationship": membership.relationship,
        "since": membership.since,
        "until": membership.until,
    }


@router.get(
    "/households/{household_id}/members",
    response=list[MembershipOut],
    summary="Who is (and was) on the family card",
)
def household_members(request: HttpRequest, household_id: int) -> list[dict[str, Any]]:
    user = api_user(request)
    household = access_household(user, household_id)
    log_household_read(user, household, what="api_members")
    return [_member_out(m) for m in household.members.select_related("person")]


@router.post(
    "/households/{household_id}/members",
    response={201: MembershipOut},
    summary="Put a person on the family card",
)
def add_member(
    request: HttpRequest, household_id: int, payload: MemberIn
) -> Status[dict[str, Any]]:
    user = api_user(request)
    household = access_household(user, household_id)
    person = access_current_person(user, payload.person_id)
    membership = household_actions.add_member(
        acting_user=user,
        household=household,
        person=person,
        relationship=payload.relationship,
        since=payload.since,
    )
    return Status(201, _member_out(membership))


@router.post(
    "/households/{household_id}/members/{membership_id}/end",
    response=MembershipOut,
    summary="Take a person off the family card",
)
def end_member(
    request: HttpRequest, household_id: int, membership_id: int, payload: EndMemberIn
) -> dict[str, Any]:
    user = api_user(request)
    household = access_household(user, household_id)
    membership = access_membership(user, household, membership_id)
    membership = household_actions.end_membership(
        acting_user=user, membership=membership, until=payload.until, reason=payload.reason
    )
    return _member_out(membership)


@router.get(
    "/reference-lists",
    response=list[ReferenceListOut],
    summary="The PPKS and PSKS lists, every version, with legal basis",
)
def reference_lists(request: HttpRequest) -> list[dict[str, Any]]:
    lists = ReferenceList.objects.prefetch_related("entries").order_by("kind", "-valid_from")
    return [
        {
            "kind": rl.kind,
            "name": rl.name,
            "legal_basis": rl.legal_basis,
            "valid_from": rl.valid_from,
            "valid_until": rl.valid_until,
            "entries": list(rl.entries.all()),
        }
        for rl in lists
    ]


@router.post(
    "/ppks-imports",
    response={201: ImportOut},
    summary="Import a PPKS list (CSV/XLSX); nothing is saved if any row has an error",
)
def import_ppks(request: HttpRequest, file: File[UploadedFile]) -> Status[PpksImport]:
    user = api_user(request)
    require_import(user)
    name = file.name or "upload.csv"
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ActionError(_("Upload a .csv or .xlsx file."), field="file")
    assert file.file is not None
    _report, run = imports.import_ppks(acting_user=user, stream=file.file, filename=name)
    return Status(201, run)


@router.get("/ppks-imports/{import_id}", response=ImportOut, summary="One of your imports")
def get_import(request: HttpRequest, import_id: int) -> PpksImport:
    return access_import(api_user(request), import_id)
