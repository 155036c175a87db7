"""`sipsm ingest_bmkg` on files, directories and URLs; the RSS index; the polling task.

URLs are served by a local HTTP server in a thread, never fetched from the internet.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command

from sipsm.incidents.bmkg.tasks import CHAIN_KEY, poll_bmkg
from sipsm.incidents.models import Incident

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent / "bmkg_samples"
GORONTALO = SAMPLES / "bmkg-nowcast-cap-id-CGT20260924002.xml"
ACEH = SAMPLES / "synthetic-cap-names-CAH20260924001.xml"
CAP_PATH = "/alerts/nowcast/id/CGT20260924002_alert.xml"
ACEH_PATH = "/alerts/nowcast/id/CAH20260924001_alert.xml"
RSS_PATH = "/alerts/nowcast/id/rss.xml"
QUAKE_PATH = "/DataMKG/TEWS/autogempa.json"
# While the sample warnings were valid (they expire 09:27 and 11:24 UTC).
DURING_THE_WARNINGS = dt.datetime(2026, 9, 24, 7, 20, tzinfo=dt.UTC)


@dataclass
class Page:
    body: bytes
    etag: str = ""


@dataclass
class FakeBMKG:
    base: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, If-None-Match)

    def serve(self, path: str, body: bytes, *, etag: str = "") -> str:
        self.pages[path] = Page(body, etag)
        return self.base + path


@pytest.fixture
def bmkg() -> Iterator[FakeBMKG]:
    fake = FakeBMKG()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append((self.path, self.headers.get("If-None-Match", "")))
            page = fake.pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            if page.etag and self.headers.get("If-None-Match") == page.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(page.body)))
            if page.etag:
                self.send_header("ETag", page.etag)
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def run(*args: str) -> str:
    out = StringIO()
    call_command("ingest_bmkg", *args, stdout=out)
    return out.getvalue()


def local_rss(fake: FakeBMKG, *, with_missing: bool = True) -> bytes:
    text = (SAMPLES / "synthetic-rss-local.xml").read_text(encoding="utf-8")
    text = text.replace("BASE", fake.base)
    if not with_missing:
        text = re.sub(r"<item>\s*<title>Gone</title>.*?</item>", "", text, flags=re.DOTALL)
    return text.encode()


def test_it_ingests_a_file() -> None:
    output = run(str(GORONTALO))

    incident = Incident.objects.get()
    assert output.splitlines() == [
        f"{GORONTALO}: 2.49.0.1.360.0.2026.09.24.07.75.002: created {incident.tracking_code} "
        "(15 villages)",
        "created 1, updated 0, cancelled 0, duplicates 0, skipped 0, errors 0",
    ]
    assert run(str(GORONTALO)).splitlines()[-1] == (
        "created 0, updated 0, cancelled 0, duplicates 1, skipped 0, errors 0"
    )


def test_it_ingests_every_xml_and_json_file_of_a_directory(tmp_path: Path) -> None:
    for name in (
        "bmkg-nowcast-cap-id-CGT20260924002.xml",
        "synthetic-cap-en-CGT20260924002.xml",
        "synthetic-cap-update-CGT20260924003.xml",
        "bmkg-tews-autogempa.json",
        "SOURCE.md",
    ):
        shutil.copy(SAMPLES / name, tmp_path / name)

    output = run(str(tmp_path))

    assert output.splitlines()[-1] == (
        "created 1, updated 1, cancelled 0, duplicates 1, skipped 1, errors 0"
    )
    assert Incident.objects.get().severity == "severe"


def test_it_reports_a_broken_file_and_still_ingests_the_others(tmp_path: Path) -> None:
    shutil.copy(GORONTALO, tmp_path / "good.xml")
    (tmp_path / "broken.json").write_text('{"Infogempa": {"gempa": [', encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError, match=r"1 document\(s\) could not be ingested"):
        call_command("ingest_bmkg", str(tmp_path), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{tmp_path / 'broken.json'}: not valid JSON (truncated or broken)")
    assert lines[-1] == "created 1, updated 0, cancelled 0, duplicates 0, skipped 0, errors 1"
    assert Incident.objects.count() == 1


def test_it_refuses_a_missing_path_and_no_target() -> None:
    with pytest.raises(CommandError, match="Give at least one file"):
        run()
    with pytest.raises(CommandError, match="1 document"):
        run("/nonexistent/alert.xml")


def test_it_ingests_a_url(bmkg: FakeBMKG) -> None:
    url = bmkg.serve(CAP_PATH, GORONTALO.read_bytes())

    output = run(url)

    assert output.splitlines()[-1] == (
        "created 1, updated 0, cancelled 0, duplicates 0, skipped 0, errors 0"
    )
    assert Incident.objects.get().source_identifier == "2.49.0.1.360.0.2026.09.24.07.75.002"
    assert bmkg.requests == [(CAP_PATH, "")]


def test_it_reports_an_http_error(bmkg: FakeBMKG) -> None:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest_bmkg", bmkg.base + "/missing.xml", stdout=out)
    assert out.getvalue().splitlines()[0] == f"{bmkg.base}/missing.xml: HTTP 404 Not Found"


def test_it_lists_the_items_of_a_local_index_without_fetching_them() -> None:
    output = run(str(SAMPLES / "bmkg-nowcast-rss-id.xml"))

    lines = output.splitlines()
    assert len(lines) == 12
    assert lines[0].endswith("2.49.0.1.360.0.2026.09.24.07.75.002: link not followed")
    assert lines[-1] == "created 0, updated 0, cancelled 0, duplicates 0, skipped 11, errors 0"
    assert not Incident.objects.exists()


def test_it_follows_an_index_url_to_its_cap_files(bmkg: FakeBMKG) -> None:
    bmkg.serve(CAP_PATH, GORONTALO.read_bytes())
    bmkg.serve(ACEH_PATH, ACEH.read_bytes())
    rss = bmkg.serve(RSS_PATH, local_rss(bmkg))
    out = StringIO()

    with pytest.raises(CommandError):  # the missing CAP file
        call_command("ingest_bmkg", rss, stdout=out)

    assert out.getvalue().splitlines()[-1] == (
        "created 2, updated 0, cancelled 0, duplicates 0, skipped 1, errors 1"
    )
    assert sorted(Incident.objects.values_list("region_id", flat=True)) == ["11", "75"]
    assert [path for path, _ in bmkg.requests] == [
        RSS_PATH,
        CAP_PATH,
        ACEH_PATH,  # a relative link, resolved against the index
        "/alerts/nowcast/id/CGT20260924009_alert.xml",  # 404; example.invalid is not followed
    ]
    bmkg.requests.clear()

    with pytest.raises(CommandError):
        call_command("ingest_bmkg", rss, stdout=StringIO())

    # Known identifiers are not fetched again.
    assert [path for path, _ in bmkg.requests] == [
        RSS_PATH,
        "/alerts/nowcast/id/CGT20260924009_alert.xml",
    ]
    assert Incident.objects.count() == 2


def test_it_polls_with_conditional_get_and_skips_what_did_not_change(
    bmkg: FakeBMKG, settings: Any
) -> None:
    bmkg.serve(CAP_PATH, GORONTALO.read_bytes(), etag='"cap-1"')
    bmkg.serve(ACEH_PATH, ACEH.read_bytes(), etag='"cap-2"')
    rss = bmkg.serve(RSS_PATH, local_rss(bmkg, with_missing=False), etag='"rss-1"')
    quakes = bmkg.serve(
        QUAKE_PATH, (SAMPLES / "bmkg-tews-autogempa.json").read_bytes(), etag='"q-1"'
    )
    settings.SIPSM_BMKG_FEEDS = [rss, quakes]

    with time_machine.travel(DURING_THE_WARNINGS, tick=False):
        first = poll_bmkg.call()
        second = poll_bmkg.call()

    assert first == {
        "created": 2,
        "updated": 0,
        "cancelled": 0,
        "duplicates": 0,
        "skipped": 2,  # the link to another host; the M1.8 earthquake
        "errors": 0,
        "deferred": 0,
        "not_modified": 0,
    }
    assert second["not_modified"] == 2
    assert second["created"] == second["skipped"] == 0
    assert bmkg.requests == [
        (RSS_PATH, ""),
        (CAP_PATH, ""),
        (ACEH_PATH, ""),
        (QUAKE_PATH, ""),
        (RSS_PATH, '"rss-1"'),
        (QUAKE_PATH, '"q-1"'),
    ]
    assert Incident.objects.count() == 2


def test_it_skips_expired_warnings_when_polling(bmkg: FakeBMKG, settings: Any) -> None:
    settings.SIPSM_BMKG_FEEDS = [bmkg.serve(CAP_PATH, GORONTALO.read_bytes())]

    with time_machine.travel(dt.datetime(2026, 9, 24, 10, 0, tzinfo=dt.UTC), tick=False):
        summary = poll_bmkg.call()

    assert (summary["created"], summary["skipped"]) == (0, 1)


def test_it_keeps_the_poller_within_its_request_budget(bmkg: FakeBMKG, settings: Any) -> None:
    bmkg.serve(CAP_PATH, GORONTALO.read_bytes())
    bmkg.serve(ACEH_PATH, ACEH.read_bytes())
    settings.SIPSM_BMKG_FEEDS = [bmkg.serve(RSS_PATH, local_rss(bmkg, with_missing=False))]
    settings.SIPSM_BMKG_MAX_REQUESTS_PER_MINUTE = 2

    with time_machine.travel(DURING_THE_WARNINGS, tick=False) as clock:
        first = poll_bmkg.call()
        too_soon = poll_bmkg.call()
        clock.shift(dt.timedelta(seconds=61))
        later = poll_bmkg.call()

    assert (first["created"], first["deferred"]) == (1, 1)
    assert (too_soon["created"], too_soon["deferred"]) == (0, 1)
    assert (later["created"], later["duplicates"]) == (1, 1)
    assert [path for path, _ in bmkg.requests] == [RSS_PATH, CAP_PATH, RSS_PATH, ACEH_PATH]
    assert Incident.objects.count() == 2


def test_it_enqueues_the_next_poll_when_the_backend_can_wait(bmkg: FakeBMKG, settings: Any) -> None:
    from django_tasks import default_task_backend

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "notifications", "imports"],
        }
    }
    settings.SIPSM_BMKG_FEEDS = [bmkg.serve(CAP_PATH, GORONTALO.read_bytes())]
    settings.SIPSM_BMKG_POLL_INTERVAL_SECONDS = 90
    cache.set(CHAIN_KEY, "current")

    with time_machine.travel(DURING_THE_WARNINGS, tick=False):
        assert poll_bmkg.call("old") == {"superseded": 1}
        poll_bmkg.call("current")

    (scheduled,) = default_task_backend.results  # type: ignore[attr-defined]
    assert scheduled.task.func is poll_bmkg.func
    assert scheduled.args == ["current"]
    assert scheduled.task.run_after == DURING_THE_WARNINGS + dt.timedelta(seconds=90)
    assert Incident.objects.count() == 1


def test_it_runs_one_poll_on_the_immediate_backend_without_looping(
    bmkg: FakeBMKG, settings: Any
) -> None:
    settings.SIPSM_BMKG_FEEDS = [bmkg.serve(CAP_PATH, GORONTALO.read_bytes())]

    with time_machine.travel(DURING_THE_WARNINGS, tick=False):
        output = run("--start-polling")

    assert output.startswith("BMKG polling started (chain ")
    assert Incident.objects.count() == 1
    assert bmkg.requests == [(CAP_PATH, "")]
