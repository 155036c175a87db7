"""sipsm seed_demo: a small, synthetic demo data set (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sipsm.core import demo


class Command(BaseCommand):
    help = "Create demo units, boards, ~200 synthetic members and one account per role."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SIPSM_DEMO:
            raise CommandError(
                "Demo data (with a published password and no two-factor login) is for "
                "development only. This installation runs with DEBUG=false; set SIPSM_DEMO=true "
                "to seed it anyway, e.g. on a training server."
            )
        already = demo.is_seeded()
        lines = demo.seed()
        if already:
            self.stdout.write("Demo data already present; nothing added.")
        else:
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        self.stdout.write("Two-factor login is OFF for these demo accounts only.")
        for spec, scope in lines:
            self.stdout.write(f"  {spec.username:<16} {spec.description} — {scope}")
