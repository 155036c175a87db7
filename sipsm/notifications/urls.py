from __future__ import annotations

from django.urls import path

from sipsm.notifications import views, webhooks

app_name = "notifications"
urlpatterns = [
    path("pesan/", views.inbox, name="inbox"),
    path("pesan/jumlah/", views.counter, name="counter"),
    path("pesan/baca-semua/", views.read_all, name="read_all"),
    path("pesan/<int:message_id>/baca/", views.read_one, name="read"),
    path("webhook/sms/", webhooks.sms_inbound, name="webhook_sms"),
    path("webhook/sms/status/", webhooks.sms_status, name="webhook_sms_status"),
    path("webhook/whatsapp/", webhooks.whatsapp, name="webhook_whatsapp"),
    path("webhook/telegram/", webhooks.telegram, name="webhook_telegram"),
]
