"""`sipsm load_regions`: what it prints, its progress bar, and bad arguments."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_regions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_says_when_there_is_nothing_to_do() -> None:
    out, err = _run("--province", "75", "--province", "11")

    assert out == (
        "Regions already loaded (2 provinces, 29 regencies, 367 districts, 7229 villages); "
        "nothing to do.\n"
    )
    assert err == ""


def test_it_prints_the_counts_and_a_progress_bar_with_the_total() -> None:
    out, err = _run("--province", "75", "--force")

    assert re.fullmatch(
        r"Loaded 813 regions \(1 province, 6 regencies, 77 districts, 729 villages\) "
        r"in \d+\.\d s\.\n",
        out,
    )
    assert "813/813" in err
    assert "100%" in err


def test_it_loads_quietly_with_no_progress() -> None:
    out, err = _run("--province", "75", "--force", "--no-progress")

    assert out.startswith("Loaded 813 regions (1 province, ")
    assert err == ""


def test_it_refuses_a_province_argument_that_is_not_a_province() -> None:
    with pytest.raises(CommandError) as excinfo:
        _run("--province", "75.01")
    assert str(excinfo.value) == "--province takes a province code (2 digits), not 75.01"
