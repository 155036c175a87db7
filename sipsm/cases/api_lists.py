"""What the API's lists of cases are made of (the routes are in sipsm.cases.api, with the
case routes they share paths with): the cases a worker may read, filtered (filters in the
query string, a search by case number or name POSTed so that names stay out of URLs and
server logs), and the worker's "today" list. The case ids each answer shows are logged."""

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.pagination import PageNumberPagination

from sipsm.accounts.api_auth import api_user
from sipsm.accounts.models import User
from sipsm.cases import api_schemas as s
from sipsm.cases.access import log_case_list, visible_cases
from sipsm.cases.models import Approval, CaseQuerySet, CaseTask, Transfer
from sipsm.cases.permissions import can_approve, is_case_worker_role
from sipsm.core.errors import PermissionRefused
from sipsm.people.forms import clean_search
from sipsm.people.names import name_key


def worker_user(request: HttpRequest) -> User:
    user = api_user(request)
    if not is_case_worker_role(user):
        raise PermissionRefused(_("Case files are for case workers; partners see aggregates."))
    return user


class LoggedCasePage(PageNumberPagination):
    """Pages of cases; the ids on each page are logged as a read of the list."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        result["items"] = list(result["items"])
        log_case_list(api_user(request), [c.pk for c in result["items"]], api=True)
        return result


def filtered_cases(user: User, f: s.CaseFilters, q: str = "") -> CaseQuerySet:
    cases = visible_cases(user).select_related("person", "worker", "supervisor")
    q = clean_search(q)
    if q:
        cases = cases.filter(Q(number__iexact=q) | Q(person__name_key__contains=name_key(q)))
    if f.status:
        cases = cases.filter(status=f.status)
    if f.stage:
        cases = cases.filter(stage=f.stage)
    if f.risk:
        cases = cases.filter(risk_level=f.risk)
    if f.mine:
        cases = cases.filter(worker=user)
    if f.person_id:
        cases = cases.filter(person_id=f.person_id)
    return cases.order_by("-opened_at", "-id")


def today_lists(user: User) -> dict[str, Any]:
    """Tasks due (and escalated), approvals and transfers waiting on the user."""
    day = timezone.localdate()
    visible = visible_cases(user)
    tasks = (
        CaseTask.objects.filter(status=CaseTask.Status.OPEN, case__in=visible)
        .filter(responsible=user, due_on__lte=day)
        .select_related("responsible")
        .order_by("due_on", "id")
    )
    escalated = CaseTask.objects.filter(
        status=CaseTask.Status.OPEN, escalated_to=user, case__in=visible
    ).select_related("responsible")
    approvals = Approval.objects.filter(status="pending", case__in=visible).select_related("case")
    due = list(tasks) + [t for t in escalated if t.responsible_id != user.pk]
    waiting = [a for a in approvals if can_approve(user, a.case)]
    offered = list(
        Transfer.objects.filter(status="pending", to_worker=user).select_related("to_worker")
    )
    shown = [*(t.case_id for t in due), *(a.case_id for a in waiting)]
    log_case_list(user, [*shown, *(t.case_id for t in offered)], api=True, list="today")
    return {"tasks": due, "approvals": waiting, "transfers": offered}
