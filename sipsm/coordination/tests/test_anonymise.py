"""Removing identities from consultation text."""

from __future__ import annotations

import pytest

from sipsm.coordination.anonymise import redact, redact_for
from sipsm.coordination.tests import support as s
from sipsm.testing import World


def test_it_hides_numbers_phones_and_addresses() -> None:
    text = "NIK 7501014403850001, HP 0812-3456-7890, surel wati@example.invalid"

    assert redact(text, []) == "NIK [hidden], HP [hidden], surel [hidden]"


def test_it_hides_words_in_any_case_but_not_inside_other_words() -> None:
    assert redact("budi dan BUDI, Budiman", ["Budi"]) == "[hidden] dan [hidden], Budiman"


@pytest.mark.django_db
def test_it_hides_the_asker_the_people_concerned_and_the_case(world: World) -> None:
    consultation = s.consultation(world)

    text = redact_for(
        consultation, "Nur Aisyah Hulopi mendampingi Budi Santoso dan Ibu Wati (KS-2025-0042)."
    )

    assert text == "[hidden] mendampingi [hidden] dan Ibu [hidden] ([hidden])."
