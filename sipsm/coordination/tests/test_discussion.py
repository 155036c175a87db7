"""Discussion: mentions, moderation, locks, the daily digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from sipsm.coordination.actions import discussion as discussion_actions
from sipsm.coordination.models import Post
from sipsm.coordination.tests import support as s
from sipsm.core.errors import Conflict, PermissionRefused
from sipsm.notifications.models import Message
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_notifies_the_accounts_mentioned_who_can_read_the_thread(world: World) -> None:
    thread = s.thread(world)

    post = discussion_actions.reply(
        acting_user=world.district,
        thread=thread,
        body="@psm.b mohon cek juga. @kabupaten.lain @nobody",
    )

    assert [u.username for u in post.mentions.all()] == ["psm.b"]
    notices = Message.objects.filter(category="mention")
    assert list(notices.values_list("user__username", "channel")) == [("psm.b", "in_app")]
    assert notices.get().link.endswith(f"/diskusi/{thread.pk}/#post-{post.pk}")


def test_it_refuses_replies_to_a_locked_thread_except_from_coordinators(world: World) -> None:
    thread = s.thread(world)
    discussion_actions.moderate_thread(acting_user=world.regency, thread=thread, action="lock")

    with pytest.raises(Conflict):
        discussion_actions.reply(acting_user=world.other_village, thread=thread, body="Halo")
    discussion_actions.reply(acting_user=world.regency, thread=thread, body="Ditutup.")

    assert Post.objects.filter(thread=thread).count() == 2


def test_it_lets_only_the_units_coordinators_moderate(world: World) -> None:
    thread = s.thread(world)

    with pytest.raises(PermissionRefused):
        discussion_actions.moderate_thread(acting_user=world.district, thread=thread, action="pin")
    thread.refresh_from_db()
    assert thread.is_pinned is False


def test_it_hides_a_hidden_post_from_psms_but_not_from_moderators(
    world: World, client_for: Any
) -> None:
    thread = s.thread(world)
    post = thread.posts.get()
    discussion_actions.hide_post(acting_user=world.regency, post=post, hidden=True)

    seen_by_psm = client_for("other_village").get(f"/diskusi/{thread.pk}/")
    seen_by_moderator = client_for("regency").get(f"/diskusi/{thread.pk}/")

    assert b"terlambat dua minggu" not in seen_by_psm.content
    assert b"hidden by a moderator" in seen_by_psm.content
    assert b"terlambat dua minggu" in seen_by_moderator.content


def test_it_sends_one_daily_digest_with_the_new_threads(world: World) -> None:
    discussion_actions.set_digest(acting_user=world.regency, daily=True)
    s.thread(world)
    Message.objects.all().delete()

    call_command("send_discussion_digest")
    call_command("send_discussion_digest")

    digest = Message.objects.get(category="digest")
    assert digest.channel == "email"
    assert digest.to == "kabupaten@example.invalid"
    assert "Penyaluran BPNT terlambat" in digest.body
    later = timezone.now() + dt.timedelta(days=1)
    assert discussion_actions.send_daily_digests(now=later) == 0


def test_it_lists_a_hidden_thread_only_for_its_moderators(world: World, client_for: Any) -> None:
    thread = s.thread(world)
    discussion_actions.moderate_thread(acting_user=world.regency, thread=thread, action="hide")

    for persona, shown in [("national", True), ("regency", True), ("village", False)]:
        page = client_for(persona).get("/diskusi/")
        assert (b"Penyaluran BPNT terlambat" in page.content) is shown, persona
    assert client_for("village").get(f"/diskusi/{thread.pk}/").status_code == 404
