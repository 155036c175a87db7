"""The knowledge base: kinds and who writes them, legal status, versions, attachments."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.coordination.actions import knowledge as knowledge_actions
from sipsm.coordination.models import Article, ArticleVersion
from sipsm.coordination.tests import support as s
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_requires_a_legal_status_for_a_regulation(world: World) -> None:
    with pytest.raises(ActionError) as error:
        s.article(world, kind="regulation", title="Permensos 10/2019")

    assert error.value.field == "legal_status"
    article = s.article(
        world,
        kind="regulation",
        title="Permensos No. 10 Tahun 2019 tentang PSM",
        legal_status="in_force",
        reference="BN 2019 No. 866",
    )
    assert article.get_legal_status_display() == "In force"


def test_it_lets_a_psm_share_a_good_practice_but_not_a_regulation(world: World) -> None:
    data = knowledge_actions.ArticleData(kind="good_practice", title="Bank sampah", body="Warga.")
    knowledge_actions.create_article(acting_user=world.village, data=data)

    data.kind = "regulation"
    data.legal_status = "in_force"
    with pytest.raises(PermissionRefused):
        knowledge_actions.create_article(acting_user=world.village, data=data)
    assert list(Article.objects.values_list("kind", flat=True)) == ["good_practice"]


def test_it_keeps_every_version(world: World, client_for: Any) -> None:
    article = s.article(world)
    knowledge_actions.update_article(
        acting_user=world.province,
        article=article,
        data=knowledge_actions.ArticleData(
            kind="guide", title="Panduan lansia (revisi)", body="Langkah baru.", note="Revisi 2025"
        ),
    )

    versions = list(
        ArticleVersion.objects.filter(article=article).values_list("number", "title", "note")
    )
    assert versions == [
        (2, "Panduan lansia (revisi)", "Revisi 2025"),
        (1, "Panduan pendampingan lansia terlantar", "First version"),
    ]
    old = client_for("village").get(f"/pengetahuan/{article.pk}/versi/1/")
    assert b"kunjungan rumah" in old.content


def test_it_attaches_files_to_an_article(world: World, client_for: Any) -> None:
    response = client_for("regency").post(
        "/pengetahuan/baru/",
        {
            "kind": "template",
            "title": "Templat laporan bulanan",
            "body": "Isi setiap bulan.",
            "attachments": [s.pdf("templat.pdf")],
        },
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert list(article.attachments.values_list("filename", flat=True)) == ["templat.pdf"]
