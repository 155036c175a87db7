"""Data update proposals: the workflow, the monthly cut-off, and the SIKS-NG sheet."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from sipsm.aid.actions import proposals as proposal_actions
from sipsm.aid.conf import cycle_of
from sipsm.aid.models import Proposal
from sipsm.aid.tests.support import AidWorld, import_rows, make_proposal
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.testing import synthetic_nik

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("day", "cycle"),
    [
        (dt.date(2026, 3, 17), "2026-03"),
        (dt.date(2026, 3, 18), "2026-04"),
        (dt.date(2026, 12, 20), "2027-01"),
    ],
)
def test_it_puts_proposals_into_the_cycle_of_the_cut_off_day(day: dt.date, cycle: str) -> None:
    assert cycle_of(day) == cycle


def test_it_reads_the_cut_off_day_from_the_settings(settings: Any) -> None:
    settings.SIPSM_AID_CUTOFF_DAY = 25
    assert cycle_of(dt.date(2026, 3, 20)) == "2026-03"


def test_it_needs_evidence_before_submission(aid: AidWorld) -> None:
    proposal = make_proposal(aid)
    with pytest.raises(ActionError, match="musdes/muskel"):
        proposal_actions.submit_proposal(acting_user=aid.world.village, proposal=proposal)
    assert Proposal.objects.get().status == "draft"


def test_it_runs_a_proposal_from_draft_to_ratified(aid: AidWorld) -> None:
    with time_machine.travel(dt.datetime(2026, 2, 18, 9, 0, tzinfo=JAKARTA), tick=False):
        proposal = make_proposal(aid, submitted=True)
    assert (proposal.status, proposal.cycle) == ("submitted", "2026-03")
    with pytest.raises(PermissionRefused):
        proposal_actions.verify_proposal(acting_user=aid.world.district, proposal=proposal)
    proposal_actions.verify_proposal(acting_user=aid.world.partner, proposal=proposal, note="ok")
    proposal_actions.ratify_proposal(acting_user=aid.world.regency, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.verified_by, proposal.ratified_by) == (
        "ratified",
        aid.world.partner,
        aid.world.regency,
    )


def test_it_proposes_a_deceased_pengurus_from_the_list(aid: AidWorld) -> None:
    import_rows(aid, 1)
    entry = aid.entries().get()
    proposal = proposal_actions.draft_proposal(
        acting_user=aid.world.village,
        data=proposal_actions.ProposalData(
            kind="deceased", village=aid.world.village_a, reason="Meninggal 3 Januari", entry=entry
        ),
    )
    assert (proposal.household_id, proposal.program_id, proposal.head_name) == (
        entry.household_id,
        aid.program.pk,
        "Hasan Hulopi",
    )


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_it_exports_the_siks_ng_sheet_masked_and_in_full_with_a_reason(
    aid: AidWorld, client_for: Any
) -> None:
    nik = synthetic_nik(aid.world.village_a)
    with time_machine.travel(dt.datetime(2026, 2, 10, 9, 0, tzinfo=JAKARTA), tick=False):
        proposal = proposal_actions.draft_proposal(
            acting_user=aid.world.village,
            data=proposal_actions.ProposalData(
                kind="new_family",
                village=aid.world.village_a,
                reason="Keluarga miskin baru",
                head_name="Yusuf Katili",
                nik=nik,
            ),
        )
        proposal_actions.attach_evidence(
            acting_user=aid.world.village,
            proposal=proposal,
            kind="musdes",
            number="BA/04/2026",
            day=dt.date(2026, 2, 5),
        )
        proposal_actions.submit_proposal(acting_user=aid.world.village, proposal=proposal)
    proposal_actions.verify_proposal(acting_user=aid.world.regency, proposal=proposal)
    client = client_for("regency")
    masked = _sheet(client.get("/bansos/usulan/siks-ng.xlsx?siklus=2026-02").content)
    assert masked[0][:3] == ("NO", "JENIS_USULAN", "KODE_WILAYAH")
    assert masked[1][1:3] == ("USULAN BARU", aid.world.village_a.code)
    assert masked[1][7] == f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}"
    assert masked[1][16:19] == ("VILLAGE MEETING (MUSDES)", "BA/04/2026", "2026-02-05")
    full = client.post("/bansos/usulan/siks-ng.xlsx?siklus=2026-02", {"reason": "Entri SIKS-NG"})
    assert _sheet(full.content)[1][7] == nik
    exports = AuditEvent.objects.filter(verb="aid.proposals.export").order_by("id")
    assert [e.data["identities"] for e in exports] == ["masked", "full"]


def test_it_exports_the_siks_ng_sheet_and_takes_evidence_files_through_the_api(
    aid: AidWorld,
) -> None:
    from django.test import Client

    from sipsm.accounts.actions import issue_api_token
    from sipsm.aid.tests.permission_cases import _photo

    def client(user: Any) -> Client:
        _token, secret = issue_api_token(acting_user=user, name="tes", days=7)
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    draft = make_proposal(aid)
    psm = client(aid.world.village)
    attached = psm.post(
        f"/api/v1/aid/proposals/{draft.pk}/evidence/file",
        {"kind": "musdes", "number": "BA/09/2026", "date": "2026-01-15", "file": _photo()},
    )
    assert attached.status_code == 200
    draft.refresh_from_db()
    assert (draft.evidence_number, bool(draft.evidence_file)) == ("BA/09/2026", True)
    verified = make_proposal(aid, verified=True)
    cycle = verified.cycle or cycle_of(verified.created_at.date())
    sheet = client(aid.world.partner).get("/api/v1/aid/proposals/siks-ng", {"cycle": cycle})
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["USULAN BARU"]
    assert psm.get("/api/v1/aid/proposals/siks-ng").status_code == 403
