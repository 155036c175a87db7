"""The permission matrix of the relief pages and API (merged into the CASES of
`sipsm.core.tests.permission_cases`, run by sipsm/core/tests/test_permission_matrix.py, which
watches the relief tables through sipsm/relief/tests/state.py).

The incident lies in village_a (75.01). Who sees it: national, province, regency, district,
the village PSM and the government partner (bound to 75.01); the other regency and the PSM of
village_b get 404. Personal rows (people, households, relief) are refused to the partner (403).
The village PSM ("psm.a", member_a) has accepted the call-out, so it may enter needs, people,
households and relief; shelters and CAP alerts are for the incident's managers.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sipsm.core.tests.matrix import Case, incident_matrix, statuses
from sipsm.incidents.models import Incident
from sipsm.relief.actions import shelters as shelter_actions
from sipsm.relief.models import AffectedPerson
from sipsm.relief.tests.support import (
    make_alert,
    make_household,
    make_incident,
    make_kk,
    make_need,
    make_person,
    make_shelter,
    nik_for,
)
from sipsm.testing import World

SEES = {"national", "province", "regency", "district", "village", "partner"}
PEOPLE = SEES - {"partner"}
ENTERS = {"national", "province", "regency", "district", "village"}
MANAGES = {"national", "province", "regency", "district"}


def sees(allowed: set[str], ok: int, *, api: bool = False) -> dict[str, int]:
    return incident_matrix(allowed, ok, anonymous=401 if api else 302)


def _inc(w: World) -> Incident:
    return make_incident(w)


def _need(w: World) -> str:
    need = make_need(w, _inc(w))
    return f"{need.incident_id}/kebutuhan/{need.pk}"


def _person(w: World) -> str:
    person = make_person(w, _inc(w))
    return f"{person.incident_id}/warga/{person.pk}"


def _household(w: World) -> str:
    household = make_household(w, _inc(w))
    return f"{household.incident_id}/keluarga/{household.pk}"


def _shelter(w: World, *, closed: bool = False) -> str:
    shelter = make_shelter(w, _inc(w))
    if closed:
        shelter_actions.close_shelter(acting_user=w.regency, shelter=shelter)
    return f"{shelter.incident_id}/posko/{shelter.pk}"


def _alert(w: World) -> str:
    alert = make_alert(w, _inc(w))
    return f"{alert.incident_id}/cap/{alert.pk}.xml"


def _api(w: World, kind: str, *, closed: bool = False) -> str:
    """`/api/v1/incidents/<id>/<kind>/<row id>` for a fresh row."""
    incident = _inc(w)
    row: Any
    if kind == "needs":
        row = make_need(w, incident)
    elif kind == "people":
        row = make_person(w, incident)
    elif kind == "households":
        row = make_household(w, incident)
    elif kind == "shelters":
        row = make_shelter(w, incident)
        if closed:
            shelter_actions.close_shelter(acting_user=w.regency, shelter=row)
    else:
        row = make_alert(w, incident)
        return f"/api/v1/incidents/{incident.pk}/cap-alerts/{row.pk}/xml"
    return f"/api/v1/incidents/{incident.pk}/{kind}/{row.pk}"


def _village_form(w: World, **values: Any) -> dict[str, Any]:
    return {"village": w.village_a.code, **values}


def _last_person(w: World) -> int:
    person = AffectedPerson.objects.order_by("-pk").first()
    assert person is not None
    return person.pk


K = "kejadian/<int:incident_id>/"
A = "api/v1/incidents/<incident_id>/"
NEED_FORM = {"category": "food", "people_affected": 5, "priority": "high", "status": "open"}

RELIEF_CASES: list[Case] = [
    # Needs
    Case(K + "kebutuhan/", "get", lambda w: f"/kejadian/{_inc(w).pk}/kebutuhan/", sees(SEES, 200)),
    Case(
        K + "kebutuhan/baru/",
        "get",
        lambda w: f"/kejadian/{_inc(w).pk}/kebutuhan/baru/",
        sees(ENTERS, 200),
    ),
    Case(
        K + "kebutuhan/baru/",
        "post",
        lambda w: f"/kejadian/{_inc(w).pk}/kebutuhan/baru/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: _village_form(w, **NEED_FORM),
    ),
    Case(
        K + "kebutuhan/<int:need_id>/",
        "get",
        lambda w: f"/kejadian/{_need(w)}/",
        sees(ENTERS, 200),
    ),
    Case(
        K + "kebutuhan/<int:need_id>/",
        "post",
        lambda w: f"/kejadian/{_need(w)}/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: _village_form(w, **{**NEED_FORM, "status": "partly_met"}),
    ),
    Case(
        K + "kebutuhan/<int:need_id>/status/",
        "post",
        lambda w: f"/kejadian/{_need(w)}/status/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: {"status": "met"},
    ),
    Case(
        K + "kebutuhan/hxl/",
        "get",
        lambda w: f"/kejadian/{_inc(w).pk}/kebutuhan/hxl/",
        sees(SEES, 200),
    ),
    # People
    Case(K + "warga/", "get", lambda w: f"/kejadian/{_inc(w).pk}/warga/", sees(PEOPLE, 200)),
    Case(
        K + "warga/",
        "post",
        lambda w: f"/kejadian/{_inc(w).pk}/warga/",
        sees(PEOPLE, 200),
        data=lambda w: {"nik": nik_for(w)},
    ),
    Case(
        K + "warga/baru/", "get", lambda w: f"/kejadian/{_inc(w).pk}/warga/baru/", sees(ENTERS, 200)
    ),
    Case(
        K + "warga/baru/",
        "post",
        lambda w: f"/kejadian/{_inc(w).pk}/warga/baru/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: _village_form(w, full_name="Rina Daud", condition="safe"),
    ),
    Case(
        K + "warga/<int:person_id>/", "get", lambda w: f"/kejadian/{_person(w)}/", sees(PEOPLE, 200)
    ),
    Case(
        K + "warga/<int:person_id>/ubah/",
        "get",
        lambda w: f"/kejadian/{_person(w)}/ubah/",
        sees(ENTERS, 200),
    ),
    Case(
        K + "warga/<int:person_id>/ubah/",
        "post",
        lambda w: f"/kejadian/{_person(w)}/ubah/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: _village_form(w, full_name="Rina Daud", condition="injured"),
    ),
    Case(
        K + "warga/<int:person_id>/nik/",
        "post",
        lambda w: f"/kejadian/{_person(w)}/nik/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: {"nik": nik_for(w)},
    ),
    # Households
    Case(K + "keluarga/", "get", lambda w: f"/kejadian/{_inc(w).pk}/keluarga/", sees(PEOPLE, 200)),
    Case(
        K + "keluarga/baru/",
        "get",
        lambda w: f"/kejadian/{_inc(w).pk}/keluarga/baru/",
        sees(ENTERS, 200),
    ),
    Case(
        K + "keluarga/baru/",
        "post",
        lambda w: f"/kejadian/{_inc(w).pk}/keluarga/baru/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: _village_form(w, head_name="Amir Pakaya", size=3),
    ),
    Case(
        K + "keluarga/<int:household_id>/",
        "get",
        lambda w: f"/kejadian/{_household(w)}/",
        sees(PEOPLE, 200),
    ),
    Case(
        K + "keluarga/<int:household_id>/ubah/",
        "get",
        lambda w: f"/kejadian/{_household(w)}/ubah/",
        sees(ENTERS, 200),
    ),
    Case(
        K + "keluarga/<int:household_id>/ubah/",
        "post",
        lambda w: f"/kejadian/{_household(w)}/ubah/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: _village_form(w, head_name="Amir P.", size=6),
    ),
    Case(
        K + "keluarga/<int:household_id>/kk/",
        "post",
        lambda w: f"/kejadian/{_household(w)}/kk/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: {"kk": make_kk(w)},
    ),
    # Shelters
    Case(K + "posko/", "get", lambda w: f"/kejadian/{_inc(w).pk}/posko/", sees(SEES, 200)),
    Case(
        K + "posko/baru/",
        "get",
        lambda w: f"/kejadian/{_inc(w).pk}/posko/baru/",
        sees(MANAGES, 200),
    ),
    Case(
        K + "posko/baru/",
        "post",
        lambda w: f"/kejadian/{_inc(w).pk}/posko/baru/",
        sees(MANAGES, 302),
        mutates=MANAGES,
        data=lambda w: _village_form(w, name="Posko Desa", kind="posko", capacity=30),
    ),
    Case(
        K + "posko/<int:shelter_id>/", "get", lambda w: f"/kejadian/{_shelter(w)}/", sees(SEES, 200)
    ),
    Case(
        K + "posko/<int:shelter_id>/ubah/",
        "get",
        lambda w: f"/kejadian/{_shelter(w)}/ubah/",
        sees(MANAGES, 200),
    ),
    Case(
        K + "posko/<int:shelter_id>/ubah/",
        "post",
        lambda w: f"/kejadian/{_shelter(w)}/ubah/",
        sees(MANAGES, 302),
        mutates=MANAGES,
        data=lambda w: _village_form(w, name="Masjid Besar", kind="pengungsian"),
    ),
    Case(
        K + "posko/<int:shelter_id>/hitung/",
        "post",
        lambda w: f"/kejadian/{_shelter(w)}/hitung/",
        sees(MANAGES, 302),
        mutates=MANAGES,
        data=lambda w: {"manual_count": 40},
    ),
    Case(
        K + "posko/<int:shelter_id>/tutup/",
        "post",
        lambda w: f"/kejadian/{_shelter(w)}/tutup/",
        sees(MANAGES, 302),
        mutates=MANAGES,
    ),
    Case(
        K + "posko/<int:shelter_id>/buka/",
        "post",
        lambda w: f"/kejadian/{_shelter(w, closed=True)}/buka/",
        sees(MANAGES, 302),
        mutates=MANAGES,
    ),
    # Relief
    Case(K + "bantuan/", "get", lambda w: f"/kejadian/{_inc(w).pk}/bantuan/", sees(PEOPLE, 200)),
    Case(
        K + "bantuan/baru/",
        "get",
        lambda w: f"/kejadian/{_inc(w).pk}/bantuan/baru/",
        sees(ENTERS, 200),
    ),
    Case(
        K + "bantuan/baru/",
        "post",
        lambda w: f"/kejadian/{_person(w).split('/')[0]}/bantuan/baru/",
        sees(ENTERS, 302),
        mutates=ENTERS,
        data=lambda w: {
            "person": _last_person(w),
            "kind": "food",
            "quantity": "5",
            "unit": "kg",
            "given_on": timezone.localdate().isoformat(),
        },
    ),
    # Reports
    Case(K + "sitrep/", "get", lambda w: f"/kejadian/{_inc(w).pk}/sitrep/", sees(SEES, 200)),
    Case(K + "sitrep.pdf", "get", lambda w: f"/kejadian/{_inc(w).pk}/sitrep.pdf", sees(SEES, 200)),
    Case(K + "cap/", "get", lambda w: f"/kejadian/{_inc(w).pk}/cap/", sees(SEES, 200)),
    Case(
        K + "cap/",
        "post",
        lambda w: f"/kejadian/{_inc(w).pk}/cap/",
        sees(MANAGES, 302),
        mutates=MANAGES,
        data=lambda w: {
            "msg_type": "Alert",
            "status": "Actual",
            "headline": "Banjir",
            "urgency": "Immediate",
        },
    ),
    Case(K + "cap/<int:alert_id>.xml", "get", lambda w: f"/kejadian/{_alert(w)}", sees(SEES, 200)),
    Case("kejadian/hxl/", "get", lambda w: "/kejadian/hxl/", statuses(200)),
    Case("kejadian/hxl/kebutuhan/", "get", lambda w: "/kejadian/hxl/kebutuhan/", statuses(200)),
    # API (browser session)
    Case(
        A + "needs",
        "get",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/needs",
        sees(SEES, 200, api=True),
    ),
    Case(
        A + "needs",
        "post",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/needs",
        sees(ENTERS, 201, api=True),
        mutates=ENTERS,
        data=lambda w: {"village_code": w.village_a.code, "category": "food"},
        json=True,
    ),
    Case(
        A + "needs/<need_id>",
        "get",
        lambda w: _api(w, "needs"),
        sees(SEES, 200, api=True),
    ),
    Case(
        A + "needs/<need_id>",
        "put",
        lambda w: _api(w, "needs"),
        sees(ENTERS, 200, api=True),
        mutates=ENTERS,
        data=lambda w: {"village_code": w.village_a.code, "category": "water", "status": "met"},
        json=True,
    ),
    Case(
        A + "people",
        "get",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/people",
        sees(PEOPLE, 200, api=True),
    ),
    Case(
        A + "people",
        "post",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/people",
        sees(ENTERS, 201, api=True),
        mutates=ENTERS,
        data=lambda w: {"village_code": w.village_a.code, "full_name": "Rina"},
        json=True,
    ),
    Case(
        A + "people/find-by-nik",
        "post",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/people/find-by-nik",
        sees(PEOPLE, 200, api=True),
        data=lambda w: {"nik": nik_for(w)},
        json=True,
    ),
    Case(
        A + "people/<person_id>",
        "get",
        lambda w: _api(w, "people"),
        sees(PEOPLE, 200, api=True),
    ),
    Case(
        A + "people/<person_id>",
        "put",
        lambda w: _api(w, "people"),
        sees(ENTERS, 200, api=True),
        mutates=ENTERS,
        data=lambda w: {
            "village_code": w.village_a.code,
            "full_name": "Rina B.",
            "condition": "injured",
        },
        json=True,
    ),
    Case(
        A + "people/<person_id>/nik",
        "post",
        lambda w: _api(w, "people") + "/nik",
        sees(ENTERS, 200, api=True),
        mutates=ENTERS,
        data=lambda w: {"nik": nik_for(w)},
        json=True,
    ),
    Case(
        A + "households",
        "get",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/households",
        sees(PEOPLE, 200, api=True),
    ),
    Case(
        A + "households",
        "post",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/households",
        sees(ENTERS, 201, api=True),
        mutates=ENTERS,
        data=lambda w: {"village_code": w.village_a.code, "head_name": "Amir"},
        json=True,
    ),
    Case(
        A + "households/<household_id>",
        "get",
        lambda w: _api(w, "households"),
        sees(PEOPLE, 200, api=True),
    ),
    Case(
        A + "households/<household_id>",
        "put",
        lambda w: _api(w, "households"),
        sees(ENTERS, 200, api=True),
        mutates=ENTERS,
        data=lambda w: {"village_code": w.village_a.code, "head_name": "Amir P.", "size": 4},
        json=True,
    ),
    Case(
        A + "households/<household_id>/kk",
        "post",
        lambda w: _api(w, "households") + "/kk",
        sees(ENTERS, 200, api=True),
        mutates=ENTERS,
        data=lambda w: {"kk": make_kk(w)},
        json=True,
    ),
    Case(
        A + "shelters",
        "get",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/shelters",
        sees(SEES, 200, api=True),
    ),
    Case(
        A + "shelters",
        "post",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/shelters",
        sees(MANAGES, 201, api=True),
        mutates=MANAGES,
        data=lambda w: {"village_code": w.village_a.code, "name": "Posko"},
        json=True,
    ),
    Case(
        A + "shelters/<shelter_id>",
        "get",
        lambda w: _api(w, "shelters"),
        sees(SEES, 200, api=True),
    ),
    Case(
        A + "shelters/<shelter_id>",
        "put",
        lambda w: _api(w, "shelters"),
        sees(MANAGES, 200, api=True),
        mutates=MANAGES,
        data=lambda w: {"village_code": w.village_a.code, "name": "Posko 2", "capacity": 9},
        json=True,
    ),
    Case(
        A + "shelters/<shelter_id>/count",
        "post",
        lambda w: _api(w, "shelters") + "/count",
        sees(MANAGES, 200, api=True),
        mutates=MANAGES,
        data=lambda w: {"manual_count": 12},
        json=True,
    ),
    Case(
        A + "shelters/<shelter_id>/close",
        "post",
        lambda w: _api(w, "shelters") + "/close",
        sees(MANAGES, 200, api=True),
        mutates=MANAGES,
    ),
    Case(
        A + "shelters/<shelter_id>/reopen",
        "post",
        lambda w: _api(w, "shelters", closed=True) + "/reopen",
        sees(MANAGES, 200, api=True),
        mutates=MANAGES,
    ),
    Case(
        A + "relief",
        "get",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/relief",
        sees(PEOPLE, 200, api=True),
    ),
    Case(
        A + "relief",
        "post",
        lambda w: _api(w, "people").rsplit("/people/", 1)[0] + "/relief",
        sees(ENTERS, 201, api=True),
        mutates=ENTERS,
        data=lambda w: {"person_id": _last_person(w), "kind": "water"},
        json=True,
    ),
    Case(
        A + "sitrep",
        "get",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/sitrep",
        sees(SEES, 200, api=True),
    ),
    Case(
        A + "cap-alerts",
        "get",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/cap-alerts",
        sees(SEES, 200, api=True),
    ),
    Case(
        A + "cap-alerts",
        "post",
        lambda w: f"/api/v1/incidents/{_inc(w).pk}/cap-alerts",
        sees(MANAGES, 201, api=True),
        mutates=MANAGES,
        data=lambda w: {"headline": "Banjir, mengungsi"},
        json=True,
    ),
    Case(
        A + "cap-alerts/<alert_id>/xml",
        "get",
        lambda w: _api(w, "cap-alerts"),
        sees(SEES, 200, api=True),
    ),
    Case(
        "api/v1/hxl/incidents",
        "get",
        lambda w: "/api/v1/hxl/incidents",
        statuses(200, anonymous=401),
    ),
    Case("api/v1/hxl/needs", "get", lambda w: "/api/v1/hxl/needs", statuses(200, anonymous=401)),
    Case(
        "api/v1/spm/disaster",
        "get",
        lambda w: f"/api/v1/spm/disaster?regency=75.01&year={timezone.localdate().year}",
        statuses(403, anonymous=401, national=200, province=200, regency=200, partner=200),
    ),
]
