"""Settings for running the relief tests before the app is wired into sipsm/settings.py:

    .venv/bin/pytest --ds=sipsm.relief.tests.settings sipsm/relief

Once `sipsm.relief` is in INSTALLED_APPS and its urls/router are included, this module
changes nothing (the app is not added twice, and the test urlconf reuses the main one)."""

from sipsm.settings import *  # noqa: F403
from sipsm.settings import INSTALLED_APPS as _INSTALLED_APPS

INSTALLED_APPS = (
    _INSTALLED_APPS if "sipsm.relief" in _INSTALLED_APPS else [*_INSTALLED_APPS, "sipsm.relief"]
)
ROOT_URLCONF = "sipsm.relief.tests.urls"
