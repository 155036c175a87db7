"""Permission matrix cases of the coordination API's uploads (multipart, field `files`).

The rows are those of permission_cases.py (unit 75.01): the announcement and the meeting are
the regency's, the thread and its first post the village PSM's, the article the regency
coordinator's; the progress update is the district coordinator's, the owner of the item.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sipsm.coordination.actions import meetings as meeting_actions
from sipsm.coordination.tests import support as s
from sipsm.coordination.tests.matrix_helpers import IN_AREA, RUNS_UNIT, matrix, only
from sipsm.core.tests.matrix import Case
from sipsm.testing import World

API = "api/v1/"


def pdf(w: World) -> dict[str, Any]:
    return {"files": SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 notulen rapat")}


def progress_update(w: World) -> str:
    update = meeting_actions.add_progress(
        acting_user=w.district, item=s.action_item(w), note="Mulai", progress=10, status="open"
    )
    return f"/api/v1/action-updates/{update.pk}/attachments"


UPLOAD_CASES: list[Case] = [
    Case(
        API + "announcements/<announcement_id>/attachments",
        "post",
        lambda w: f"/api/v1/announcements/{s.announcement(w).pk}/attachments",
        matrix(RUNS_UNIT, 201, api=True),
        mutates=RUNS_UNIT,
        data=pdf,
    ),
    Case(
        API + "posts/<post_id>/attachments",
        "post",
        lambda w: f"/api/v1/posts/{s.thread(w).posts.get().pk}/attachments",
        matrix({"village"}, 201, sees=IN_AREA - {"partner"}, api=True),
        mutates={"village"},
        data=pdf,
    ),
    Case(
        API + "articles/<article_id>/attachments",
        "post",
        lambda w: f"/api/v1/articles/{s.article(w).pk}/attachments",
        only(RUNS_UNIT, 201, 403, api=True),
        mutates=RUNS_UNIT,
        data=pdf,
    ),
    Case(
        API + "meetings/<meeting_id>/attachments",
        "post",
        lambda w: f"/api/v1/meetings/{s.meeting(w).pk}/attachments",
        matrix(RUNS_UNIT, 201, api=True),
        mutates=RUNS_UNIT,
        data=pdf,
    ),
    Case(
        API + "action-updates/<update_id>/attachments",
        "post",
        progress_update,
        matrix({"district"}, 201, api=True),
        mutates={"district"},
        data=pdf,
    ),
]
