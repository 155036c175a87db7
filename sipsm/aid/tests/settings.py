"""Settings to develop and test the aid app before it is wired into sipsm.settings."""

from sipsm.settings import *  # noqa: F403
from sipsm.settings import INSTALLED_APPS

if "sipsm.aid" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "sipsm.aid"]
ROOT_URLCONF = "sipsm.aid.tests.urls"
