"""Keeping simple bots out of the public forms without a third-party service: a honeypot field
that people never see, and a signed start time (a person needs a few seconds to fill a form)."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

MIN_SECONDS_TO_FILL = 3
MAX_FORM_AGE_SECONDS = 6 * 3600


class SpamGuardMixin(forms.Form):
    """Adds `website` (the honeypot; templates hide it with class "hp") and `form_token`.

    Subclasses set `spam_salt` (one per form, so a token of one form does not pass another),
    and may name free-text fields in `spam_text_fields`: more than two links in them is spam.
    """

    spam_salt = "sipsm.public-form"
    spam_message = _("The form could not be accepted.")
    spam_text_fields: tuple[str, ...] = ()

    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = signing.dumps(time.time(), salt=self.spam_salt)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise forms.ValidationError(self.spam_message, code="spam")
        try:
            started = float(
                signing.loads(
                    cleaned.get("form_token", ""),
                    salt=self.spam_salt,
                    max_age=MAX_FORM_AGE_SECONDS,
                )
            )
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError(
                _("The form has expired; please send it again."), code="expired"
            ) from exc
        if time.time() - started < MIN_SECONDS_TO_FILL:
            raise forms.ValidationError(self.spam_message, code="spam")
        text = " ".join(str(cleaned.get(name, "")) for name in self.spam_text_fields)
        if text.count("http://") + text.count("https://") > 2:
            raise forms.ValidationError(self.spam_message, code="spam")
        return cleaned
