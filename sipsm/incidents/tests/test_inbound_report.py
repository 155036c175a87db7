"""LAPOR by text message: the keyword grammar, village codes and names, helpful replies."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count

from sipsm.incidents.inbound import handle_message, help_text
from sipsm.incidents.models import Channel, Incident
from sipsm.regions.models import Region
from sipsm.testing import World

pytestmark = pytest.mark.django_db
PHONE = "+6281377000111"


def send(text: str, *, sender: str = PHONE, channel: str = "sms") -> str:
    return handle_message(channel=channel, sender=sender, text=text)


def only_incident() -> Incident:
    [incident] = Incident.objects.select_related("type", "region")
    return incident


def unique_village(words: int = 1) -> Region:
    """A village of the test data whose name no other village has."""
    unique = (
        Region.objects.filter(level=4)
        .values("name_key")
        .annotate(n=Count("code"))
        .filter(n=1)
        .values_list("name_key", flat=True)
    )
    for village in Region.objects.filter(level=4, name_key__in=unique).order_by("code"):
        if len(village.name_key.split()) == words and len(village.name_key) > 4:
            return village
    raise AssertionError("no such village in the test data")


def shared_name(at_least: int = 4) -> str:
    return str(
        Region.objects.filter(level=4)
        .values("name_key")
        .annotate(n=Count("code"))
        .filter(n__gte=at_least)
        .order_by("-n", "name_key")
        .values_list("name_key", flat=True)[0]
    )


def test_it_reports_with_an_undotted_village_code(world: World) -> None:
    village = world.village_a

    reply = send(f"LAPOR BANJIR {village.undotted_code} air setinggi lutut di RT 02")

    incident = only_incident()
    assert incident.type.code == "banjir"
    assert incident.region == village
    assert incident.channel == Channel.SMS
    assert incident.status == Incident.Status.REPORTED
    assert incident.reporter_phone == PHONE
    assert incident.description == "air setinggi lutut di RT 02"
    assert incident.title == f"Banjir in {village.name}: air setinggi lutut di RT 02"
    assert incident.tracking_code in reply
    assert reply.startswith(f"Thank you. Report {incident.tracking_code} received: Banjir in ")
    assert f"/lapor/cek/{incident.tracking_code}/" in reply
    assert set(incident.areas.values_list("village_id", flat=True)) == {village.code}


def test_it_reports_with_a_dotted_village_code(world: World) -> None:
    send(f"LAPOR BANJIR {world.village_b.code} rumah terendam")

    incident = only_incident()
    assert incident.region == world.village_b
    assert incident.description == "rumah terendam"


def test_it_ignores_case_extra_spaces_and_punctuation(world: World) -> None:
    send(f"   lapor   Banjir ,  {world.village_a.code}.   air naik!!  ")

    incident = only_incident()
    assert incident.type.code == "banjir"
    assert incident.region == world.village_a
    assert incident.description == "air naik!!"


def test_it_accepts_hash_separated_parts(world: World) -> None:
    send(f"LAPOR#LONGSOR#{world.village_a.undotted_code}#jalan tertutup")

    incident = only_incident()
    assert incident.type.code == "tanah_longsor"
    assert incident.description == "jalan tertutup"


def test_it_accepts_a_code_written_in_groups(world: World) -> None:
    code = world.village_a.code
    send(f"LAPOR GEMPA {code.replace('.', ' ')} retak")

    incident = only_incident()
    assert incident.region == world.village_a
    assert incident.type.code == "gempa_bumi"
    assert incident.description == "retak"


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("BANJIR", "banjir"),
        ("banjir bandang", "banjir"),
        ("LONGSOR", "tanah_longsor"),
        ("Tanah Longsor", "tanah_longsor"),
        ("GEMPA", "gempa_bumi"),
        ("gempa bumi", "gempa_bumi"),
        ("KEBAKARAN", "kebakaran_permukiman"),
        ("kebakaran hutan", "kebakaran_hutan_lahan"),
        ("puting beliung", "angin_puting_beliung"),
        ("WABAH", "wabah"),
        ("orang_hilang", "orang_hilang"),
    ],
)
def test_it_knows_each_type_by_its_code_and_keywords(world: World, words: str, code: str) -> None:
    send(f"LAPOR {words} {world.village_a.undotted_code} keterangan")

    incident = only_incident()
    assert incident.type.code == code
    assert incident.description == "keterangan"


def test_it_reports_with_a_unique_village_name(world: World) -> None:
    village = unique_village()

    reply = send(f"lapor banjir {village.name} air naik sejak subuh")

    incident = only_incident()
    assert incident.region == village
    assert incident.description == "air naik sejak subuh"
    assert incident.location_text == village.name_key
    assert incident.tracking_code in reply


def test_it_reports_with_a_village_name_of_two_words(world: World) -> None:
    village = unique_village(words=2)

    send(f"LAPOR BANJIR {village.name.upper()}, air naik")

    incident = only_incident()
    assert incident.region == village
    assert incident.description == "air naik"


def test_it_skips_words_like_di_and_desa_before_the_name(world: World) -> None:
    village = unique_village()

    send(f"LAPOR BANJIR di desa {village.name} air naik")

    assert only_incident().region == village


def test_it_takes_a_type_qualifier_before_the_village_name(world: World) -> None:
    village = unique_village()

    send(f"LAPOR BANJIR ROB {village.name} air laut masuk")

    incident = only_incident()
    assert incident.type.code == "banjir"
    assert incident.region == village
    assert incident.description == "air laut masuk"


def test_it_tells_a_village_apart_by_its_district(world: World) -> None:
    village = world.village_a  # its name is shared with a village of another district
    district = Region.objects.get(code=village.code[:8])
    assert Region.objects.filter(level=4, name_key=village.name_key).count() > 1

    send(f"LAPOR BANJIR {village.name} {district.name}, air naik")

    assert only_incident().region == village


def test_it_asks_for_the_code_when_several_villages_have_the_name(world: World) -> None:
    name = shared_name()
    same_name = list(Region.objects.filter(level=4, name_key=name).order_by("code"))

    reply = send(f"LAPOR BANJIR {name} air naik")

    assert Incident.objects.count() == 0
    assert reply.startswith(f'Several villages match "{name}". Send the report again with')
    listed = [village.code for village in same_name if village.code in reply]
    assert listed == [village.code for village in same_name[:3]]


def test_it_lists_the_district_of_each_candidate(world: World) -> None:
    village = world.village_a
    district = Region.objects.get(code=village.code[:8])

    reply = send(f"LAPOR BANJIR {village.name} air naik")

    assert Incident.objects.count() == 0
    assert f"{village.name} (Kec. {district.name}) {village.code}" in reply


def test_it_replies_with_an_example_for_an_unknown_village(world: World) -> None:
    reply = send("LAPOR BANJIR Qwzxvbnm air naik")

    assert Incident.objects.count() == 0
    assert reply == (
        'Unknown village "qwzxvbnm". Send the village code or its exact name, '
        "e.g. LAPOR BANJIR 7501011001 air setinggi lutut"
    )


def test_it_replies_for_a_village_code_that_does_not_exist(world: World) -> None:
    reply = send("LAPOR BANJIR 7599992999 air naik")

    assert Incident.objects.count() == 0
    assert reply.startswith('No village has the code "75.99.99.2999". A village code has 10')


def test_it_does_not_take_a_district_code_for_a_village(world: World) -> None:
    reply = send(f"LAPOR BANJIR {world.village_a.code[:8]} air naik")

    assert Incident.objects.count() == 0
    assert reply.startswith(f'No village has the code "{world.village_a.code[:8]}"')


def test_it_lists_the_types_for_an_unknown_type(world: World) -> None:
    reply = send(f"LAPOR BADAI_PASIR {world.village_a.code} debu")

    assert Incident.objects.count() == 0
    assert reply.startswith('Unknown incident type "BADAI_PASIR". Use one of: ')
    for word in ("BANJIR", "LONGSOR", "GEMPA", "KEBAKARAN", "WABAH"):
        assert word in reply


def test_it_asks_what_and_where_for_a_bare_lapor(world: World) -> None:
    assert send("lapor").startswith("Say what happened and where: LAPOR BANJIR ")
    assert send("LAPOR BANJIR").startswith("Which village? Add the village code or name")
    assert Incident.objects.count() == 0


@pytest.mark.parametrize("channel", ["whatsapp", "telegram"])
def test_it_records_the_channel(world: World, channel: str) -> None:
    send(f"LAPOR BANJIR {world.village_a.code} air", channel=channel)

    assert only_incident().channel == channel


def test_it_reports_from_a_telegram_chat_without_a_known_number(world: World) -> None:
    reply = send(f"/lapor banjir {world.village_a.code} air", sender="", channel="telegram")

    incident = only_incident()
    assert incident.reporter_phone == ""
    assert incident.tracking_code in reply


def test_it_normalises_the_senders_number(world: World) -> None:
    send(f"LAPOR BANJIR {world.village_a.code} air", sender="6281377000111")

    assert only_incident().reporter_phone == PHONE


def test_it_limits_reports_per_number(world: World, settings: Any) -> None:
    for _ in range(5):
        send(f"LAPOR BANJIR {world.village_a.code} air")

    reply = send(f"LAPOR BANJIR {world.village_a.code} air")

    assert reply == "Too many reports from this number. Please try again later."
    assert Incident.objects.count() == 5


def test_it_explains_the_formats(world: World) -> None:
    assert send("BANTUAN") == help_text()
    assert send("info") == help_text()
    assert send("") == help_text()
    reply = send("halo, ada banjir")
    assert reply == "Message not understood. " + help_text()
    assert "LAPOR <TYPE> <village code or name> <what happened>" in reply
    assert "TERIMA <code>" in reply


def test_it_refuses_a_channel_that_is_not_messaging(world: World) -> None:
    with pytest.raises(ValueError, match="not a messaging channel"):
        handle_message(channel="public", sender=PHONE, text="LAPOR")
