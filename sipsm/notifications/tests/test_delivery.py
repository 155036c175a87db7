"""The outbox: nothing for rolled-back work, claims, retries with backoff, permanent errors."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sipsm.notifications.models import Message
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.notifications.tasks import (
    backoff,
    claim_due,
    deliver_due,
    deliver_outbox,
    next_wakeup,
    send_claimed,
)
from sipsm.notifications.tests.support import RecordingTransport
from sipsm.notifications.transports import Receipt, TransportError, transport_path

pytestmark = pytest.mark.django_db
S = Message.Status


def sms(text: str = "IPSM: banjir", to: str = "+6281299000001") -> Outgoing:
    return Outgoing(channel="sms", to=to, body=text, category="callout")


def ago(seconds: float) -> dt.datetime:
    """A moment in the past; the queued messages are made due since before it."""
    moment = timezone.now() - dt.timedelta(seconds=seconds)
    Message.objects.filter(status=S.QUEUED).update(next_attempt_at=moment)
    return moment


def test_it_queues_and_sends_nothing_when_the_transaction_rolls_back(
    recording: type[RecordingTransport], django_capture_on_commit_callbacks: Any
) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            queue([sms()])
            raise RuntimeError("the change failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_that_fails()

    assert Message.objects.count() == 0
    assert callbacks == []
    assert recording.sent == []


def test_it_sends_after_the_commit(
    recording: type[RecordingTransport], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        [message] = queue([sms()])
        assert recording.sent == []

    assert len(callbacks) == 1
    message.refresh_from_db()
    assert recording.sent == [(message.pk, "sms", "+6281299000001")]
    assert message.status == S.SENT
    assert message.provider_message_id == f"rec-{message.pk}"
    assert message.attempts == 1
    assert message.claim_token == ""


def test_it_stores_in_app_messages_as_delivered_without_a_run(
    django_capture_on_commit_callbacks: Any, world: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        [message] = queue(
            [Outgoing(channel="in_app", body="Hi", category="x", user_id=world.village.pk)]
        )

    assert message.status == S.DELIVERED
    assert callbacks == []


def test_it_never_lets_two_runs_claim_the_same_message(recording: Any) -> None:
    queue([sms(to=f"+62812990000{i:02d}") for i in range(5)])

    first = claim_due()
    second = claim_due()

    assert len(first) == 5
    assert second == []
    assert {m.status for m in first} == {S.SENDING}
    assert len({m.claim_token for m in first}) == 1
    assert Message.objects.filter(status=S.SENDING).count() == 5


def test_it_claims_in_batches(settings: Any, recording: Any) -> None:
    settings.SIPSM_OUTBOX_BATCH = 2
    queue([sms(to=f"+62812990000{i:02d}") for i in range(5)])

    assert [len(claim_due()) for _ in range(4)] == [2, 2, 1, 0]


def test_it_takes_over_the_claims_of_a_crashed_worker_after_the_lease(
    settings: Any, recording: type[RecordingTransport]
) -> None:
    settings.SIPSM_OUTBOX_LEASE_SECONDS = 300
    [message] = queue([sms()])
    crashed = claim_due(now=ago(301))
    assert [m.pk for m in crashed] == [message.pk]

    taken_over = claim_due()

    assert [m.pk for m in taken_over] == [message.pk]
    assert taken_over[0].claim_token != crashed[0].claim_token
    assert taken_over[0].attempts == 2
    # The first run comes back late: it sends nothing more and overwrites nothing.
    send_claimed(crashed, started=time.monotonic() - 301)
    assert recording.sent == []
    assert Message.objects.get(pk=message.pk).claim_token == taken_over[0].claim_token

    send_claimed(taken_over)

    assert recording.sent == [(message.pk, "sms", message.to)]
    message.refresh_from_db()
    assert message.status == S.SENT
    assert message.claim_token == ""


def test_it_ignores_the_outcome_of_a_run_whose_claim_was_taken_over(
    recording: type[RecordingTransport],
) -> None:
    [message] = queue([sms()])
    stale = claim_due(now=ago(301))
    fresh = claim_due()

    send_claimed(stale)  # a slow provider answered the first run after all

    message.refresh_from_db()
    assert message.status == S.SENDING
    assert message.claim_token == fresh[0].claim_token


def test_it_does_not_take_over_a_claim_within_its_lease(recording: Any) -> None:
    queue([sms()])
    claim_due(now=ago(60))

    assert claim_due() == []


def test_it_fails_a_crashed_claim_that_used_the_last_attempt(settings: Any) -> None:
    settings.SIPSM_OUTBOX_MAX_ATTEMPTS = 1
    [message] = queue([sms()])
    claim_due(now=ago(3600))

    assert claim_due() == []
    message.refresh_from_db()
    assert message.status == S.FAILED
    assert message.last_error == "the delivery worker stopped while sending"


def test_it_retries_with_exponential_backoff_then_fails(
    settings: Any, recording: type[RecordingTransport]
) -> None:
    settings.SIPSM_OUTBOX_MAX_ATTEMPTS = 4
    [message] = queue([sms()])
    recording.failures.extend(TransportError("gateway down") for _ in range(4))
    waits = []
    now = timezone.now()
    for _ in range(4):
        assert deliver_due() == 0
        message.refresh_from_db()
        if message.status == S.QUEUED:
            waits.append(round((message.next_attempt_at - now).total_seconds()))
            # Make the retry due.
            Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        now = timezone.now()

    assert waits == [30, 60, 120]
    assert message.status == S.FAILED
    assert message.attempts == 4
    assert message.last_error == "gateway down"
    assert message.failed_at is not None
    assert recording.sent == []


def test_it_waits_before_the_retry_is_due(recording: type[RecordingTransport]) -> None:
    [message] = queue([sms()])
    recording.failures.append(TransportError("timeout"))
    deliver_due()

    assert deliver_due() == 0
    message.refresh_from_db()
    assert message.status == S.QUEUED
    assert message.attempts == 1
    assert next_wakeup() == message.next_attempt_at


def test_it_succeeds_on_a_retry(recording: type[RecordingTransport]) -> None:
    [message] = queue([sms()])
    recording.failures.append(TransportError("timeout"))
    deliver_due()
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())

    assert deliver_due() == 1
    message.refresh_from_db()
    assert message.status == S.SENT
    assert message.attempts == 2
    assert message.last_error == ""


def test_it_does_not_retry_a_permanent_error(recording: type[RecordingTransport]) -> None:
    [message] = queue([sms()])
    recording.failures.append(TransportError("invalid number", permanent=True))

    deliver_due()

    message.refresh_from_db()
    assert message.status == S.FAILED
    assert message.attempts == 1
    assert message.last_error == "invalid number"


def test_it_doubles_the_wait_after_each_failure() -> None:
    assert [backoff(n).total_seconds() for n in range(1, 6)] == [30, 60, 120, 240, 480]


def test_it_sends_outside_any_transaction_of_its_own(settings: Any) -> None:
    depth_at_send: list[int] = []

    class Probe:
        def send(self, message: Message) -> Receipt:
            depth_at_send.append(len(connection.atomic_blocks))
            return Receipt("p")

    settings.SIPSM_OUTBOX_CONCURRENCY = 1
    queue([sms()])
    depth_here = len(connection.atomic_blocks)
    settings.SIPSM_TRANSPORTS = {"sms": f"{__name__}.ProbeForImport"}
    globals()["ProbeForImport"] = Probe

    assert deliver_due() == 1
    assert depth_at_send == [depth_here]


def test_it_puts_back_unsent_claims_when_the_lease_is_nearly_over(
    settings: Any, recording: type[RecordingTransport]
) -> None:
    settings.SIPSM_OUTBOX_LEASE_SECONDS = 300
    [message] = queue([sms()])
    claimed = claim_due()

    send_claimed(claimed, started=time.monotonic() - 1000)  # no time left in the lease

    message.refresh_from_db()
    assert recording.sent == []
    assert message.status == S.QUEUED
    assert message.attempts == 0
    assert message.claim_token == ""


def test_it_sends_a_batch_in_parallel_and_records_each(
    settings: Any, recording: type[RecordingTransport]
) -> None:
    settings.SIPSM_OUTBOX_CONCURRENCY = 4
    messages = queue([sms(to=f"+62812990000{i:02d}") for i in range(10)])

    assert deliver_due() == 10
    assert sorted(pk for pk, _c, _t in recording.sent) == sorted(m.pk for m in messages)
    assert set(Message.objects.values_list("status", flat=True)) == {S.SENT}


def test_it_records_a_crashing_transport_as_a_temporary_failure(settings: Any) -> None:
    class Broken:
        def send(self, message: Message) -> Receipt:
            raise KeyError("bug")

    globals()["BrokenForImport"] = Broken
    settings.SIPSM_TRANSPORTS = {"sms": f"{__name__}.BrokenForImport"}
    [message] = queue([sms()])

    deliver_due()

    message.refresh_from_db()
    assert message.status == S.QUEUED
    assert message.last_error == "transport error: KeyError"


def test_the_task_runs_on_the_immediate_backend_with_a_retry_waiting(
    recording: type[RecordingTransport],
) -> None:
    queue([sms()])
    recording.failures.append(TransportError("down"))

    result = deliver_outbox.enqueue()

    assert result.return_value == 0
    assert Message.objects.get().status == S.QUEUED


def test_it_uses_the_console_unless_a_provider_is_configured(settings: Any) -> None:
    assert transport_path("sms").endswith("console.ConsoleTransport")
    assert transport_path("whatsapp").endswith("console.ConsoleTransport")
    assert transport_path("telegram").endswith("console.ConsoleTransport")

    settings.SIPSM_SMS_URL = "http://127.0.0.1:9/send"
    settings.SIPSM_WHATSAPP_TOKEN = "t"
    settings.SIPSM_WHATSAPP_PHONE_NUMBER_ID = "123"
    settings.SIPSM_TELEGRAM_BOT_TOKEN = "1:abc"

    assert transport_path("sms").endswith("sms_http.HttpSmsTransport")
    assert transport_path("whatsapp").endswith("whatsapp.WhatsAppCloudTransport")
    assert transport_path("telegram").endswith("telegram.TelegramTransport")


def test_the_console_transport_masks_the_number(caplog: pytest.LogCaptureFixture) -> None:
    [message] = queue([sms(to="+6281299000777")])

    with caplog.at_level("INFO"):
        deliver_due()

    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "+6281299000777" not in text
    assert "+62812*****777" in text
    assert Message.objects.get(pk=message.pk).status == S.DELIVERED


def test_the_console_transport_keeps_link_tokens_out_of_the_log(
    caplog: pytest.LogCaptureFixture, settings: Any
) -> None:
    from django.core import signing

    settings.DEBUG = False
    token = signing.dumps({"a": 12, "c": "482913"}, salt="sipsm.incidents.callout", compress=True)
    queue([sms(text=f"IPSM: banjir. Jawab: http://127.0.0.1:8000/tugas/{token}/")])

    with caplog.at_level("INFO"):
        deliver_due()

    text = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in text
    assert "/tugas/[secret]/" in text
