"""The versioned consent text: the one in force, and publishing a revision.

A version that a consent points to is never changed: revising it creates the next version.
A version nobody consented to yet may still be corrected in place (its hash follows).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.cases.consent_texts import DEFAULT_TEXT
from sipsm.cases.models import ConsentText
from sipsm.cases.models.referrals import text_hash
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.people.permissions import can_set_legal_basis


def consent_text_in_force() -> ConsentText:
    """The text to read out before consent, for pages (unsaved version 1 when none was
    published yet; `current_consent_text` stores it with the first consent)."""
    latest = ConsentText.objects.order_by("-version").first()
    if latest is not None:
        return latest
    return ConsentText(version=1, text=DEFAULT_TEXT, sha256=text_hash(DEFAULT_TEXT))


def current_consent_text() -> ConsentText:
    """The latest version; version 1 (the default text) when none was published."""
    latest = ConsentText.objects.order_by("-version").first()
    if latest is not None:
        return latest
    text, _created = ConsentText.objects.get_or_create(
        version=1, defaults={"text": DEFAULT_TEXT, "sha256": text_hash(DEFAULT_TEXT)}
    )
    return text


@transaction.atomic
def revise_consent_text(*, acting_user: User | None, text: str) -> ConsentText:
    """Publish `text` as the consent text in force. `acting_user=None` is the system."""
    if acting_user is not None and not can_set_legal_basis(acting_user):
        raise PermissionRefused()
    text = (text or "").strip()
    if len(text) < 20:
        raise ActionError(_("Give the full consent text."), field="text")
    current = ConsentText.objects.select_for_update().order_by("-version").first()
    if current is not None and current.text == text:
        return current
    if current is not None and not current.consents.exists():
        old_hash = current.sha256
        current.text, current.sha256 = text, text_hash(text)
        current.save(update_fields=["text", "sha256"])
        revised = current
        data = {"version": current.version, "sha256": current.sha256, "replaces": old_hash}
    else:
        last = ConsentText.objects.aggregate(n=Max("version"))["n"] or 0
        revised = ConsentText.objects.create(
            version=last + 1, text=text, sha256=text_hash(text), created_by=acting_user
        )
        data = {"version": revised.version, "sha256": revised.sha256}
    record_event(actor=acting_user, verb="case.consent_text.publish", target=revised, data=data)
    return revised
