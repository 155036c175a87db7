"""Aid data for tests, made with the real actions (synthetic people only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sipsm.accounts.models import User
from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.actions import distribution as distribution_actions
from sipsm.aid.actions import imports as import_actions
from sipsm.aid.actions import programs as program_actions
from sipsm.aid.actions import proposals as proposal_actions
from sipsm.aid.importing.runner import run_import
from sipsm.aid.models import Complaint, KpmEntry, KpmImport, Period, Program, Proposal, Round
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.testing import World


@dataclass
class AidWorld:
    world: World
    program: Program
    period: Period

    def entries(self, village_code: str | None = None) -> Any:
        qs = KpmEntry.objects.filter(period=self.period)
        return qs.filter(village_id=village_code) if village_code else qs


def make_program(code: str = "sembako", **overrides: Any) -> Program:
    values: dict[str, Any] = {
        "code": code,
        "name": "Program Sembako",
        "scheme": Program.Scheme.SEMBAKO,
        "kind": Program.Kind.E_VOUCHER,
        "channel": Program.Channel.KKS_EWALLET,
        "cadence": Program.Cadence.MONTHLY,
        "amount": 200_000,
    }
    values.update(overrides)
    return program_actions.create_program(
        acting_user=None, data=program_actions.ProgramData(**values)
    )


def make_period(program: Program, *, start: dt.date | None = None) -> Period:
    start = start or dt.date(2026, 1, 1)
    return program_actions.create_period(
        acting_user=None,
        program=program,
        label=f"{start:%B %Y}",
        starts_on=start,
        ends_on=start + dt.timedelta(days=30),
    )


def build_aid_world(world: World) -> AidWorld:
    program = make_program()
    period = make_period(program)
    distribution_actions.assign_psm(
        acting_user=world.district, village=world.village_a, psm=world.village
    )
    distribution_actions.assign_psm(
        acting_user=world.district, village=world.village_b, psm=world.other_village
    )
    return AidWorld(world=world, program=program, period=period)


def upload(user: User, period: Period, content: bytes, filename: str = "kpm.csv") -> KpmImport:
    return import_actions.upload_kpm_list(
        acting_user=user,
        period=period,
        upload=SimpleUploadedFile(filename, content, content_type="text/csv"),
    )


def import_file(user: User, period: Period, content: bytes, filename: str = "kpm.csv") -> KpmImport:
    """Upload, confirm the guessed columns, and run the import here (not in a worker)."""
    run = upload(user, period, content, filename)
    import_actions.confirm_import(acting_user=user, kpm_import=run, mapping=dict(run.mapping))
    return run_import(run.pk)


def import_rows(
    aid: AidWorld, n: int = 3, *, user: User | None = None, village: str = "", start: int = 0
) -> KpmImport:
    """`n` synthetic families (numbers `start`...) in a village (default village_a)."""
    code = village or aid.world.village_a.code
    rows = [kpm_row(code, i) for i in range(start, start + n)]
    return import_file(user or aid.world.regency, aid.period, csv_bytes(rows))


def open_round(aid: AidWorld, village_code: str = "") -> Round:
    code = village_code or aid.world.village_a.code
    from sipsm.regions.models import Region

    distribution_actions.open_rounds(
        acting_user=aid.world.regency, period=aid.period, region=Region.objects.get(code=code)
    )
    return Round.objects.get(period=aid.period, village_id=code)


def make_complaint(aid: AidWorld, **overrides: Any) -> Complaint:
    values: dict[str, Any] = {
        "category": Complaint.Category.NOT_RECEIVED,
        "village": aid.world.village_a,
        "description": "Bantuan bulan Januari belum masuk ke KKS.",
        "about_name": "Siti Hulopi",
    }
    values.update(overrides)
    return complaint_actions.file_complaint(
        acting_user=aid.world.village, data=complaint_actions.ComplaintData(**values)
    )


def make_proposal(aid: AidWorld, *, submitted: bool = False, verified: bool = False) -> Proposal:
    proposal = proposal_actions.draft_proposal(
        acting_user=aid.world.village,
        data=proposal_actions.ProposalData(
            kind=Proposal.Kind.NEW_FAMILY,
            village=aid.world.village_a,
            reason="Keluarga miskin baru, belum terdaftar.",
            head_name="Yusuf Katili",
        ),
    )
    if submitted or verified:
        proposal_actions.attach_evidence(
            acting_user=aid.world.village,
            proposal=proposal,
            kind=Proposal.Evidence.MUSDES,
            number="BA/01/2026",
            day=dt.date(2026, 1, 10),
        )
        proposal_actions.submit_proposal(acting_user=aid.world.village, proposal=proposal)
    if verified:
        proposal_actions.verify_proposal(acting_user=aid.world.regency, proposal=proposal)
    return proposal
