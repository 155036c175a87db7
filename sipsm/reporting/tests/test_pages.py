"""The pages: logging an activity, the list of concrete work, the report workflow by form,
dashboards per level with their SVG charts, and what partners see."""

from __future__ import annotations

import io

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sipsm.reporting import charts
from sipsm.reporting.models import Activity, MonthlyReport
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import (
    case_with_service,
    link_member,
    log_activity,
    refresh,
    responded,
)
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _form(world: World, **extra: object) -> dict[str, object]:
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), (0, 100, 200)).save(buffer, format="PNG")
    data: dict[str, object] = {
        "member": world.member_a.pk,
        "activity_type": 1,
        "title": "Sosialisasi bank sampah",
        "occurred_on": timezone.localdate().isoformat(),
        "village": world.village_a.code,
        "hours": "1.5",
        "beneficiaries_female": "9",
        "beneficiaries_male": "6",
        "beneficiaries_children": "4",
        "beneficiaries_adults": "10",
        "beneficiaries_elderly": "1",
        "ppks_1": "",
        "ppks_1_count": "",
        "partners": "PKK Desa",
        "photos": SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png"),
    }
    data.update(extra)
    return data


def test_a_psm_logs_an_activity_with_a_photo_through_the_form(world: World, client_for) -> None:
    link_member(world)
    client = client_for("village")

    form = client.get("/kerja-nyata/baru/")
    response = client.post("/kerja-nyata/baru/", _form(world))

    assert form.status_code == 200
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kerja-nyata/{activity.pk}/"
    assert (activity.beneficiaries, activity.photos.count(), activity.recorded_by_id) == (
        15,
        1,
        world.village.pk,
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Sosialisasi bank sampah" in detail
    photo = client.get(f"/kerja-nyata/{activity.pk}/foto/{activity.photos.get().pk}.jpg")
    assert (photo.status_code, photo["Content-Type"]) == (200, "image/jpeg")


def test_the_form_shows_errors_and_saves_nothing(world: World, client_for) -> None:
    link_member(world)

    response = client_for("village").post(
        "/kerja-nyata/baru/", _form(world, beneficiaries_children="40")
    )

    assert response.status_code == 400
    assert "must add up to the people by sex" in response.content.decode()
    assert Activity.objects.count() == 0


def test_the_psms_list_shows_typed_work_next_to_work_recorded_elsewhere(
    world: World, client_for
) -> None:
    log_activity(world)
    responded(world)
    case_with_service(world)

    rows = client_for("village").get("/kerja-nyata/").context["rows"]

    assert sorted(r.source for r in rows) == ["activity", "case", "incident"]
    assert {r.member_name for r in rows} == {world.member_a.full_name}


def test_the_report_workflow_through_the_forms(world: World, client_for) -> None:
    log_activity(world)
    month = Period.current_month()
    base = f"/laporan-bulanan/{world.village_a.code}/{month.year}/{month.month}/"
    psm, tksk = client_for("village"), client_for("district")

    psm.post(base + "catatan/", {"narrative": "Jalan rusak"})
    psm.post(base + "kirim/")
    tksk.post(base + "kembalikan/", {"comment": "Tambahkan jumlah lansia"})
    returned = psm.get(base).content.decode()
    psm.post(base + "kirim/")
    tksk.post(base + "setujui/", {"comment": "Baik"})

    assert "Tambahkan jumlah lansia" in returned
    assert 'id="submit-report"' in returned
    report = MonthlyReport.objects.get()
    assert (report.status, report.revision, report.narrative) == ("approved", 2, "Jalan rusak")
    page = tksk.get(base).content.decode()
    assert 'id="approve-report"' not in page
    assert "figures as submitted" in page


def test_a_failed_return_without_a_comment_changes_nothing(world: World, client_for) -> None:
    month = Period.current_month()
    base = f"/laporan-bulanan/{world.village_a.code}/{month.year}/{month.month}/"
    client_for("village").post(base + "kirim/")

    response = client_for("district").post(base + "kembalikan/", {"comment": ""})

    assert response.status_code == 302
    assert MonthlyReport.objects.get().status == "submitted"


@pytest.mark.parametrize(
    ("persona", "region", "children"),
    [
        ("national", "", 2),
        ("province", "75", 6),
        ("regency", "75.01", 19),
        ("district", None, 14),
    ],
)
def test_each_level_has_its_dashboard(
    world: World, client_for, persona: str, region: str | None, children: int
) -> None:
    log_activity(world)
    refresh()

    response = client_for(persona).get(
        "/dasbor/" + (f"?wilayah={region}" if region is not None else "")
    )

    board = response.context["d"]
    assert response.status_code == 200
    assert len(board.children) == children
    content = response.content.decode()
    assert content.count("<svg") == 3
    assert board.year.num("activities") == 1


def test_the_village_dashboard_has_no_regions_below(world: World, client_for) -> None:
    log_activity(world)
    refresh()

    board = client_for("village").get("/dasbor/").context["d"]

    assert (board.level, board.children, board.month["activities"]) == (4, [], 1)


def test_the_charts_are_well_formed_svg() -> None:
    svgs = [
        charts.stacked_bars(
            "a <b>", ["J", "F"], [charts.Series("x&y", [1, 2]), charts.Series("z", [0, 3])]
        ),
        charts.horizontal_bars("b", [("Desa <1>", 50.0, "50 %")], maximum=100),
        charts.line("c", ["01", "02", "03"], [0.2, None, 0.4]),
    ]

    for svg in svgs:
        root = ElementTree.fromstring(str(svg))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Desa &lt;1&gt;" in svgs[1]


def test_a_partner_sees_the_dashboard_with_small_counts_hidden(world: World, client_for) -> None:
    log_activity(world)
    refresh()

    response = client_for("partner").get("/dasbor/")

    board = response.context["d"]
    assert (board.month["members_active"], board.month["activities"]) == ("<5", 1)
    assert client_for("partner").get("/kerja-nyata/").status_code == 403
