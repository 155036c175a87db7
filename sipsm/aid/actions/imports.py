"""Starting KPM list imports: upload and column check, confirmation, resuming, and imports of
a file on the server's disk (`sipsm import_kpm`). The rows themselves are written by
`sipsm.aid.importing.runner.run_import` in the background task."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import IO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.aid.conf import setting
from sipsm.aid.importing.headers import guess_mapping, mapping_problems
from sipsm.aid.importing.reader import preview
from sipsm.aid.importing.runner import may_take_over
from sipsm.aid.models import KpmImport, Period
from sipsm.aid.permissions import can_import
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.registry.tabular import UnreadableFile

EXTENSIONS = (".csv", ".txt", ".xlsx")


def _sha256(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while block := stream.read(1 << 20):
        digest.update(block)
        size += len(block)
    stream.seek(0)
    return digest.hexdigest(), size


def _header(stream: IO[bytes], filename: str) -> list[str]:
    try:
        header, _rows = preview(stream, filename, rows=1)
    except UnreadableFile as exc:
        raise ActionError(str(exc), field="file") from exc
    finally:
        stream.seek(0)
    return header


def _schedule(run: KpmImport) -> None:
    from sipsm.aid.tasks import run_kpm_import

    transaction.on_commit(lambda: run_kpm_import.enqueue(run.pk))


@transaction.atomic
def upload_kpm_list(*, acting_user: User, period: Period, upload: UploadedFile) -> KpmImport:
    """Store the file and guess its columns; the import starts once they are confirmed."""
    if not can_import(acting_user):
        raise PermissionRefused()
    filename = Path(upload.name or "daftar.csv").name
    if not filename.lower().endswith(EXTENSIONS):
        raise ActionError(_("Upload a .csv or .xlsx file."), field="file")
    if (upload.size or 0) > int(setting("SIPSM_AID_IMPORT_MAX_BYTES")):
        raise ActionError(_("The file is too large."), field="file")
    stream = upload.file
    assert stream is not None
    sha, size = _sha256(stream)
    header = _header(stream, filename)
    stored = default_storage.save(
        f"aid/imports/{uuid.uuid4().hex}{Path(filename).suffix.lower()}", File(stream)
    )
    run = KpmImport.objects.create(
        program=period.program,
        period=period,
        created_by=acting_user,
        filename=filename[:200],
        file=stored,
        content_sha256=sha,
        size_bytes=size,
        header=header[:200],
        mapping=guess_mapping(header),
    )
    record_event(
        actor=acting_user,
        verb="aid.import.upload",
        target=run,
        region_code=acting_user.scope_code or "",
        data={"period": period.pk, "sha256": sha, "bytes": size},
    )
    return run


def earlier_imports_of_same_file(run: KpmImport) -> list[KpmImport]:
    return list(
        KpmImport.objects.filter(period=run.period_id, content_sha256=run.content_sha256)
        .exclude(pk=run.pk)
        .exclude(status=KpmImport.Status.UPLOADED)
        .order_by("-created_at")[:5]
    )


@transaction.atomic
def confirm_import(
    *, acting_user: User, kpm_import: KpmImport, mapping: dict[str, int]
) -> KpmImport:
    """Fix the columns and queue the import."""
    if kpm_import.created_by_id != acting_user.pk:
        raise PermissionRefused()
    if kpm_import.status != KpmImport.Status.UPLOADED:
        raise Conflict(_("This import has already started."), code="started")
    problems = mapping_problems(mapping, len(kpm_import.header))
    if problems:
        raise ActionError(" ".join(problems), field="mapping")
    kpm_import.mapping = mapping
    kpm_import.status = KpmImport.Status.QUEUED
    kpm_import.save(update_fields=["mapping", "status"])
    record_event(
        actor=acting_user,
        verb="aid.import.confirm",
        target=kpm_import,
        region_code=acting_user.scope_code or "",
        data={"mapping": mapping},
    )
    _schedule(kpm_import)
    return kpm_import


@transaction.atomic
def requeue_import(*, acting_user: User, kpm_import: KpmImport) -> KpmImport:
    """Queue a stalled import again; it resumes from its last checkpoint."""
    run = KpmImport.objects.select_for_update().get(pk=kpm_import.pk)
    if run.created_by_id != acting_user.pk:
        raise PermissionRefused()
    if not may_take_over(run):
        raise Conflict(_("This import is running or finished."), code="busy")
    record_event(
        actor=acting_user,
        verb="aid.import.requeue",
        target=run,
        region_code=acting_user.scope_code or "",
        data={"from_row": run.next_row},
    )
    _schedule(run)
    return run


@transaction.atomic
def import_from_path(
    *, acting_user: User, period: Period, path: Path, mapping: dict[str, int] | None = None
) -> KpmImport:
    """An import of a file on this server: the unfinished import of the same file into the
    same period when there is one (to resume it), else a new queued one."""
    if not can_import(acting_user):
        raise PermissionRefused()
    with path.open("rb") as handle:
        sha, size = _sha256(handle)
        header = _header(handle, path.name)
    unfinished = (
        KpmImport.objects.filter(
            period=period,
            content_sha256=sha,
            created_by=acting_user,
            status__in=[KpmImport.Status.QUEUED, KpmImport.Status.RUNNING],
        )
        .order_by("-created_at")
        .first()
    )
    if unfinished is not None:
        if unfinished.source_path != str(path):
            unfinished.source_path = str(path)
            unfinished.save(update_fields=["source_path"])
        return unfinished
    chosen = mapping if mapping is not None else guess_mapping(header)
    problems = mapping_problems(chosen, len(header))
    if problems:
        raise ActionError(" ".join(problems), field="mapping")
    run = KpmImport.objects.create(
        program=period.program,
        period=period,
        created_by=acting_user,
        filename=path.name[:200],
        source_path=str(path),
        content_sha256=sha,
        size_bytes=size,
        header=header[:200],
        mapping=chosen,
        status=KpmImport.Status.QUEUED,
    )
    record_event(
        actor=acting_user,
        verb="aid.import.upload",
        target=run,
        region_code=acting_user.scope_code or "",
        data={"period": period.pk, "sha256": sha, "bytes": size, "path": path.name},
    )
    return run
