"""Certificates: an A4 landscape PDF with a QR that opens the public verification page."""

from __future__ import annotations

import io

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from sipsm.training.models import Enrolment


def verification_url(request: HttpRequest | None, enrolment: Enrolment) -> str:
    assert enrolment.certificate_token
    path = reverse("training:verify_certificate", args=[enrolment.certificate_token])
    return request.build_absolute_uri(path) if request else settings.SIPSM_BASE_URL + path


def render_certificate_pdf(enrolment: Enrolment, *, url: str) -> bytes:
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    session = enrolment.session
    course = session.course
    pdf.setTitle(f"Sertifikat {enrolment.certificate_number}")
    pdf.setAuthor("IPSM")
    pdf.setStrokeColorRGB(0.043, 0.431, 0.310)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFillColorRGB(0.043, 0.431, 0.310)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(width / 2, height - 32 * mm, "IKATAN PEKERJA SOSIAL MASYARAKAT (IPSM)")
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(width / 2, height - 52 * mm, _("CERTIFICATE"))
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica", 12)
    pdf.drawCentredString(width / 2, height - 62 * mm, f"No. {enrolment.certificate_number}")
    pdf.drawCentredString(width / 2, height - 78 * mm, _("is awarded to"))
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawCentredString(width / 2, height - 92 * mm, enrolment.member.full_name[:60])
    pdf.setFont("Helvetica", 12)
    pdf.drawCentredString(width / 2, height - 106 * mm, _("for completing"))
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawCentredString(width / 2, height - 118 * mm, course.title[:80])
    pdf.setFont("Helvetica", 11)
    dates = f"{session.starts_on:%d-%m-%Y} – {session.ends_on:%d-%m-%Y}"
    pdf.drawCentredString(
        width / 2,
        height - 130 * mm,
        _("%(organiser)s, %(dates)s, %(hours)d hours")
        % {"organiser": session.unit.name, "dates": dates, "hours": course.hours},
    )
    widget = QrCodeWidget(url)
    bounds = widget.getBounds()
    size = 34 * mm
    drawing = Drawing(
        size,
        size,
        transform=[size / (bounds[2] - bounds[0]), 0, 0, size / (bounds[3] - bounds[1]), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - size - 22 * mm, 20 * mm)
    pdf.setFont("Helvetica", 8)
    pdf.drawRightString(width - 22 * mm, 17 * mm, _("Scan to verify this certificate."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
