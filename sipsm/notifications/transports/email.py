"""Email through Django's configured backend (EMAIL_URL)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt, TransportError


class EmailTransport:
    def send(self, message: Message) -> Receipt:
        body = message.body + (f"\n\n{message.link}" if message.link else "")
        email = EmailMessage(
            subject=message.subject or "sipsm",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
        )
        try:
            sent = email.send(fail_silently=False)
        except OSError as exc:
            raise TransportError(str(exc)) from exc
        if sent != 1:
            raise TransportError("the mail backend accepted nothing")
        return Receipt(provider_message_id=f"email-{message.pk}")
