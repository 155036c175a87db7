"""The consultation desk: identities hidden from consultants, the queue, the whole exchange,
publishing anonymised."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from sipsm.accounts.roles import Role
from sipsm.coordination import permissions as perms
from sipsm.coordination.actions import consultation as consultation_actions
from sipsm.coordination.models import Article, Consultant, Consultation
from sipsm.coordination.search import search_articles
from sipsm.coordination.tests import support as s
from sipsm.notifications.models import Message
from sipsm.testing import World, make_user, region

pytestmark = pytest.mark.django_db

IDENTITIES = ["Budi", "Santoso", "Wati", "KS-2025-0042", "Nur Aisyah", "Hulopi", "psm.a"]


def _leaks(text: str) -> list[str]:
    return [word for word in IDENTITIES if word.lower() in text.lower()]


def test_it_never_shows_a_consultant_identities_that_were_not_shared(
    world: World, client_for: Any
) -> None:
    consultation = s.consultation(world, stage="answered")
    consultant = client_for("other_regency")

    page = consultant.get(f"/konsultasi/{consultation.pk}/").content.decode()
    api = json.dumps(consultant.get(f"/api/v1/consultations/{consultation.pk}").json())
    queue = consultant.get("/konsultasi/?status=answered").content.decode()

    assert _leaks(page) == []
    assert _leaks(api) == []
    assert _leaks(queue) == []
    assert "Not shared with you." in page
    assert "A PSM in Kab. Gorontalo, Gorontalo" in page


def test_it_shows_identities_to_the_asker_and_the_supervisors(
    world: World, client_for: Any
) -> None:
    consultation = s.consultation(world)

    for persona in ("village", "district"):
        body = client_for(persona).get(f"/konsultasi/{consultation.pk}/").content.decode()
        assert "KS-2025-0042" in body
        assert "Budi Santoso, 12 tahun" in body
        assert "Nur Aisyah Hulopi" in body


def test_it_shows_identities_to_a_consultant_when_the_asker_shared_them(
    world: World, client_for: Any
) -> None:
    consultation = s.consultation(world, shared=True)

    data = client_for("other_regency").get(f"/api/v1/consultations/{consultation.pk}").json()

    assert data["case_reference"] == "KS-2025-0042"
    assert data["asker"] == "Nur Aisyah Hulopi"
    assert data["identities_visible"] is True


def test_it_keeps_a_consultation_from_consultants_of_another_area(
    world: World, client_for: Any
) -> None:
    consultation = s.consultation(world)
    elsewhere = make_user("peksos.lain", Role.DISTRICT_COORDINATOR, "75.03.01")
    consultation_actions.register_consultant(
        acting_user=world.national,
        user=elsewhere,
        profession="Pekerja Sosial Profesional",
        region=region("75.03"),
    )
    client = client_for("village")
    client.force_login(elsewhere)

    assert client.get(f"/konsultasi/{consultation.pk}/").status_code == 404
    assert client.get("/api/v1/consultations?box=queue").json()["items"] == []


def test_it_runs_question_answer_follow_up_and_rating(world: World) -> None:
    consultation = s.consultation(world, stage="answered")
    assert consultation.status == "answered"

    consultation_actions.follow_up(
        acting_user=world.village, consultation=consultation, body="Jika ibunya menolak?"
    )
    consultation.refresh_from_db()
    assert consultation.status == "assigned"
    assert consultation.deadline > timezone.now() + dt.timedelta(days=2)
    consultation_actions.answer(
        acting_user=world.other_regency, consultation=consultation, body="Libatkan kepala desa."
    )
    consultation_actions.rate(
        acting_user=world.village, consultation=consultation, rating=5, note="Membantu"
    )

    consultation.refresh_from_db()
    assert (consultation.status, consultation.rating) == ("closed", 5)
    kinds = list(consultation.messages.values_list("kind", flat=True))
    assert kinds == ["answer", "follow_up", "answer"]
    told = Message.objects.filter(category="consultation", user=world.village)
    assert told.count() == 3  # taken, answered, answered again


def test_it_refuses_to_take_a_consultation_someone_else_took(world: World, client_for: Any) -> None:
    consultation = s.consultation(world, stage="assigned")
    colleague = make_user("peksos.dua", Role.VILLAGE_PSM, world.village_b.code, mfa=False)
    consultation_actions.register_consultant(
        acting_user=world.national, user=colleague, profession="Psikolog", region=region("75.01")
    )
    client = client_for("village")
    client.force_login(colleague)

    response = client.post(f"/api/v1/consultations/{consultation.pk}/take")

    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.assigned_to == world.other_regency


def test_it_publishes_an_anonymised_consultation_that_search_finds(world: World) -> None:
    consultation = s.consultation(world, stage="answered")

    article = consultation_actions.publish(
        acting_user=world.other_regency,
        consultation=consultation,
        title="Anak putus sekolah: Budi Santoso",
        body=consultation_actions.anonymised_text(consultation) + "\nHubungi Wati 081234567890",
    )

    assert article.kind == Article.Kind.CONSULTATION
    assert _leaks(article.title + article.body) == []
    assert "[hidden]" in article.body
    assert list(search_articles(Article.objects.all(), "didampingi")) == [article]
    consultation.refresh_from_db()
    assert consultation.published_article == article


def test_it_sends_a_supervisor_question_to_the_coordinators_above_the_village(
    world: World,
) -> None:
    Message.objects.all().delete()
    consultation_actions.ask(
        acting_user=world.village,
        question=consultation_actions.Question(
            route=Consultation.Route.SUPERVISOR,
            topic="general",
            subject="Jadwal rapat",
            question="Kapan rapat berikutnya?",
        ),
    )

    told = set(
        Message.objects.filter(category="consultation").values_list("user__username", flat=True)
    )
    assert told == {"tksk", "kabupaten"}


def _ask(world: World, *, client_details: str, question: str) -> Consultation:
    s.link_member(world)
    s.consultant(world)
    return consultation_actions.ask(
        acting_user=world.village,
        question=consultation_actions.Question(
            route="consultant",
            topic="casework",
            subject="Anak tidur di pasar",
            question=question,
            client_details=client_details,
        ),
    )


@pytest.mark.parametrize(
    ("client_details", "question", "shown", "names"),
    [
        (
            "rudi hartono, 10 tahun, jl. pasar 3",
            "Rudi (10) tidur di pasar, ibunya Sulastri bekerja di kota.",
            "[hidden] tidur di pasar, ibunya [hidden] bekerja di kota.",
            ["Rudi", "Sulastri", "(10)"],
        ),
        (
            "",
            "Rudi Hartono tidur di pasar. NIK 7501014403850001",
            "[hidden] tidur di pasar. NIK [hidden]",
            ["Rudi", "Hartono", "7501014403850001"],
        ),
        (
            "Rudi Hartono",
            "Ia tidur di pasar. Rudi dan kakaknya Andi tinggal di RT 02 Kayubulan.",
            "Ia tidur di pasar. [hidden] dan kakaknya [hidden] tinggal di [hidden].",
            ["Rudi", "Andi", "RT 02", "Kayubulan"],
        ),
    ],
)
def test_it_shows_a_consultant_the_question_without_any_identity(
    world: World, client_for: Any, client_details: str, question: str, shown: str, names: list[str]
) -> None:
    consultation = _ask(world, client_details=client_details, question=question)

    data = client_for("other_regency").get(f"/api/v1/consultations/{consultation.pk}").json()

    assert data["question"] == shown
    assert data["client_details"] is None
    assert [n for n in names if n in json.dumps(data)] == []


def test_it_hides_names_in_the_answers_from_the_consultant_view(
    world: World, client_for: Any
) -> None:
    consultation = s.consultation(world, stage="assigned")
    consultation_actions.answer(
        acting_user=world.other_regency,
        consultation=consultation,
        body="Ajak Pak Rahmat, ketua RT, mengunjungi keluarga.",
    )

    data = client_for("other_regency").get(f"/api/v1/consultations/{consultation.pk}").json()

    assert [m["body"] for m in data["messages"]] == [
        "Ajak Pak [hidden], ketua RT, mengunjungi keluarga."
    ]


QUESTION_FORM = {
    "route": "consultant",
    "topic": "casework",
    "subject": "Rudi tidur di pasar",
    "question": "Rudi (10) tidur di pasar, ibunya Sulastri bekerja di kota.",
    "case_reference": "KS-2025-0042",
    "client_details": "rudi hartono, 10 tahun, jl. pasar 3",
}


def test_it_previews_what_the_consultant_will_see_before_sending(
    world: World, client_for: Any
) -> None:
    client = client_for("village")

    response = client.post("/konsultasi/baru/", QUESTION_FORM)

    assert response.status_code == 200
    assert Consultation.objects.count() == 0
    page = response.content.decode()
    assert '<dd id="preview-subject">[hidden] tidur di pasar</dd>' in page
    assert "<p>[hidden] tidur di pasar, ibunya [hidden] bekerja di kota.</p>" in page
    assert "A PSM in Kab. Gorontalo, Gorontalo" in page
    assert "KS-2025-0042</dd>" not in page
    assert 'name="question" value="Rudi (10) tidur di pasar' in page  # sent as written


def test_it_sends_the_question_once_confirmed(world: World, client_for: Any) -> None:
    client = client_for("village")

    response = client.post("/konsultasi/baru/", {**QUESTION_FORM, "send": "1"})

    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/konsultasi/{consultation.pk}/"
    assert (consultation.question, consultation.client_details) == (
        QUESTION_FORM["question"],
        QUESTION_FORM["client_details"],
    )


def test_it_goes_back_to_the_form_to_change_the_question(world: World, client_for: Any) -> None:
    response = client_for("village").post("/konsultasi/baru/", {**QUESTION_FORM, "edit": "1"})

    assert response.status_code == 200
    assert Consultation.objects.count() == 0
    assert 'id="id_client_details"' in response.content.decode()


def test_it_previews_shared_identities_in_full(world: World, client_for: Any) -> None:
    response = client_for("village").post(
        "/konsultasi/baru/", {**QUESTION_FORM, "share_identities": "on"}
    )

    page = response.content.decode()
    assert "<p>Rudi (10) tidur di pasar, ibunya Sulastri bekerja di kota.</p>" in page
    assert '<dd id="preview-case">KS-2025-0042</dd>' in page


def test_it_previews_through_the_api_without_sending(world: World, client_for: Any) -> None:
    response = client_for("village").post(
        "/api/v1/consultations/preview", QUESTION_FORM, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "subject": "[hidden] tidur di pasar",
        "question": "[hidden] tidur di pasar, ibunya [hidden] bekerja di kota.",
        "asker": "A PSM in Kab. Gorontalo, Gorontalo",
        "case_reference": None,
        "client_details": None,
        "identities_visible": False,
    }
    assert Consultation.objects.count() == 0


def test_it_publishes_with_the_same_redaction_as_the_consultant_view(world: World) -> None:
    consultation = _ask(
        world,
        client_details="rudi hartono, 10 tahun, jl. pasar 3",
        question="Rudi (10) tidur di pasar, ibunya Sulastri bekerja di kota.",
    )
    consultation_actions.take(acting_user=world.other_regency, consultation=consultation)
    consultation_actions.answer(
        acting_user=world.other_regency,
        consultation=consultation,
        body="Hubungi Pak Rahmat di Kayubulan, 0812-3456-7890.",
    )

    article = consultation_actions.publish(
        acting_user=world.other_regency,
        consultation=consultation,
        title="Rudi tidur di pasar",
        body=consultation_actions.anonymised_text(consultation),
        tags=["anak jalanan", "rudi"],
    )

    assert article.title == "[hidden] tidur di pasar"
    assert article.body == (
        "[hidden] tidur di pasar, ibunya [hidden] bekerja di kota.\n\n"
        "Answer:\nHubungi Pak [hidden] di [hidden], [hidden]."
    )
    assert list(article.tags.values_list("slug", flat=True)) == ["anak-jalanan"]


def test_it_refuses_to_register_a_government_partner_as_consultant(
    world: World, client_for: Any
) -> None:
    response = client_for("national").post(
        "/api/v1/consultants",
        {"username": "mitra", "profession": "Pekerja Sosial Profesional", "region_code": "75.01"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert (response.json()["field"], response.json()["detail"]) == (
        "username",
        "A government partner cannot be a consultant; register a coordinator or a PSM.",
    )
    assert Consultant.objects.count() == 0


def test_it_ignores_a_partners_consultant_profile_made_before(world: World) -> None:
    Consultant.objects.create(user=world.partner, profession="Peksos", region=region("75.01"))

    assert consultation_actions.consultants_for(world.village_a.code) == []
    assert perms.consultant_profile(world.partner) is None


def test_it_keeps_a_partner_assigned_before_the_rule_out_of_the_consultation(
    world: World, client_for: Any
) -> None:
    consultation = s.consultation(world, stage="assigned")
    Consultation.objects.filter(pk=consultation.pk).update(assigned_to=world.partner)
    partner = client_for("partner")

    seen = partner.get(f"/api/v1/consultations/{consultation.pk}")
    answered = partner.post(
        f"/api/v1/consultations/{consultation.pk}/answer",
        {"body": "Rujuk ke panti."},
        content_type="application/json",
    )
    page = partner.get(f"/konsultasi/{consultation.pk}/")

    assert (seen.status_code, answered.status_code, page.status_code) == (404, 404, 404)
    assert not consultation.messages.exists()


def test_it_pages_the_askers_own_questions(world: World, client_for: Any) -> None:
    s.link_member(world)
    for n in range(26):
        consultation_actions.ask(
            acting_user=world.village,
            question=consultation_actions.Question(
                route="supervisor", topic="casework", subject=f"Pertanyaan {n:02d}", question="?"
            ),
        )
    client = client_for("village")

    first = client.get("/konsultasi/").content.decode()
    second = client.get("/konsultasi/?mine_page=2").content.decode()

    assert "Pertanyaan 25" in first
    assert "Pertanyaan 00" not in first
    assert "?mine_page=2" in first
    assert "Pertanyaan 00" in second
    assert "Pertanyaan 25" not in second
