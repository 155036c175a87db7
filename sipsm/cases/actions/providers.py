"""The directory of service providers (LKS, schools, puskesmas, panti, Dinas Sosial, UPTD PPA,
Disdukcapil, ...), kept by coordinators."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.cases.models import ProviderService, ServiceProvider
from sipsm.cases.permissions import can_edit_provider, can_manage_providers
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.people.models import ReferenceList, WelfareCategory
from sipsm.regions.models import Region

FIELDS = [
    "name",
    "kind",
    "psks",
    "region",
    "services",
    "address",
    "phone",
    "email",
    "contact_name",
    "active",
]


@dataclass
class ProviderData:
    name: str
    kind: str
    region: Region
    coverage: list[Region] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    psks: WelfareCategory | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    contact_name: str = ""
    active: bool = True


def _validate(acting_user: User, data: ProviderData) -> None:
    if not data.name.strip():
        raise ActionError(_("Give the name."), field="name")
    if data.kind not in ServiceProvider.Kind.values:
        raise ActionError(_("Unknown kind of provider."), field="kind")
    if not data.services or any(s not in ProviderService.values for s in data.services):
        raise ActionError(_("Choose the services offered."), field="services")
    if not data.coverage:
        raise ActionError(_("Choose the regions served."), field="coverage")
    if not acting_user.covers(data.region.code):
        raise ActionError(_("The region is outside your area."), field="region")
    for region in data.coverage:
        if not acting_user.covers(region.code):
            raise ActionError(
                _("%(region)s is outside your area.") % {"region": region.name}, field="coverage"
            )
    if data.psks is not None and data.psks.reference_list.kind != ReferenceList.Kind.PSKS:
        raise ActionError(_("Choose a PSKS type."), field="psks")


def _apply(provider: ServiceProvider, data: ProviderData) -> None:
    provider.name = " ".join(data.name.split())[:200]
    provider.kind = data.kind
    provider.region = data.region
    provider.services = sorted(set(data.services))
    provider.psks = data.psks
    provider.address = data.address.strip()[:300]
    provider.phone = data.phone.strip()[:20]
    provider.email = data.email.strip()
    provider.contact_name = data.contact_name.strip()[:150]
    provider.active = data.active


@transaction.atomic
def create_provider(*, acting_user: User, data: ProviderData) -> ServiceProvider:
    if not can_manage_providers(acting_user):
        raise PermissionRefused()
    _validate(acting_user, data)
    provider = ServiceProvider(created_by=acting_user)
    _apply(provider, data)
    provider.save()
    provider.coverage.set(data.coverage)
    record_event(
        actor=acting_user,
        verb="case.provider.create",
        target=provider,
        region_code=provider.region_id,
        changes=initial_values(provider, FIELDS),
        data={"coverage": [r.code for r in data.coverage]},
    )
    return provider


@transaction.atomic
def update_provider(
    *, acting_user: User, provider: ServiceProvider, data: ProviderData
) -> ServiceProvider:
    if not can_edit_provider(acting_user, provider):
        raise PermissionRefused()
    _validate(acting_user, data)
    provider = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
    before = snapshot(provider, FIELDS)
    coverage_before = sorted(provider.coverage.values_list("code", flat=True))
    _apply(provider, data)
    provider.updated_at = timezone.now()
    provider.save()
    provider.coverage.set(data.coverage)
    changes = changes_between(provider, before, snapshot(provider, FIELDS))
    coverage_after = sorted(r.code for r in data.coverage)
    if coverage_after != coverage_before:
        changes["coverage"] = [coverage_before, coverage_after]
    record_event(
        actor=acting_user,
        verb="case.provider.update",
        target=provider,
        region_code=provider.region_id,
        changes=changes,
    )
    return provider
