"""Assignments, rounds and the phone checklist: each tick one small request."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from sipsm.aid.access import entries_for
from sipsm.aid.actions import distribution as distribution_actions
from sipsm.aid.models import Round, Tick
from sipsm.aid.tests.support import AidWorld, import_rows, open_round
from sipsm.core.errors import Conflict, PermissionRefused

pytestmark = pytest.mark.django_db


def test_it_shows_a_psm_only_the_families_of_their_villages(aid: AidWorld) -> None:
    import_rows(aid, 3)
    import_rows(aid, 2, village=aid.world.village_b.code, start=100)
    village_a, village_b = aid.world.village_a.code, aid.world.village_b.code
    assert set(entries_for(aid.world.village).values_list("village_id", flat=True)) == {village_a}
    assert entries_for(aid.world.village).count() == 3
    assert set(entries_for(aid.world.other_village).values_list("village_id", flat=True)) == {
        village_b
    }
    assert entries_for(aid.world.district).count() == 5
    assert entries_for(aid.world.other_regency).count() == 0
    assert entries_for(aid.world.partner).count() == 0


def test_it_hides_the_families_once_the_assignment_ends(aid: AidWorld) -> None:
    import_rows(aid, 2)
    assignment = aid.world.village.pk
    from sipsm.aid.models import Assignment

    distribution_actions.end_assignment(
        acting_user=aid.world.district,
        assignment=Assignment.objects.get(psm_id=assignment, village=aid.world.village_a),
    )
    assert entries_for(aid.world.village).count() == 0


def test_it_records_a_tick_with_one_small_htmx_request(aid: AidWorld, client_for: Any) -> None:
    import_rows(aid, 2)
    round_ = open_round(aid)
    entry = aid.entries().order_by("id").first()
    assert entry is not None
    response = client_for("village").post(
        f"/bansos/putaran/{round_.pk}/kpm/{entry.pk}/",
        {"mark": "received"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert len(response.content) < 6000
    assert b'class="badge received"' in response.content
    tick = Tick.objects.get()
    assert (tick.entry_id, tick.marked_by, tick.received_at is not None) == (
        entry.pk,
        aid.world.village,
        True,
    )


def test_it_records_not_received_with_a_reason_and_problems(aid: AidWorld) -> None:
    import_rows(aid, 1)
    round_ = open_round(aid)
    entry = aid.entries().get()
    mark = distribution_actions.mark_family
    with pytest.raises(Exception, match="Say why"):
        mark(
            acting_user=aid.world.village,
            round_=round_,
            entry=entry,
            data=distribution_actions.TickData(mark="not_received"),
        )
    mark(
        acting_user=aid.world.village,
        round_=round_,
        entry=entry,
        data=distribution_actions.TickData(mark="not_received", reason="Sedang merantau"),
    )
    tick = mark(
        acting_user=aid.world.village,
        round_=round_,
        entry=entry,
        data=distribution_actions.TickData(mark="problem", problem="kks_blocked"),
    )
    assert (tick.not_received_reason, tick.problem, tick.state) == (
        "Sedang merantau",
        "kks_blocked",
        "problem",
    )


def test_it_keeps_a_photo_without_its_metadata(
    aid: AidWorld, client_for: Any, settings: Any
) -> None:
    import_rows(aid, 1)
    round_ = open_round(aid)
    entry = aid.entries().get()
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 10, 10)).save(buffer, format="JPEG")
    response = client_for("village").post(
        f"/bansos/putaran/{round_.pk}/kpm/{entry.pk}/",
        {"mark": "received", "photo": SimpleUploadedFile("x.jpg", buffer.getvalue())},
    )
    assert response.status_code == 302
    tick = Tick.objects.get()
    with Image.open(tick.photo.path) as image:
        assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (600, 450), {})


def test_it_marks_several_families_at_once(aid: AidWorld, client_for: Any) -> None:
    import_rows(aid, 3)
    round_ = open_round(aid)
    ids = list(aid.entries().values_list("id", flat=True))
    response = client_for("village").post(
        f"/bansos/putaran/{round_.pk}/tandai/", {"mark": "received", "entries": ids[:2]}
    )
    assert response.status_code == 302
    assert (
        sorted(Tick.objects.filter(received_at__isnull=False).values_list("entry_id", flat=True))
        == ids[:2]
    )


def test_it_refuses_ticks_in_a_closed_round_and_by_a_psm_of_another_village(
    aid: AidWorld,
) -> None:
    import_rows(aid, 1)
    round_ = open_round(aid)
    entry = aid.entries().get()
    data = distribution_actions.TickData(mark="received")
    with pytest.raises(PermissionRefused):
        distribution_actions.mark_family(
            acting_user=aid.world.other_village, round_=round_, entry=entry, data=data
        )
    distribution_actions.close_round(acting_user=aid.world.district, round_=round_)
    with pytest.raises(Conflict):
        distribution_actions.mark_family(
            acting_user=aid.world.village, round_=round_, entry=entry, data=data
        )
    assert Tick.objects.count() == 0


def test_it_opens_rounds_only_for_villages_with_families(aid: AidWorld) -> None:
    import_rows(aid, 2)
    from sipsm.testing import region

    created = distribution_actions.open_rounds(
        acting_user=aid.world.regency, period=aid.period, region=region("75.01")
    )
    assert [r.village_id for r in created] == [aid.world.village_a.code]
    again = distribution_actions.open_rounds(
        acting_user=aid.world.regency, period=aid.period, region=region("75.01")
    )
    assert (again, Round.objects.count()) == ([], 1)


def test_it_shows_the_checklist_with_a_fixed_number_of_queries(
    aid: AidWorld, client_for: Any
) -> None:
    import_rows(aid, 3)
    round_ = open_round(aid)
    client = client_for("village")
    client.get(f"/bansos/putaran/{round_.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/bansos/putaran/{round_.pk}/")
    import_rows(aid, 18, start=100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/bansos/putaran/{round_.pk}/")
    assert response.status_code == 200
    assert response.content.count(b'class="family"') == 20
    assert len(many) == len(few)
