from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sipsm.notifications.tests.support import FakeProvider, RecordingTransport, serve


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    yield from serve(FakeProvider())


@pytest.fixture
def recording(settings: Any) -> Iterator[type[RecordingTransport]]:
    RecordingTransport.reset()
    path = "sipsm.notifications.tests.support.RecordingTransport"
    settings.SIPSM_TRANSPORTS = {"sms": path, "whatsapp": path, "telegram": path}
    yield RecordingTransport
    RecordingTransport.reset()
