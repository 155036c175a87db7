"""Protections added after review: complementary suppression and no child figures below a
regency for partners, legal basis and versioned consent texts, masked case exports, the ids
of listed cases in the audit trail, free-text reasons kept out of it, and translated
messages about a right's facts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from django.utils.functional import Promise

from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.actions import referrals as referral_actions
from sipsm.cases.actions.consent_texts import current_consent_text, revise_consent_text
from sipsm.cases.models import Case, ConsentText
from sipsm.cases.models.referrals import text_hash
from sipsm.cases.rights import InvalidDetails, clean_details
from sipsm.cases.stats import child_rights_table, protect_column
from sipsm.cases.tests.support import guardian_consent, make_case, make_intake
from sipsm.core.errors import PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import Person
from sipsm.people.tests.support import make_person
from sipsm.regions.models import Region
from sipsm.testing import World

pytestmark = pytest.mark.django_db


# I3: complementary suppression; partners never below a regency -------------------------------


def test_it_hides_the_next_smallest_cell_when_only_one_is_hidden() -> None:
    assert protect_column(20, [3, 7, 10]) == (False, [True, True, False])
    assert protect_column(20, [2, 3, 15]) == (False, [True, True, False])
    assert protect_column(20, [20]) == (False, [False])
    assert protect_column(4, [4, 0]) == (True, [True, True])


def test_it_hides_both_cells_of_a_two_row_column_with_one_small_cell() -> None:
    assert protect_column(6, [4, 2]) == (False, [True, True])
    assert protect_column(9, [2, 7]) == (False, [True, True])


def test_it_hides_the_total_when_no_other_cell_can_be_hidden() -> None:
    assert protect_column(9, [3]) == (True, [True])


def _children(world: World, village: Region, n: int, *, start: int = 1) -> None:
    for i in range(n):
        person = make_person(
            world,
            actor=world.district,
            village=village,
            full_name=f"Anak {village.code} {i}",
            birth_date=dt.date(2013, 1, start + i),
        )
        make_case(world, person=person, actor=world.district, village=village)


def test_it_never_lets_a_hidden_count_be_recomputed_from_the_total(world: World) -> None:
    _children(world, world.village_a, 7)
    _children(world, world.village_b, 2, start=10)
    district = Region.objects.get(code=world.village_a.code[:8])

    table = child_rights_table(district)

    assert str(table.total.children) == "9"
    assert str(next(r for r in table.rows if r.code == world.village_b.code).children) == "<5"
    columns = [("children", lambda row: row.children)] + [
        (right, lambda row, right=right: row.met[right]) for right in table.total.met
    ]
    for name, cell in columns:
        hidden = [r for r in table.rows if cell(r).hidden]
        if not cell(table.total).hidden:
            assert len(hidden) != 1, name


def test_it_gives_a_partner_no_figures_below_the_regency(world: World, client_for) -> None:
    _children(world, world.village_a, 6)
    district = world.village_a.code[:8]
    client = client_for("partner")

    api = client.get(f"/api/v1/stats/child-rights?region={world.village_a.code}").json()
    page = client.get(f"/kasus/hak-anak/?region={district}")

    assert (api["region_code"], api["rows"]) == (world.village_a.code[:5], [])
    assert api["total"]["children"] == {"value": 6, "suppressed": False}
    assert page.status_code == 200
    assert page.context["table"].region.code == world.village_a.code[:5]
    assert page.context["table"].rows == []


def test_it_still_lists_villages_for_a_coordinator(world: World, client_for) -> None:
    api = client_for("district").get(
        f"/api/v1/stats/child-rights?region={world.village_a.code[:8]}"
    )

    assert api.status_code == 200
    assert world.village_a.code in [r["code"] for r in api.json()["rows"]]


def test_it_answers_a_malformed_region_with_400(world: World, client_for) -> None:
    response = client_for("regency").get("/api/v1/stats/child-rights?region=zz")

    assert response.status_code == 400
    assert response.json()["detail"] == "This is not a region code."


# I5: legal basis and consent texts ------------------------------------------------------------


def test_it_records_public_task_as_the_default_legal_basis(world: World) -> None:
    case = make_case(world)
    intake = make_intake(world)

    assert (case.legal_basis, case.person.legal_basis, intake.legal_basis) == (
        "public_task",
        "public_task",
        "public_task",
    )


def test_it_lets_a_coordinator_set_the_legal_basis_and_refuses_a_psm(
    world: World, client_for
) -> None:
    form = {
        "full_name": "Bima Santoso",
        "sex": "M",
        "age_years": 10,
        "village": world.village_a.code,
        "case_village": world.village_a.code,
        "summary": "Mengamen di lampu merah",
        "legal_basis": "vital_interest",
        "confirm_new": "1",
    }

    client_for("district").post("/kasus/baru/", form)
    case = Case.objects.get()
    with pytest.raises(PermissionRefused):
        intake_actions.open_case(
            acting_user=world.village,
            person=make_person(world, full_name="Rina Mohi"),
            data=intake_actions.CaseData(village=world.village_a, legal_basis="consent"),
        )
    with pytest.raises(PermissionRefused):
        person_actions.update_person(
            acting_user=world.village,
            person=case.person,
            data=person_actions.PersonData(
                full_name="Bima Santoso", village=world.village_a, legal_basis="consent"
            ),
        )

    assert (case.legal_basis, case.person.legal_basis) == ("vital_interest", "vital_interest")
    assert Case.objects.count() == 1
    assert Person.objects.get(pk=case.person.pk).legal_basis == "vital_interest"


def test_it_ignores_a_legal_basis_field_posted_by_a_psm(world: World, client_for) -> None:
    form = {
        "full_name": "Bima Santoso",
        "age_years": 10,
        "village": world.village_a.code,
        "case_village": world.village_a.code,
        "summary": "Mengamen di lampu merah",
        "legal_basis": "consent",
        "confirm_new": "1",
    }

    client_for("village").post("/kasus/baru/", form)

    assert Case.objects.get().legal_basis == "public_task"


def test_it_links_a_consent_to_the_text_in_force_with_its_hash(world: World) -> None:
    case = make_case(world)

    consent = guardian_consent(world, case)

    assert consent.consent_text == current_consent_text()
    assert consent.text_hash == text_hash(consent.consent_text.text)
    assert consent.consent_text.version == 1


def test_it_makes_a_new_version_when_a_used_text_is_revised(world: World) -> None:
    case = make_case(world)
    used = guardian_consent(world, case).consent_text
    new_text = "Saya setuju data anak saya dibagikan kepada lembaga rujukan. (versi uji)"

    revised = revise_consent_text(acting_user=world.regency, text=new_text)
    again = revise_consent_text(acting_user=world.regency, text=new_text + " Diperbaiki.")

    used.refresh_from_db()
    assert (used.version, used.sha256) == (1, text_hash(used.text))
    assert revised.version == 2
    assert (again.pk, again.version, again.sha256) == (
        revised.pk,
        2,
        text_hash(new_text + " Diperbaiki."),
    )
    assert guardian_consent(world, case).consent_text == again
    assert list(ConsentText.objects.values_list("version", flat=True)) == [2, 1]


def test_it_refuses_a_psm_to_revise_the_consent_text(world: World) -> None:
    with pytest.raises(PermissionRefused):
        revise_consent_text(acting_user=world.village, text="Teks persetujuan yang lain sekali.")

    assert ConsentText.objects.count() == 0


def test_it_sends_the_consent_text_version_and_hash_in_the_api(world: World, client_for) -> None:
    case = make_case(world)
    consent = guardian_consent(world, case)

    body = client_for("village").get(f"/api/v1/cases/{case.pk}").json()

    assert [(c["id"], c["text_version"], c["text_hash"]) for c in body["consents"]] == [
        (consent.pk, 1, consent.text_hash)
    ]
    assert body["legal_basis"] == "public_task"


# I6: the case export --------------------------------------------------------------------------


def _rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_it_masks_names_on_a_plain_get_even_for_who_may_see_identities(
    world: World, client_for
) -> None:
    case = make_case(world)

    rows = _rows(client_for("regency").get("/kasus/ekspor.csv"))

    assert rows[1][:2] == [case.number, "Andi S******"]
    event = AuditEvent.objects.get(verb="case.export")
    assert event.data == {"rows": 1, "names": "masked"}


def test_it_exports_full_names_on_a_post_with_a_reason(world: World, client_for) -> None:
    case = make_case(world)
    client = client_for("regency")

    refused = client.post("/kasus/ekspor.csv", {"reason": ""})
    rows = _rows(client.post("/kasus/ekspor.csv", {"reason": "Verifikasi Dinas Sosial"}))
    district = client_for("district").post("/kasus/ekspor.csv", {"reason": "Perlu nama"})

    assert (refused.status_code, district.status_code) == (400, 403)
    assert rows[1][:2] == [case.number, "Andi Saputra"]
    event = AuditEvent.objects.get(verb="case.export")
    assert (event.actor, event.data) == (
        world.regency,
        {"rows": 1, "names": "full", "reason": "Verifikasi Dinas Sosial"},
    )


# Audit: listed ids, no free-text reasons ------------------------------------------------------


def test_it_logs_the_ids_of_the_cases_listed_by_the_api(world: World, client_for) -> None:
    first = make_case(world)
    second = make_case(world, person=make_person(world, full_name="Dewi Lamato"))

    client_for("village").get("/api/v1/cases")

    event = AuditEvent.objects.get(verb="access.case.list")
    assert (event.actor, event.data) == (
        world.village,
        {"api": True, "cases": [second.pk, first.pk]},
    )


def test_it_keeps_the_dismissal_reason_out_of_the_audit_trail(world: World) -> None:
    intake = make_intake(world)

    intake_actions.dismiss_intake(
        acting_user=world.district, intake=intake, reason="Sudah dirawat neneknya"
    )

    event = AuditEvent.objects.get(verb="case.intake.dismiss")
    assert event.data == {"reason_given": True, "reason_length": len("Sudah dirawat neneknya")}


# Messages about a right's facts are translated -------------------------------------------------


@pytest.mark.parametrize(
    ("right", "details"),
    [
        ("health", {"jkn_number": "0001"}),
        ("health", {"jkn_kis": "ya"}),
        ("health", {"last_check": "kemarin"}),
        ("education", {"dropout_risk": "sometimes"}),
    ],
)
def test_it_gives_translatable_messages_for_bad_facts(right: str, details: dict[str, Any]) -> None:
    with pytest.raises(InvalidDetails) as refused:
        clean_details(right, details)

    message = refused.value.message
    assert isinstance(message, (Promise, str))
    assert str(message) in {
        "Unknown detail “jkn_number”.",
        "Answer yes or no.",
        "Give a date (YYYY-MM-DD).",
        "Choose one of the options.",
    }


def test_it_translates_the_message_of_a_bad_fact_in_the_action(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sipsm.cases import rights

    monkeypatch.setattr(rights, "_", lambda text: f"[id] {text}")
    case = make_case(world)

    with pytest.raises(referral_actions.ActionError) as refused:
        referral_actions.record_right(
            acting_user=world.village,
            case=case,
            right="health",
            status="in_progress",
            as_of=timezone.localdate(),
            details={"jkn_kis": "ya"},
        )

    assert (str(refused.value.message), refused.value.field) == (
        "[id] Answer yes or no.",
        "jkn_kis",
    )
