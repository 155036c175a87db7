"""Uploading attachments in the API (multipart/form-data, field `files`, up to 5 files):
what the pages attach while creating a row is attached here to the row once created."""

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Status, UploadedFile

from sipsm.accounts.api_auth import api_user
from sipsm.coordination.access import (
    access_action_item,
    access_announcement,
    access_article,
    access_meeting,
    access_post,
)
from sipsm.coordination.actions.attachments import Owner, attach_files
from sipsm.coordination.api.base import AttachmentOut, router
from sipsm.coordination.models import ActionUpdate, Attachment
from sipsm.coordination.uploads import check_uploads


def _attach(request: HttpRequest, owner: Owner, files: Sequence[UploadedFile]) -> Status[Any]:
    checked = check_uploads(files, field="files")
    added: list[Attachment] = attach_files(
        acting_user=api_user(request), owner=owner, files=checked
    )
    return Status(201, added)


@router.post(
    "/announcements/{announcement_id}/attachments",
    response={201: list[AttachmentOut]},
    summary="Attach files to an announcement (its unit's coordinators)",
)
def attach_to_announcement(
    request: HttpRequest, announcement_id: int, files: File[list[UploadedFile]]
) -> Status[Any]:
    return _attach(request, access_announcement(api_user(request), announcement_id), files)


@router.post(
    "/posts/{post_id}/attachments",
    response={201: list[AttachmentOut]},
    summary="Attach files to your post",
)
def attach_to_post(
    request: HttpRequest, post_id: int, files: File[list[UploadedFile]]
) -> Status[Any]:
    return _attach(request, access_post(api_user(request), post_id), files)


@router.post(
    "/articles/{article_id}/attachments",
    response={201: list[AttachmentOut]},
    summary="Attach files to an article (whoever may change it)",
)
def attach_to_article(
    request: HttpRequest, article_id: int, files: File[list[UploadedFile]]
) -> Status[Any]:
    return _attach(request, access_article(api_user(request), article_id), files)


@router.post(
    "/meetings/{meeting_id}/attachments",
    response={201: list[AttachmentOut]},
    summary="Attach files to a meeting (agenda, minutes, photos)",
)
def attach_to_meeting(
    request: HttpRequest, meeting_id: int, files: File[list[UploadedFile]]
) -> Status[Any]:
    return _attach(request, access_meeting(api_user(request), meeting_id), files)


@router.post(
    "/action-updates/{update_id}/attachments",
    response={201: list[AttachmentOut]},
    summary="Attach evidence to your progress update",
)
def attach_to_update(
    request: HttpRequest, update_id: int, files: File[list[UploadedFile]]
) -> Status[Any]:
    user = api_user(request)
    update = ActionUpdate.objects.filter(pk=update_id).first()
    if update is None:
        raise Http404
    update.item = access_action_item(user, update.item_id)
    return _attach(request, update, files)
