"""Password rules beyond Django's: longer passwords for accounts without a second factor,
and no passwords built from words of this very system (ASVS 6.2.1, 6.2.11)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTEXT_WORDS = ("sipsm", "ipsm", "pekerjasosial", "kemensos", "dinsos", "password", "katasandi")
SINGLE_FACTOR_MIN = 15
MFA_MIN = 12


class ContextWordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        squeezed = "".join(ch for ch in password.lower() if ch.isalnum())
        for word in CONTEXT_WORDS:
            if word in squeezed:
                raise ValidationError(
                    _("The password must not contain the word “%(word)s”.") % {"word": word},
                    code="password_context_word",
                )
        if user is not None:
            requires_mfa = bool(getattr(user, "requires_mfa", False))
            minimum = MFA_MIN if requires_mfa else SINGLE_FACTOR_MIN
            if len(password) < minimum:
                raise ValidationError(
                    _("For this account the password needs at least %(n)d characters.")
                    % {"n": minimum},
                    code="password_too_short_for_role",
                )

    def get_help_text(self) -> str:
        return _("At least 15 characters (12 with two-factor login); no words such as “sipsm”.")
