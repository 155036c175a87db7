"""The signed-in user's own page: role, scope, two-factor status and API tokens."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sipsm.accounts import actions
from sipsm.accounts.forms import ApiTokenForm
from sipsm.accounts.models import ApiToken
from sipsm.accounts.roles import ROLE_CAPABILITIES, Capability
from sipsm.core.errors import ActionError
from sipsm.core.http import AuthenticatedRequest


@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = actions.issue_api_token(
                acting_user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ActionError as exc:
            form.add_error(exc.field or None, str(exc.message))
        else:
            messages.success(request, _("Token created. Copy it now: it will not be shown again."))
            form = ApiTokenForm()
    capabilities = [
        label
        for value, label in Capability.choices
        if value in ROLE_CAPABILITIES.get(request.user.role, frozenset())
    ]
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "new_secret": new_secret,
            "tokens": ApiToken.objects.filter(user=request.user),
            "mfa_enabled": is_mfa_enabled(request.user),
            "capabilities": capabilities,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def revoke_token(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404
    actions.revoke_api_token(acting_user=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")
