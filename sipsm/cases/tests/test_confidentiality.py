"""Case files are seen by their worker, the supervisors up the region chain and the users
they are shared with; every read and every refused attempt is logged; narratives and
identities are encrypted in the database."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.utils import timezone

from sipsm.accounts.models import User
from sipsm.cases.actions import closure as closure_actions
from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.actions import referrals as referral_actions
from sipsm.cases.actions import work as work_actions
from sipsm.cases.models import Case, Intake, Share
from sipsm.cases.tests.support import (
    assess,
    guardian_consent,
    make_case,
    make_intake,
    make_provider,
    request_closure,
)
from sipsm.core.models import AuditEvent
from sipsm.identity.fields import BlindIndexField, EncryptedTextField
from sipsm.people.tests.support import CHILD_BIRTH, make_person
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_village", "partner", "other_regency"]


def _denials(case_id: int) -> list[tuple[str, str]]:
    events = AuditEvent.objects.filter(verb="access.case.denied").order_by("id")
    return [(e.actor_label, e.data["reason"]) for e in events if e.data["case_id"] == case_id]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_it_answers_404_on_the_page_and_the_api_and_logs_it(
    world: World, case: Case, client_for, persona: str
) -> None:
    client = client_for(persona)

    page = client.get(f"/kasus/{case.pk}/")
    api = client.get(f"/api/v1/cases/{case.pk}")

    assert (page.status_code, api.status_code) == (404, 404)
    assert api.json() == {"detail": "Not Found"}
    username = world.personas()[persona].username
    assert _denials(case.pk) == [(username, "not_visible"), (username, "not_visible")]
    assert AuditEvent.objects.filter(verb="access.case.read").count() == 0


def test_it_answers_404_to_anonymous_callers_and_logs_it(case: Case) -> None:
    client = Client()

    page = client.get(f"/kasus/{case.pk}/")
    api = client.get(f"/api/v1/cases/{case.pk}")
    rights = client.get(f"/kasus/{case.pk}/hak-anak/")

    assert (page.status_code, api.status_code, rights.status_code) == (404, 404, 404)
    assert _denials(case.pk) == [("", "anonymous")] * 3


def test_it_answers_a_missing_case_like_a_forbidden_one(world: World, client_for) -> None:
    response = client_for("village").get("/kasus/999999/")

    assert response.status_code == 404
    assert _denials(999999) == [("psm.a", "missing")]


def test_it_logs_every_read_of_the_case_file(world: World, case: Case, client_for) -> None:
    client_for("village").get(f"/kasus/{case.pk}/")
    client_for("district").get(f"/api/v1/cases/{case.pk}")
    client_for("regency").get(f"/kasus/{case.pk}/hak-anak/")

    reads = AuditEvent.objects.filter(verb="access.case.read").order_by("id")
    assert [(e.actor_label, e.object_id, e.data["what"]) for e in reads] == [
        ("psm.a", str(case.pk), "case"),
        ("tksk", str(case.pk), "api"),
        ("kabupaten", str(case.pk), "rights"),
    ]


def test_it_hides_the_case_from_another_psm_of_the_same_village(world: World, case: Case) -> None:
    neighbour = User.objects.create_user(
        "psm.a2", role="village_psm", region=world.village_a, password="x"
    )
    client = Client()
    client.force_login(neighbour)

    assert client.get(f"/kasus/{case.pk}/").status_code == 404
    assert list(client.get("/kasus/").context["page_obj"]) == []


def test_it_lets_a_user_read_a_shared_case_but_not_change_it(
    world: World, case: Case, client_for
) -> None:
    share = closure_actions.share_case(
        acting_user=world.village, case=case, user=world.other_village, reason="Guru pendamping"
    )
    client = client_for("other_village")

    assert client.get(f"/kasus/{case.pk}/").status_code == 200
    refused = client.post(
        f"/kasus/{case.pk}/catatan/", {"kind": "note", "on": "2025-01-01", "text": "x"}
    )
    assert refused.status_code == 403

    closure_actions.revoke_share(acting_user=world.district, share=share)
    assert client.get(f"/kasus/{case.pk}/").status_code == 404


def _listed(match: dict[str, object]) -> list[tuple[str, object]]:
    events = AuditEvent.objects.filter(verb="access.case.list").order_by("id")
    return [
        (e.actor_label, e.data["cases"])
        for e in events
        if all(e.data.get(k) == v for k, v in match.items())
    ]


def test_it_logs_the_cases_shown_on_the_today_and_approval_lists(
    world: World, case: Case, client_for
) -> None:
    work_actions.add_task(
        acting_user=world.village,
        case=case,
        kind="follow_up",
        title="Kunjungan rumah",
        due_on=timezone.localdate(),
        responsible=world.village,
    )
    request_closure(world, case)

    client_for("village").get("/kasus/hari-ini/")
    client_for("village").get("/api/v1/cases/today")
    client_for("district").get("/kasus/persetujuan/")
    client_for("district").get("/kasus/hari-ini/")
    client_for("other_village").get("/kasus/hari-ini/")

    assert _listed({"list": "today", "api": None}) == [
        ("psm.a", [case.pk]),
        ("tksk", [case.pk]),
    ]
    assert _listed({"list": "today", "api": True}) == [("psm.a", [case.pk])]
    assert _listed({"list": "approvals"}) == [("tksk", [case.pk])]


def _database_text() -> str:
    """Every value of every table but the region reference data, as text."""
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names() if not t.startswith("regions_")]
        dump = []
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (test: table names from introspection)
            dump.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(dump)


def test_it_keeps_no_plaintext_narrative_or_nik_in_the_database(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    story = "Dipukul ayah tirinya lalu lari ke terminal"
    person = make_person(world, nik=nik, address="kolong jembatan dekat pasar ikan")
    case = make_case(world, person=person, summary=story)
    assess(world, case)
    work_actions.add_note(
        acting_user=world.village, case=case, kind="visit", on=case.opened_at.date(), text=story
    )
    consent = guardian_consent(world, case)
    # Free texts that used to be kept in clear, each with its own marker.
    referral_actions.withdraw_consent(
        acting_user=world.village, consent=consent, note="PENANDA-CABUT ibunya menolak"
    )
    referral_actions.send_referral(
        acting_user=world.district,
        case=case,
        provider=make_provider(world),
        service="education",
        override_reason="PENANDA-DARURAT anak dalam bahaya di rumah",
    )
    referral_actions.record_right(
        acting_user=world.village,
        case=case,
        right="education",
        status="in_progress",
        as_of=timezone.localdate(),
        details={"school": "PENANDA-SEKOLAH SD Inpres 7", "enrolled": True},
    )
    referral_actions.record_right(
        acting_user=world.village,
        case=case,
        right="housing",
        status="in_progress",
        as_of=timezone.localdate(),
        details={"institution": "PENANDA-LKS Panti Kasih"},
    )
    referral_actions.record_right(
        acting_user=world.village,
        case=case,
        right="talents",
        status="in_progress",
        as_of=timezone.localdate(),
        details={"activities": "PENANDA-BAKAT menari saman"},
    )
    share = closure_actions.share_case(
        acting_user=world.village,
        case=case,
        user=world.other_village,
        reason="PENANDA-BAGI guru wali kelasnya",
    )
    transfer = closure_actions.request_transfer(
        acting_user=world.village,
        case=case,
        to_worker=world.other_village,
        to_village=world.village_b,
        reason="Pindah ke rumah neneknya",
    )
    closure_actions.decide_transfer(
        acting_user=world.other_village,
        transfer=transfer,
        accept=False,
        note="PENANDA-TOLAK belum sanggup mendampingi",
    )
    intake = make_intake(world)
    intake_actions.dismiss_intake(
        acting_user=world.district, intake=intake, reason="PENANDA-ABAI laporan salah alamat"
    )

    text = _database_text()

    assert nik not in text
    assert "ayah tirinya" not in text
    assert "pasar ikan" not in text
    assert "Siti Daud" not in text  # the guardian's name
    assert "putus sekolah" not in text.lower()
    assert "rumah neneknya" not in text  # the transfer's reason
    assert [marker for marker in MARKERS if marker in text] == []
    assert Case.objects.get(pk=case.pk).summary == story
    assert (Share.objects.get(pk=share.pk).reason, Intake.objects.get().dismiss_reason) == (
        "PENANDA-BAGI guru wali kelasnya",
        "PENANDA-ABAI laporan salah alamat",
    )


MARKERS = [
    "PENANDA-CABUT",
    "PENANDA-DARURAT",
    "PENANDA-SEKOLAH",
    "PENANDA-LKS",
    "PENANDA-BAKAT",
    "PENANDA-BAGI",
    "PENANDA-TOLAK",
    "PENANDA-ABAI",
]


# Free-text columns of casework and people that are kept in clear, each for a reason. Any
# other text column must be encrypted: a new one fails here until it is one or the other.
CLEAR_TEXT = {
    # Names are searched (through the folded `name_key`); the numbers are encrypted.
    "people.Person.full_name",
    "people.Person.name_key",
    "people.Person.birth_place",
    "people.Household.head_name",
    # Reference data and import bookkeeping (the report names rows and columns, not people).
    "people.ReferenceList.name",
    "people.ReferenceList.legal_basis",
    "people.ReferenceList.note",
    "people.WelfareCategory.code",
    "people.WelfareCategory.name",
    "people.WelfareCategory.abbreviation",
    "people.PpksImport.filename",
    "people.PpksImport.file_error",
    "people.PpksImport.problems",
    "people.PpksImport.warnings",
    # Case numbers and the public directory of service providers.
    "cases.Case.number",
    "cases.CaseSequence.regency_code",
    "cases.Intake.about_sex",
    "cases.ServiceProvider.name",
    "cases.ServiceProvider.services",
    "cases.ServiceProvider.address",
    "cases.ServiceProvider.phone",
    "cases.ServiceProvider.email",
    "cases.ServiceProvider.contact_name",
    # The published consent text and its hashes.
    "cases.ConsentText.text",
    "cases.ConsentText.sha256",
    "cases.Consent.text_hash",
}


def test_it_keeps_every_other_free_text_column_encrypted() -> None:
    clear = set()
    for app in ("people", "cases"):
        for model in apps.get_app_config(app).get_models():
            for f in model._meta.concrete_fields:
                text = isinstance(f, models.CharField | models.TextField | models.JSONField)
                if not text or f.choices or isinstance(f, EncryptedTextField | BlindIndexField):
                    continue
                clear.add(f"{app}.{model.__name__}.{f.name}")

    assert clear == CLEAR_TEXT
