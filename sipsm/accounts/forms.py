from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.regions.models import Region
from sipsm.regions.widgets import RegionAutocomplete


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. laptop Dinsos"))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=30, initial=30)


class AccountForm(forms.Form):
    """A coordinator creates an account for someone in their area."""

    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        widget=RegionAutocomplete(level=None),
        help_text=_("Village for a PSM, district for a TKSK, and so on."),
    )
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty and the person sets one through “forgot password”."),
    )
    member_kta = forms.CharField(
        label=_("KTA number of the member (for a PSM account)"), max_length=32, required=False
    )

    def __init__(self, *args: Any, acting_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = list(Role.values)
        if acting_user.role == Role.NATIONAL_ADMIN:
            allowed = order
        else:
            allowed = [r for r in order if order.index(r) > order.index(acting_user.role)]
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r, Role(r).label) for r in allowed]
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = Region.objects.within(acting_user.scope_code)
