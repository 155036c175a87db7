"""The member card (KTA): a printable page and a PDF, both with a QR code that opens the
public verification page. The card never carries the NIK."""

from __future__ import annotations

import io

import segno
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from sipsm.registry.models import Member, Unit

CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm


def verification_url(request: HttpRequest, member: Member) -> str:
    return request.build_absolute_uri(
        reverse("registry:verify_card", args=[member.verification_token])
    )


def qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4, border=2))


def member_unit(member: Member) -> Unit | None:
    return Unit.objects.filter(region_id=member.home_village_id).first()


def render_kta_pdf(member: Member, *, url: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(CARD_WIDTH, CARD_HEIGHT))
    pdf.setTitle(f"KTA {member.kta_number}")
    pdf.setAuthor("IPSM")

    pdf.setFillColorRGB(0.043, 0.431, 0.310)
    pdf.rect(0, CARD_HEIGHT - 11 * mm, CARD_WIDTH, 11 * mm, stroke=0, fill=1)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.setFont("Helvetica-Bold", 7.5)
    pdf.drawString(3 * mm, CARD_HEIGHT - 5 * mm, "IKATAN PEKERJA SOSIAL MASYARAKAT (IPSM)")
    pdf.setFont("Helvetica", 6.5)
    title = "KARTU TANDA ANGGOTA" + (" SEMENTARA" if member.kta_temporary else "")
    pdf.drawString(3 * mm, CARD_HEIGHT - 9 * mm, title)

    left = 3 * mm
    if member.photo:
        try:
            with member.photo.open("rb") as fh:
                pdf.drawImage(
                    ImageReader(io.BytesIO(fh.read())),
                    left,
                    14 * mm,
                    width=18 * mm,
                    height=24 * mm,
                    preserveAspectRatio=True,
                )
            left = 23 * mm
        except OSError:
            pass

    pdf.setFillColorRGB(0, 0, 0)
    y = CARD_HEIGHT - 16 * mm
    pdf.setFont("Helvetica-Bold", 8)
    pdf.drawString(left, y, member.full_name[:34])
    pdf.setFont("Helvetica", 6.5)
    unit = member_unit(member)
    lines = [
        f"No. KTA: {member.kta_number}",
        f"{unit.name if unit else member.home_village.name}"[:48],
        member.home_village.chain.split(", ", 1)[-1][:52],
        _("Issued: %(date)s") % {"date": member.kta_issued_at.strftime("%d-%m-%Y")}
        if member.kta_issued_at
        else "",
    ]
    for line in lines:
        y -= 3.6 * mm
        pdf.drawString(left, y, line)

    widget = QrCodeWidget(url)
    bounds = widget.getBounds()
    size = 24 * mm
    drawing = Drawing(
        size,
        size,
        transform=[size / (bounds[2] - bounds[0]), 0, 0, size / (bounds[3] - bounds[1]), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, CARD_WIDTH - size - 2 * mm, 2 * mm)
    pdf.setFont("Helvetica", 5)
    pdf.drawString(3 * mm, 3 * mm, _("Scan to verify this card."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
