"""No NIK or KK number reaches the logs."""

from __future__ import annotations

import io
import logging

import pytest

from sipsm.core.logging import RedactPersonalNumbers, redact


@pytest.mark.parametrize(
    "text",
    ["NIK 7501015403850001 ditolak", "nik=7501-0154-0385-0001", "KK 7501.01.540385.0001"],
)
def test_it_redacts_sixteen_digit_numbers(text: str) -> None:
    assert "7501" not in redact(text)
    assert "[REDACTED-16]" in redact(text)


def test_it_keeps_other_numbers() -> None:
    assert redact("kode desa 7501011001, 200 anggota") == "kode desa 7501011001, 200 anggota"


def test_it_cleans_log_records_with_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("sipsm.test")
    logger.addFilter(RedactPersonalNumbers())
    with caplog.at_level(logging.INFO):
        logger.info("import row %s: nik %s", 4, "7501015403850001")

    assert caplog.records[0].getMessage() == "import row 4: nik [REDACTED-16]"


def _handlers(logger: logging.Logger) -> list[logging.Handler]:
    found: list[logging.Handler] = []
    current: logging.Logger | None = logger
    while current is not None:
        found += current.handlers
        current = current.parent if current.propagate else None
    return found


@pytest.mark.parametrize("name", ["django.server", "django.request", "sipsm.anything"])
def test_the_configured_handlers_redact_every_logger(name: str) -> None:
    handlers = [
        h for h in _handlers(logging.getLogger(name)) if isinstance(h, logging.StreamHandler)
    ]
    assert handlers
    for handler in handlers:
        stream = io.StringIO()
        previous = handler.setStream(stream)
        try:
            logging.getLogger(name).warning('"GET /x/?nik=%s HTTP/1.1" 404', "7501015403850001")
        finally:
            handler.setStream(previous)  # type: ignore[arg-type]
        assert "[REDACTED-16]" in stream.getvalue()
        assert "7501015403850001" not in stream.getvalue()
