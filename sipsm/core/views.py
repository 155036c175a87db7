"""Home page, dashboard and the health check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sipsm.core.http import AuthenticatedRequest


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    return dashboard(request)  # type: ignore[arg-type]


def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    from sipsm.registry.selectors import member_counts_for

    return render(
        request,
        "core/dashboard.html",
        {"counts": member_counts_for(request.user)},
    )


def _task_queue_status() -> dict[str, Any]:
    from django.conf import settings

    backend = str(settings.TASKS["default"]["BACKEND"])
    status: dict[str, Any] = {"backend": backend.rsplit(".", 1)[-1]}
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        due = DBTaskResult.objects.ready()
        status["ready"] = due.count()
        status["scheduled"] = DBTaskResult.objects.filter(status="READY").count() - status["ready"]
        status["failed"] = DBTaskResult.objects.failed().count()
        # How long the oldest due task has waited: a worker that is down shows up here.
        oldest = due.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        status["oldest_ready_seconds"] = (
            round((timezone.now() - oldest).total_seconds()) if oldest else 0
        )
        # A due task waiting longer than this means no worker is taking tasks: call-outs and
        # escalations would not go out.
        status["ok"] = status["oldest_ready_seconds"] <= settings.SIPSM_TASKS_STALE_SECONDS
    else:
        status["ok"] = True
    return status


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: the database and the task queue."""
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except DatabaseError as exc:
        checks["database"] = {"ok": False, "error": exc.__class__.__name__}
    try:
        checks["tasks"] = _task_queue_status()
    except DatabaseError as exc:
        checks["tasks"] = {"ok": False, "error": exc.__class__.__name__}
    # Without a database nothing works (503, take this node out); a stalled task queue is
    # "degraded": pages still work, but alerts wait, so monitoring must raise the alarm.
    if not checks["database"]["ok"]:
        return JsonResponse({"status": "error", **checks}, status=503)
    status = "ok" if checks["tasks"]["ok"] else "degraded"
    return JsonResponse({"status": status, **checks}, status=200)
