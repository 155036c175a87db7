from __future__ import annotations

from django.urls import path

from sipsm.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("token/<int:token_id>/cabut/", views.revoke_token, name="revoke_token"),
]
