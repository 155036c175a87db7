"""Coordination: announcements, discussion, consultation desk, knowledge base, meetings."""

from sipsm.coordination.models.announcements import Announcement, AnnouncementRead, Priority
from sipsm.coordination.models.consultation import Consultant, Consultation, ConsultationMessage
from sipsm.coordination.models.discussion import DigestSubscription, Post, Thread, Topic
from sipsm.coordination.models.files import Attachment
from sipsm.coordination.models.knowledge import Article, ArticleVersion, Tag
from sipsm.coordination.models.meetings import (
    ActionItem,
    ActionUpdate,
    Decision,
    Meeting,
    MeetingAttendance,
)

__all__ = [
    "ActionItem",
    "ActionUpdate",
    "Announcement",
    "AnnouncementRead",
    "Article",
    "ArticleVersion",
    "Attachment",
    "Consultant",
    "Consultation",
    "ConsultationMessage",
    "Decision",
    "DigestSubscription",
    "Meeting",
    "MeetingAttendance",
    "Post",
    "Priority",
    "Tag",
    "Thread",
    "Topic",
]
