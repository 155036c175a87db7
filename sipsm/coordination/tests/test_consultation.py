"""The consultation desk: identities hidden from consultants, the queue, the whole exchange,
publishing anonymised."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from sipsm.accounts.roles import Role
from sipsm.coordination.actions import consultation as consultation_actions
from sipsm.coordination.models import Article, Consultation
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
    consultant = client_for("partner")

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

    data = client_for("partner").get(f"/api/v1/consultations/{consultation.pk}").json()

    assert data["case_reference"] == "KS-2025-0042"
    assert data["asker"] == "Nur Aisyah Hulopi"
    assert data["identities_visible"] is True


def test_it_keeps_a_consultation_from_consultants_of_another_area(
    world: World, client_for: Any
) -> None:
    consultation = s.consultation(world)
    elsewhere = make_user("peksos.lain", Role.GOVERNMENT_PARTNER, "75.03", mfa=False)
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
        acting_user=world.partner, consultation=consultation, body="Libatkan kepala desa."
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
    colleague = make_user("peksos.dua", Role.GOVERNMENT_PARTNER, "75.01", mfa=False)
    consultation_actions.register_consultant(
        acting_user=world.national, user=colleague, profession="Psikolog", region=region("75.01")
    )
    client = client_for("village")
    client.force_login(colleague)

    response = client.post(f"/api/v1/consultations/{consultation.pk}/take")

    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.assigned_to == world.partner


def test_it_publishes_an_anonymised_consultation_that_search_finds(world: World) -> None:
    consultation = s.consultation(world, stage="answered")

    article = consultation_actions.publish(
        acting_user=world.partner,
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
