"""Removing identities from consultation text."""

from __future__ import annotations

import pytest

from sipsm.coordination.anonymise import PlaceNames, Redactor, redact_for, redactor
from sipsm.coordination.tests import support as s
from sipsm.testing import World


def test_it_hides_numbers_phones_and_addresses() -> None:
    text = (
        "NIK 7501014403850001, KK: 7501 0144 0385 0002, HP 0812-3456-7890, +62 813 1111 2222, "
        "surel wati@example.invalid, tinggal di jl. pasar 3, Jalan Merdeka No. 5, RT 02/RW 03."
    )

    assert Redactor()(text) == (
        "NIK [hidden], KK: [hidden], HP [hidden], [hidden], surel [hidden], tinggal di [hidden], "
        "[hidden], [hidden]."
    )


def test_it_hides_words_in_any_case_but_not_inside_other_words() -> None:
    hide = Redactor(words=("budi",))

    assert hide("yang budi dan BUDI, budiman") == "yang [hidden] dan [hidden], budiman"


def test_it_hides_capitalised_names_anywhere_but_keeps_common_words_and_terms() -> None:
    text = (
        "Rudi Hartono tidur di pasar. Lakukan asesmen, libatkan PSM, TKSK dan Dinas Sosial "
        "pada hari Senin, 3 Juni. Ibunya, Sulastri, bekerja di kota."
    )

    assert Redactor()(text) == (
        "[hidden] tidur di pasar. Lakukan asesmen, libatkan PSM, TKSK dan Dinas Sosial "
        "pada hari Senin, 3 Juni. Ibunya, [hidden], bekerja di kota."
    )


def test_it_hides_an_age_and_initials_next_to_a_name() -> None:
    text = "Rudi (10) dan R. Andi, 7 tahun, serta Budi (12 tahun) tidur di pasar."

    assert Redactor()(text) == "[hidden] dan [hidden], serta [hidden] tidur di pasar."


def test_it_hides_names_of_places_in_any_case() -> None:
    hide = Redactor(places=("Kayubulan", "Batudaa Pantai"))

    assert hide("dari kayubulan ke batudaa  pantai") == "dari [hidden] ke [hidden]"


def test_it_hides_nothing_twice() -> None:
    hide = Redactor(words=("rudi",))
    once = hide("Rudi (10) di RT 02.")

    assert hide(once) == once == "[hidden] di [hidden]."


@pytest.mark.django_db
def test_it_hides_the_asker_the_people_concerned_and_the_case(world: World) -> None:
    consultation = s.consultation(world)

    text = redact_for(
        consultation, "Nur Aisyah Hulopi mendampingi budi santoso dan Ibu Wati (KS-2025-0042)."
    )

    assert text == "[hidden] mendampingi [hidden] dan Ibu [hidden] ([hidden])."


@pytest.mark.django_db
def test_it_knows_the_villages_and_districts_of_the_askers_regency(world: World) -> None:
    places = PlaceNames([world.village_a.code])

    names = places.of(world.village_a.code)

    assert {"Kayubulan", "Limboto", "Batudaa Pantai"} <= set(names)
    assert "Gorontalo" not in names  # the regency and province are shown anyway
    assert places.of("75") == ()


@pytest.mark.django_db
def test_it_reads_the_place_names_of_many_rows_in_one_query(
    world: World, django_assert_num_queries: object
) -> None:
    places = PlaceNames(["75.01.01.1001", "75.03.01", "75.01.02"])

    with django_assert_num_queries(1):  # type: ignore[operator]
        places.of("75.01.01.1001")
        places.of("75.03.01")
        places.of("75.01.02.2001")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("client_details", "question", "shown"),
    [
        (
            "rudi hartono, 10 tahun, jl. pasar 3",
            "Rudi (10) tidur di pasar, ibunya Sulastri bekerja di kota.",
            "[hidden] tidur di pasar, ibunya [hidden] bekerja di kota.",
        ),
        (
            "",
            "Rudi Hartono tidur di pasar. NIK 7501014403850001.",
            "[hidden] tidur di pasar. NIK [hidden].",
        ),
        (
            "Rudi Hartono",
            "Sejak Mei, rudi dan kakaknya Andi tinggal di RT 02 kayubulan.",
            "Sejak Mei, [hidden] dan kakaknya [hidden] tinggal di [hidden].",
        ),
    ],
)
def test_it_hides_what_the_reviewers_probes_left_visible(
    world: World, client_details: str, question: str, shown: str
) -> None:
    hide = redactor(
        asker=world.village,
        region_code=world.village_a.code,
        case_reference="",
        client_details=client_details,
    )

    assert hide(question) == shown
