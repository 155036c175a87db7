"""Import runs: re-importing changes nothing, a fixed file adds the fixed rows, a changed row
is updated, an interrupted run resumes from its checkpoint, and the pages around it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sipsm.aid.importing import runner
from sipsm.aid.models import KpmEntry, KpmImport
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.aid.tests.support import AidWorld, import_file, upload
from sipsm.core.models import AuditEvent
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import Household, HouseholdMembership, Person

pytestmark = pytest.mark.django_db


def _state() -> tuple[Any, ...]:
    return (
        tuple(KpmEntry.objects.order_by("id").values_list("id", "fingerprint", "updated_at")),
        Household.objects.count(),
        Person.objects.count(),
        HouseholdMembership.objects.count(),
    )


def test_it_changes_nothing_when_the_same_file_is_imported_again(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    content = csv_bytes([kpm_row(code, i) for i in range(5)])
    first = import_file(aid.world.regency, aid.period, content)
    before = _state()
    second = import_file(aid.world.regency, aid.period, content)
    assert _state() == before
    assert (first.created_count, second.created_count, second.updated_count) == (5, 0, 0)
    assert second.unchanged_count == 5


def test_it_adds_the_fixed_rows_when_a_corrected_file_is_imported(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    rows = [kpm_row(code, 0), kpm_row(code, 1, nik_pengurus="12345"), kpm_row(code, 2)]
    first = import_file(aid.world.regency, aid.period, csv_bytes(rows))
    rows[1] = kpm_row(code, 1)
    second = import_file(aid.world.regency, aid.period, csv_bytes(rows))
    assert (first.created_count, first.rejected_count) == (2, 1)
    assert (second.created_count, second.unchanged_count, second.rejected_count) == (1, 2, 0)
    assert KpmEntry.objects.count() == 3


def test_it_updates_a_family_whose_row_changed(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    import_file(aid.world.regency, aid.period, csv_bytes([kpm_row(code, 0)]))
    changed = kpm_row(code, 0, desil="1", nama_anggota_keluarga="Rizki Hulopi; Nabila Hulopi")
    run = import_file(aid.world.regency, aid.period, csv_bytes([changed]))
    entry = KpmEntry.objects.get()
    assert (run.updated_count, entry.desil, entry.source_import_id) == (1, 1, run.pk)
    names = set(entry.household.members.values_list("person__full_name", flat=True))
    assert names == {"Siti Hulopi", "Hasan Hulopi", "Rizki Hulopi", "Putri Hulopi", "Nabila Hulopi"}


def test_it_links_families_to_people_already_registered(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    row = kpm_row(code, 0)
    person = person_actions.register_person(
        acting_user=aid.world.village,
        data=person_actions.PersonData(
            full_name="Siti Hulopi", village=aid.world.village_a, nik=row["nik_pengurus"]
        ),
    )
    import_file(aid.world.regency, aid.period, csv_bytes([row]))
    entry = KpmEntry.objects.get()
    assert entry.pengurus_id == person.pk
    assert Person.objects.filter(nik_index=person.nik_index).count() == 1
    assert entry.household.members.filter(person=person, until__isnull=True).exists()


@pytest.mark.parametrize(
    ("commit_rows", "checkpoint", "created"),
    [
        (3, 8, 6),  # every chunk commits: two chunks of three rows are in
        (6, 8, 6),  # the second chunk completes a transaction of six rows
        (9, 2, 0),  # the transaction of nine rows was not complete: nothing is in
    ],
)
def test_it_resumes_an_interrupted_import_from_its_checkpoint(
    aid: AidWorld, commit_rows: int, checkpoint: int, created: int
) -> None:
    code = aid.world.village_a.code
    content = csv_bytes([kpm_row(code, i) for i in range(9)] + [kpm_row(code, 0)])
    run = upload(aid.world.regency, aid.period, content)
    from sipsm.aid.actions.imports import confirm_import

    confirm_import(acting_user=aid.world.regency, kpm_import=run, mapping=dict(run.mapping))
    calls = {"n": 0}

    def crash(current: KpmImport) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runner.run_import(run.pk, progress=crash, chunk_size=3, commit_rows=commit_rows)
    halfway = KpmImport.objects.get(pk=run.pk)
    assert (halfway.status, halfway.next_row, halfway.created_count) == (
        "running",
        checkpoint,
        created,
    )
    assert KpmEntry.objects.count() == created
    long_ago = timezone.now() - dt.timedelta(hours=1)
    KpmImport.objects.filter(pk=run.pk).update(worker="elsewhere:1", heartbeat_at=long_ago)
    done = runner.run_import(run.pk, chunk_size=3, commit_rows=commit_rows)
    assert (done.status, done.created_count, done.rejected_count) == ("done", 9, 1)
    assert (done.resumed_count, done.resumed_from) == (1, [checkpoint])
    assert KpmEntry.objects.count() == 9
    assert list(done.problems.values_list("row", "message")) == [
        (11, "The same KK number is already in row 2.")
    ]


def test_it_refuses_to_start_an_import_that_another_worker_runs(aid: AidWorld) -> None:
    run = upload(aid.world.regency, aid.period, csv_bytes([kpm_row(aid.world.village_a.code, 0)]))
    KpmImport.objects.filter(pk=run.pk).update(status="running", worker="other-host:1")
    KpmImport.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    from sipsm.core.errors import Conflict

    with pytest.raises(Conflict):
        runner.run_import(run.pk)


def test_it_walks_a_coordinator_through_upload_columns_progress_and_report(
    aid: AidWorld, client_for: Any, run_on_commit: Any
) -> None:
    client = client_for("regency")
    code = aid.world.village_a.code
    content = csv_bytes([kpm_row(code, 0), kpm_row(code, 1, no_kk="9")])
    response = client.post(
        f"/bansos/periode/{aid.period.pk}/impor/",
        {"file": SimpleUploadedFile("daftar.csv", content, content_type="text/csv")},
    )
    run = KpmImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bansos/impor/{run.pk}/"
    page = client.get(f"/bansos/impor/{run.pk}/")
    assert page.status_code == 200
    assert b'<option value="nik" selected>' in page.content
    assert b"Siti Hulopi" in page.content
    assert kpm_row(code, 0)["nik_pengurus"].encode() not in page.content
    form = {f"col_{i}": name for name, i in run.mapping.items()}
    with run_on_commit(execute=True):
        confirmed = client.post(f"/bansos/impor/{run.pk}/", form)
    assert confirmed.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.created_count, run.rejected_count) == ("done", 1, 1)
    progress = client.get(f"/bansos/impor/{run.pk}/progres/")
    assert b'id="rows-created">1<' in progress.content
    report = client.get(f"/bansos/impor/{run.pk}/laporan.csv")
    lines = b"".join(report.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == [
        "baris,kolom,jenis,pesan",
        "3,no_kk,galat,A KK number has 16 digits; this one has 1.",
    ]
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="aid.import").values_list("verb", flat=True)
    )
    assert sorted(verbs) == [
        "aid.import.confirm",
        "aid.import.finish",
        "aid.import.start",
        "aid.import.upload",
    ]


def test_a_queued_task_for_a_finished_import_does_nothing(aid: AidWorld) -> None:
    from sipsm.aid.tasks import run_kpm_import

    run = import_rows_for_task(aid)
    entries = KpmEntry.objects.count()

    result = run_kpm_import.call(run.pk)

    assert result == "skipped"
    assert KpmEntry.objects.count() == entries


def import_rows_for_task(aid: AidWorld) -> KpmImport:
    rows = [kpm_row(aid.world.village_a.code, i) for i in range(2)]
    return import_file(aid.world.regency, aid.period, csv_bytes(rows))
