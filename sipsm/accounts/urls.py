from __future__ import annotations

from django.urls import path

from sipsm.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("token/<int:token_id>/cabut/", views.revoke_token, name="revoke_token"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:user_id>/nonaktifkan/", views.user_deactivate, name="user_deactivate"),
]
