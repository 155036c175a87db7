"""Forms of the training pages: validate at the edge, hand actions clean values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sipsm.coordination.forms import DATE, unit_field
from sipsm.registry.models import Skill
from sipsm.training.actions.catalogue import CourseData, SessionData
from sipsm.training.models import Course, TrainingSession


class CourseForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Course.Category.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills granted"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grants_bimtek_dasar = forms.BooleanField(label=_("Counts as Bimtek dasar"), required=False)
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=1000, initial=8)
    pass_mark = forms.IntegerField(label=_("Pass mark (0–100)"), min_value=0, max_value=100)
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)

    def to_data(self) -> CourseData:
        d = self.cleaned_data
        return CourseData(
            code=d["code"],
            title=d["title"],
            category=d["category"],
            description=d["description"],
            skills=list(d["skills"]),
            grants_bimtek_dasar=d["grants_bimtek_dasar"],
            hours=d["hours"],
            pass_mark=d["pass_mark"],
            is_active=d["is_active"],
        )


class SessionForm(forms.Form):
    unit = unit_field(_("Organising unit"))
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    trainers = forms.CharField(label=_("Trainers"), max_length=300, required=False)
    quota = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)

    def to_data(self) -> SessionData:
        d = self.cleaned_data
        return SessionData(
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            quota=d["quota"],
            place=d["place"],
            online=d["online"],
            online_url=d["online_url"],
            trainers=d["trainers"],
            region=d["unit"],
        )


class SessionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TrainingSession.Status.choices)


class EnrolMemberForm(forms.Form):
    kta_number = forms.CharField(label=_("Member's KTA number"), max_length=32)


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Score"), min_value=0, max_value=100)


class NeedsFilterForm(forms.Form):
    wilayah = forms.CharField(label=_("Region code"), max_length=13, required=False)
