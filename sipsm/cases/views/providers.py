"""The directory of service providers: list with filters, page, and (for coordinators)
adding and editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.cases.access import access_provider, access_provider_for_edit, providers_for
from sipsm.cases.actions import providers as provider_actions
from sipsm.cases.forms import ProviderForm
from sipsm.cases.models import ProviderService, ServiceProvider
from sipsm.cases.permissions import can_edit_provider, can_manage_providers
from sipsm.cases.views.common import PAGE_SIZE, form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.regions import codes


@require_GET
def provider_list(request: AuthenticatedRequest) -> HttpResponse:
    providers = providers_for(request.user).select_related("region")
    service = request.GET.get("layanan", "")
    if service in ProviderService.values:
        providers = providers.offering(service)
    kind = request.GET.get("jenis", "")
    if kind in ServiceProvider.Kind.values:
        providers = providers.filter(kind=kind)
    village = request.GET.get("desa", "").strip()
    if village:
        try:
            providers = providers.covering(codes.normalize(village))
        except codes.InvalidRegionCode:
            providers = providers.none()
    page = Paginator(providers.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/providers.html",
        {
            "page_obj": page,
            "services": ProviderService.choices,
            "kinds": ServiceProvider.Kind.choices,
            "service": service,
            "kind": kind,
            "village": village,
            "can_manage": can_manage_providers(request.user),
        },
    )


def _data(form: ProviderForm) -> provider_actions.ProviderData:
    c = form.cleaned_data
    return provider_actions.ProviderData(
        name=c["name"],
        kind=c["kind"],
        region=c["region"],
        coverage=c["coverage"],
        services=list(c["services"]),
        psks=c.get("psks"),
        address=c.get("address", ""),
        phone=c.get("phone", ""),
        email=c.get("email", ""),
        contact_name=c.get("contact_name", ""),
        active=bool(c.get("active")),
    )


@require_http_methods(["GET", "POST"])
def provider_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_manage_providers(request.user):
        raise PermissionRefused()
    form = ProviderForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            provider = provider_actions.create_provider(acting_user=request.user, data=_data(form))
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Provider added."))
            return redirect("cases:provider", provider_id=provider.pk)
    return render(
        request,
        "cases/provider_form.html",
        {"form": form, "title": _("Add a service provider")},
        status=400 if form.errors else 200,
    )


@require_GET
def provider_detail(request: AuthenticatedRequest, provider_id: int) -> HttpResponse:
    provider = access_provider(request.user, provider_id)
    return render(
        request,
        "cases/provider.html",
        {
            "provider": provider,
            "coverage": provider.coverage.order_by("code"),
            "can_edit": can_edit_provider(request.user, provider),
        },
    )


@require_http_methods(["GET", "POST"])
def provider_edit(request: AuthenticatedRequest, provider_id: int) -> HttpResponse:
    provider = access_provider_for_edit(request.user, provider_id)
    initial: dict[str, Any] = {
        "name": provider.name,
        "kind": provider.kind,
        "psks": provider.psks_id,
        "region": provider.region_id,
        "coverage": ", ".join(provider.coverage.order_by("code").values_list("code", flat=True)),
        "services": provider.services,
        "address": provider.address,
        "phone": provider.phone,
        "email": provider.email,
        "contact_name": provider.contact_name,
        "active": provider.active,
    }
    form = ProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            provider_actions.update_provider(
                acting_user=request.user, provider=provider, data=_data(form)
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cases:provider", provider_id=provider.pk)
    return render(
        request,
        "cases/provider_form.html",
        {"form": form, "provider": provider, "title": provider.name},
        status=400 if form.errors else 200,
    )
