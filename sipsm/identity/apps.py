from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "sipsm.identity"
    label = "identity"
    verbose_name = _("Identity numbers")

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from sipsm.identity.crypto import reset_keyring_cache

        # Tests swap keys with override_settings; drop the cached keyring when they do.
        setting_changed.connect(reset_keyring_cache, dispatch_uid="sipsm-identity-keys")
