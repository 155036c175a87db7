"""Test helpers: a local fake provider (HTTP server in a thread) and a recording transport."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt, TransportError


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class FakeProvider:
    """Answers with the queued (status, body) pairs in turn, then with the last one."""

    url: str = ""
    answers: list[tuple[int, Any]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    delay: float = 0.0

    def answer(self, status: int, body: Any) -> None:
        self.answers.append((status, body))


def serve(provider: FakeProvider) -> Iterator[FakeProvider]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            provider.seen.append(
                Seen("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            if provider.delay:
                threading.Event().wait(provider.delay)
            status, payload = (
                provider.answers.pop(0) if len(provider.answers) > 1 else provider.answers[0]
            )
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    if not provider.answers:
        provider.answer(200, {"id": "prov-1"})
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()


class RecordingTransport:
    """Records what it is asked to send; fails as told by `failures` (class-wide)."""

    sent: ClassVar[list[tuple[int, str, str]]] = []
    failures: ClassVar[list[TransportError]] = []

    def send(self, message: Message) -> Receipt:
        if RecordingTransport.failures:
            raise RecordingTransport.failures.pop(0)
        RecordingTransport.sent.append((message.pk, message.channel, message.to))
        return Receipt(provider_message_id=f"rec-{message.pk}")

    @classmethod
    def reset(cls) -> None:
        cls.sent.clear()
        cls.failures.clear()


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
