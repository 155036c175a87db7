"""The in-app inbox: own messages only, unread counter, marking read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from sipsm.core.models import AuditEvent
from sipsm.notifications.context_processors import inbox
from sipsm.notifications.models import Message
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.testing import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sipsm.notifications.tests.urls")]


def in_app(user_id: int, body: str, link: str = "") -> Message:
    [message] = queue(
        [
            Outgoing(
                channel="in_app",
                body=body,
                subject="Info",
                category="x",
                user_id=user_id,
                link=link,
            )
        ]
    )
    return message


@pytest.fixture
def mail(world: World) -> dict[str, Message]:
    return {
        "first": in_app(world.village.pk, "Banjir di Kayubulan"),
        "second": in_app(world.village.pk, "Longsor di Hunggaluwa", link="/kejadian/1/"),
        "other": in_app(world.regency.pk, "Pesan untuk koordinator"),
    }


def test_it_lists_only_the_users_own_messages_with_the_unread_count(
    client_for: Any, mail: dict[str, Message]
) -> None:
    page = client_for("village").get("/pesan/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Banjir di Kayubulan" in html
    assert "Longsor di Hunggaluwa" in html
    assert "Pesan untuk koordinator" not in html
    assert page.context["unread"] == 2
    assert [m.pk for m in page.context["page_obj"]] == [mail["second"].pk, mail["first"].pk]


def test_it_sends_anonymous_visitors_to_the_login(mail: dict[str, Message]) -> None:
    response = Client().get("/pesan/")

    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]


def test_it_marks_one_message_read(client_for: Any, mail: dict[str, Message]) -> None:
    client = client_for("village")

    response = client.post(f"/pesan/{mail['first'].pk}/baca/")

    assert response.status_code == 302
    assert response["Location"] == "/pesan/"
    mail["first"].refresh_from_db()
    mail["second"].refresh_from_db()
    assert mail["first"].read_at is not None
    assert mail["second"].read_at is None
    assert client.get("/pesan/").context["unread"] == 1
    assert client.get("/pesan/?belum=1").context["page_obj"].object_list[0] == mail["second"]


def test_it_opens_the_link_of_a_message(client_for: Any, mail: dict[str, Message]) -> None:
    response = client_for("village").post(f"/pesan/{mail['second'].pk}/baca/", {"open": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/kejadian/1/"


def test_it_does_not_follow_a_link_to_another_site(client_for: Any, world: World) -> None:
    message = in_app(world.village.pk, "x", link="https://evil.example/phish")

    response = client_for("village").post(f"/pesan/{message.pk}/baca/", {"open": "1"})

    assert response["Location"] == "/pesan/"


def test_it_does_not_let_a_user_touch_anothers_message(
    client_for: Any, mail: dict[str, Message]
) -> None:
    response = client_for("village").post(f"/pesan/{mail['other'].pk}/baca/")

    assert response.status_code == 404
    mail["other"].refresh_from_db()
    assert mail["other"].read_at is None


def test_it_marks_all_read_and_audits_it(client_for: Any, mail: dict[str, Message]) -> None:
    client = client_for("village")

    response = client.post("/pesan/baca-semua/")

    assert response.status_code == 302
    assert Message.objects.filter(user__username="psm.a", read_at__isnull=True).count() == 0
    assert Message.objects.get(pk=mail["other"].pk).read_at is None
    event = AuditEvent.objects.get(verb="notifications.read")
    assert event.actor_label == "psm.a"
    assert event.data == {"messages": 2, "all": True}


def test_marking_needs_a_post(client_for: Any, mail: dict[str, Message]) -> None:
    client = client_for("village")

    assert client.get("/pesan/baca-semua/").status_code == 405
    assert client.get(f"/pesan/{mail['first'].pk}/baca/").status_code == 405


def test_the_counter_shows_the_unread_count(client_for: Any, mail: dict[str, Message]) -> None:
    response = client_for("village").get("/pesan/jumlah/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/pesan/"' in html
    assert '<span class="pill active" aria-label="2 unread messages">2</span>' in html


def test_the_counter_shows_no_badge_without_unread(client_for: Any, world: World) -> None:
    html = client_for("district").get("/pesan/jumlah/").content.decode()

    assert "Messages" in html
    assert "pill" not in html


def test_the_context_processor_counts_unread_messages(
    world: World, mail: dict[str, Message]
) -> None:
    request = RequestFactory().get("/")
    request.user = world.village

    context = inbox(request)

    assert context == {"inbox_unread": 2}


def test_the_context_processor_is_empty_for_anonymous(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    assert inbox(request) == {}
