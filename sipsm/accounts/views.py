"""The signed-in user's own page: role, scope, two-factor status and API tokens."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.accounts import actions
from sipsm.accounts.forms import AccountForm, ApiTokenForm
from sipsm.accounts.models import ApiToken, User
from sipsm.accounts.roles import ROLE_CAPABILITIES, Capability
from sipsm.core.errors import ActionError, PermissionRefused
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
            "can_manage_users": request.user.can(Capability.MANAGE_USERS),
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


def _manageable(request: AuthenticatedRequest) -> QuerySet[User]:
    users = User.objects.select_related("region").exclude(pk=request.user.pk)
    scope = request.user.scope_code
    if scope is not None:
        users = users.filter(Q(region__code=scope) | Q(region__code__startswith=scope + "."))
    return users.order_by("role", "username")


@require_GET
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.can(Capability.MANAGE_USERS):
        raise PermissionRefused()
    users = _manageable(request)
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page_obj": page, "query": query})


@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.can(Capability.MANAGE_USERS):
        raise PermissionRefused()
    form = AccountForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = actions.create_account(
                acting_user=request.user,
                username=data["username"],
                role=data["role"],
                region=data["region"],
                email=data["email"],
                first_name=data["first_name"],
                password=data["password"] or None,
                member_kta=data["member_kta"] or "",
            )
        except PermissionRefused:
            raise
        except ValidationError as exc:
            form.add_error("password", exc)
        except ActionError as exc:
            form.add_error(exc.field or None, str(exc.message))
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": account.username})
            return redirect("accounts:user_list")
    return render(
        request, "accounts/user_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
def user_deactivate(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    if not request.user.can(Capability.MANAGE_USERS):
        raise PermissionRefused()
    account = _manageable(request).filter(pk=user_id).first()
    if account is None:
        raise Http404
    actions.deactivate_account(acting_user=request.user, user=account)
    messages.success(request, _("Account %(name)s deactivated.") % {"name": account.username})
    return redirect("accounts:user_list")
