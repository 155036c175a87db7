"""Forms validate at the edge (including uploaded files) and hand actions clean values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.announcements import AnnouncementData
from sipsm.coordination.actions.consultation import Question
from sipsm.coordination.actions.knowledge import ArticleData
from sipsm.coordination.actions.meetings import MeetingData
from sipsm.coordination.models import ActionItem, Article, Consultation, Decision, Meeting
from sipsm.coordination.models.announcements import Priority
from sipsm.coordination.models.discussion import Topic
from sipsm.coordination.uploads import CheckedFile, check_uploads
from sipsm.core.errors import ActionError
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 5})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to five attachments, each checked by content (see sipsm.coordination.uploads)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault(
            "help_text", _("PDF, images, Word/Excel/PowerPoint, ODF, TXT or CSV; 10 MB each.")
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        try:
            return check_uploads(uploads)
        except ActionError as exc:
            raise ValidationError(str(exc.message)) from exc


def unit_field(label: Any = None, help_text: Any = None) -> forms.ModelChoiceField[Region]:
    return forms.ModelChoiceField(
        label=label or _("Unit"),
        queryset=Region.objects.all(),
        required=False,
        widget=RegionAutocomplete(level=None),
        help_text=help_text or _("Empty: your own unit."),
    )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=TEXT, max_length=20000)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    unit = unit_field(_("From unit"))
    expires_on = forms.DateField(label=_("Shown until"), required=False, widget=DATE)
    attachments = FilesField()

    def to_data(self) -> AnnouncementData:
        d = self.cleaned_data
        return AnnouncementData(
            title=d["title"],
            body=d["body"],
            priority=d["priority"],
            region=d["unit"],
            expires_on=d["expires_on"],
            files=d["attachments"],
        )


def unit_choices(user: User) -> list[tuple[str, str]]:
    """The units a user takes part in: the national unit, the ones above, their own."""
    choices = [("", str(_("National")))]
    if user.scope_code is not None:
        chain = codes.ancestors(user.scope_code)
        names = dict(Region.objects.filter(code__in=chain).values_list("code", "name"))
        choices += [(code, f"{names.get(code, code)} ({code})") for code in chain]
    return choices


class ThreadForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=TEXT,
        max_length=20000,
        help_text=_("Write @username to notify someone."),
    )
    attachments = FilesField()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = unit_choices(user)
        if user.scope_code is not None and not self.is_bound:
            self.initial.setdefault("unit", user.scope_code)

    def region(self) -> Region | None:
        code = self.cleaned_data["unit"]
        return Region.objects.get(code=code) if code else None


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        help_text=_("Write @username to notify someone."),
    )
    attachments = FilesField()


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("pin", "unpin", "lock", "unlock", "hide", "unhide")]
    )


class DigestForm(forms.Form):
    daily = forms.BooleanField(label=_("Send me a daily digest"), required=False)


class QuestionForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Ask"), choices=Consultation.Route.choices, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(label=_("Question"), widget=TEXT, max_length=10000)
    case_reference = forms.CharField(
        label=_("Case number (optional)"), max_length=40, required=False
    )
    client_details = forms.CharField(
        label=_("Who it is about (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Names, ages, addresses. Hidden from consultants unless you share them."),
    )
    share_identities = forms.BooleanField(
        label=_("Share these identities with the consultant"), required=False
    )

    def to_question(self) -> Question:
        return Question(**self.cleaned_data)


class AssignForm(forms.Form):
    assignee = forms.CharField(label=_("Account (user name)"), max_length=150)
    deadline = forms.DateTimeField(label=_("Answer due"), required=False, widget=DATETIME)

    def clean_assignee(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["assignee"].strip()).first()
        if user is None:
            raise ValidationError(_("There is no account with this user name."))
        return user


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=TEXT, max_length=10000)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=[(i, "★" * i) for i in range(1, 6)], coerce=int
    )
    note = forms.CharField(label=_("Comment"), max_length=500, required=False)


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (identities removed)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=30000,
    )
    tags = forms.CharField(label=_("Tags (comma separated)"), max_length=500, required=False)

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class ConsultantForm(forms.Form):
    username = forms.CharField(label=_("Account (user name)"), max_length=150)
    profession = forms.CharField(
        label=_("Profession"), max_length=150, initial="Pekerja Sosial Profesional"
    )
    credential = forms.CharField(
        label=_("Certificate or registration number"), max_length=100, required=False
    )
    region = unit_field(_("Area served"), _("Empty: the whole country (national only)."))
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise ValidationError(_("There is no account with this user name."))
        return user


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in Article.Kind.choices if c[0] != Article.Kind.CONSULTATION],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    legal_status = forms.ChoiceField(
        label=_("Legal status (regulations)"),
        choices=[("", "—"), *Article.LegalStatus.choices],
        required=False,
    )
    reference = forms.CharField(label=_("Reference"), max_length=150, required=False)
    tags = forms.CharField(label=_("Tags (comma separated)"), max_length=500, required=False)
    regions = forms.ModelChoiceField(
        label=_("Region it concerns"),
        queryset=Region.objects.all(),
        required=False,
        widget=RegionAutocomplete(level=None),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    attachments = FilesField()

    def to_data(self) -> ArticleData:
        d = self.cleaned_data
        return ArticleData(
            kind=d["kind"],
            title=d["title"],
            summary=d["summary"],
            body=d["body"],
            legal_status=d["legal_status"],
            reference=d["reference"],
            tags=[t.strip() for t in d["tags"].split(",") if t.strip()],
            regions=[d["regions"]] if d["regions"] else [],
            files=d["attachments"],
            note=d["note"],
        )


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Article.Kind.choices], required=False
    )
    tag = forms.SlugField(label=_("Tag"), required=False)
    region = forms.CharField(label=_("Region code"), max_length=13, required=False)


class MeetingForm(forms.Form):
    unit = unit_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), widget=TEXT, required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=TEXT, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    attachments = FilesField()

    def to_data(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            kind=d["kind"],
            title=d["title"],
            starts_at=d["starts_at"],
            place=d["place"],
            online_url=d["online_url"],
            agenda=d["agenda"],
            minutes=d["minutes"],
            status=d["status"],
            files=d["attachments"],
        )


class AttendanceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    affiliation = forms.CharField(label=_("Unit or institution"), max_length=150, required=False)
    kta_number = forms.CharField(label=_("KTA number"), max_length=32, required=False)
    present = forms.BooleanField(label=_("Present"), required=False, initial=True)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionItemForm(forms.Form):
    unit = unit_field(_("Assigned unit"), _("Empty: the meeting's unit."))
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Owner (user name)"), max_length=150, required=False)
    due_date = forms.DateField(label=_("Due"), widget=DATE)

    def clean_owner(self) -> User | None:
        name = self.cleaned_data["owner"].strip()
        if not name:
            return None
        user = User.objects.filter(username=name).first()
        if user is None:
            raise ValidationError(_("There is no account with this user name."))
        return user


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    attachments = FilesField(label=_("Evidence"))
