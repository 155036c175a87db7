"""The training catalogue: courses and scheduling their sessions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.coordination.permissions import coordinates
from sipsm.coordination.views.common import form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.training.access import access_course
from sipsm.training.actions import catalogue as catalogue_actions
from sipsm.training.forms import CourseForm, SessionForm
from sipsm.training.models import Course, TrainingSession
from sipsm.training.permissions import can_manage_catalogue, can_see_catalogue


@require_GET
def course_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_catalogue(request.user):
        raise Http404
    courses = Course.objects.prefetch_related("skills").annotate(
        open_sessions=Count(
            "sessions",
            filter=Q(sessions__status=TrainingSession.Status.OPEN)
            & Q(sessions__in=TrainingSession.objects.visible_to(request.user)),
        )
    )
    if request.GET.get("semua") != "1":
        courses = courses.filter(is_active=True)
    page = Paginator(courses.order_by("title"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/courses.html",
        {"page_obj": page, "can_manage": can_manage_catalogue(request.user)},
    )


def _form_page(
    request: AuthenticatedRequest, form: CourseForm | SessionForm, title: str
) -> HttpResponse:
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": title, "nav": "training/_nav.html"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_manage_catalogue(request.user):
        raise PermissionRefused()
    form = CourseForm(request.POST or None, initial={"pass_mark": 70, "is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            course = catalogue_actions.create_course(acting_user=request.user, data=form.to_data())
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Course added to the catalogue."))
            return redirect("training:course_detail", course.pk)
    return _form_page(request, form, _("New course"))


@require_GET
def course_detail(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id)
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .filter(course=course)
        .select_related("unit")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status="enrolled")),
            waiting=Count("enrolments", filter=Q(enrolments__status="waitlisted")),
        )
        .order_by("-starts_on", "-id")
    )
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "skills": list(course.skills.all()),
            "sessions": list(sessions[:100]),
            "can_manage": can_manage_catalogue(request.user),
            "can_schedule": coordinates(request.user, request.user.scope_code),
        },
    )


@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id)
    if not can_manage_catalogue(request.user):
        raise PermissionRefused()
    initial = {
        "code": course.code,
        "title": course.title,
        "category": course.category,
        "description": course.description,
        "skills": list(course.skills.all()),
        "grants_bimtek_dasar": course.grants_bimtek_dasar,
        "hours": course.hours,
        "pass_mark": course.pass_mark,
        "is_active": course.is_active,
    }
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_actions.update_course(
                acting_user=request.user, course=course, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("training:course_detail", course.pk)
    return _form_page(request, form, course.title)


@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id)
    if not coordinates(request.user, request.user.scope_code):
        raise PermissionRefused()
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = catalogue_actions.schedule_session(
                acting_user=request.user, course=course, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("training:session_detail", session.pk)
    return _form_page(request, form, _("New session: %(c)s") % {"c": course.title})
