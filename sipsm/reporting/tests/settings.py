"""Settings for developing and testing the reporting app before it is wired into the project:
sipsm's own settings, with the app installed and a URL configuration that adds its routes."""

from sipsm.settings import *  # noqa: F403
from sipsm.settings import INSTALLED_APPS

if "sipsm.reporting" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "sipsm.reporting"]
ROOT_URLCONF = "sipsm.reporting.tests.urls"
