"""Charts as small server-rendered SVG: no script and no chart library, a few kilobytes, and
readable without colours (every bar has its number; a table follows each chart on the page).

The markup is built from numbers and escaped labels only, so it is safe to insert as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0b6e4f", "#1f5fa8", "#e07b00", "#7a3e9d", "#b00020", "#5b6770")
FONT = 'font-family="sans-serif" font-size="11"'


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


def _fmt(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _legend(series: Sequence[Series], y: int, width: int) -> tuple[list[str], int]:
    """Legend items left to right, wrapping at the chart's width; returns the markup and the
    number of lines used."""
    parts = []
    x, lines = 8, 1
    for i, s in enumerate(series):
        item_width = 24 + 6 * len(s.label)
        if x > 8 and x + item_width > width:
            x, lines = 8, lines + 1
        top = y + (lines - 1) * 14
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{top}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{top + 9}" {FONT}>{escape(s.label)}</text>')
        x += item_width
    return parts, lines


def stacked_bars(
    title: str, categories: Sequence[str], series: Sequence[Series], *, width: int = 640
) -> SafeString:
    """Vertical bars, one per category (e.g. month), stacked by series (e.g. program area)."""
    height, top, bottom, left = 220, 10, 40, 36
    plot_h = height - top - bottom
    n = max(1, len(categories))
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    peak = max(totals, default=0) or 1
    step = (width - left - 8) / n
    bar = max(4.0, step * 0.7)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" {FONT}>{_fmt(peak)}</text>',
    ]
    for i, category in enumerate(categories):
        x = left + i * step + (step - bar) / 2
        y: float = top + plot_h
        for k, s in enumerate(series):
            value = s.values[i]
            if value <= 0:
                continue
            h = plot_h * value / peak
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(s.label)}: '
                f"{_fmt(value)}</title></rect>"
            )
        if totals[i]:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 2:.1f}" text-anchor="middle" {FONT}>'
                f"{_fmt(totals[i])}</text>"
            )
        body.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 13}" text-anchor="middle" {FONT}>'
            f"{escape(category)}</text>"
        )
    if len(series) > 1:
        legend, lines = _legend(series, height - 14, width)
        body += legend
        height += (lines - 1) * 14
    return _svg(width, height, title, body)


def horizontal_bars(
    title: str,
    rows: Sequence[tuple[str, float, str]],
    *,
    width: int = 640,
    maximum: float | None = None,
    colour: str = PALETTE[1],
) -> SafeString:
    """One bar per row: (label, value, text shown after the bar)."""
    bar_h, gap, label_w = 16, 6, 190
    height = max(1, len(rows)) * (bar_h + gap) + 8
    peak = maximum or max((v for _l, v, _t in rows), default=0) or 1
    plot_w = width - label_w - 70
    body = []
    for i, (label, value, text) in enumerate(rows):
        y = 4 + i * (bar_h + gap)
        w = max(0.0, plot_w * min(value, peak) / peak)
        short = label if len(label) <= 30 else label[:29] + "…"
        body.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" {FONT}>{escape(short)}</text>'
        )
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(text)}</title></rect>"
        )
        body.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 12}" {FONT}>{escape(text)}</text>')
    return _svg(width, height, title, body)


def line(
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    *,
    width: int = 640,
    maximum: float | None = None,
    decimals: int = 2,
) -> SafeString:
    """A line over categories; gaps where a value is None."""
    height, top, bottom, left = 180, 12, 30, 40
    plot_h = height - top - bottom
    known = [v for v in values if v is not None]
    peak = maximum or max(known, default=0) or 1
    n = max(1, len(categories) - 1)
    step = (width - left - 12) / n
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" {FONT}>{peak:.{decimals}f}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" {FONT}>0</text>',
    ]
    points: list[str] = []
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        x = left + i * step
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle" {FONT}>'
            f"{escape(category)}</text>"
        )
        if value is None:
            if len(points) > 1:
                body.append(_polyline(points))
            points = []
            continue
        y = top + plot_h - plot_h * min(value, peak) / peak
        points.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[4]}">'
            f"<title>{escape(category)}: {value:.{decimals}f}</title></circle>"
        )
    if len(points) > 1:
        body.append(_polyline(points))
    return _svg(width, height, title, body)


def _polyline(points: list[str]) -> str:
    joined = " ".join(points)
    return f'<polyline points="{joined}" fill="none" stroke="{PALETTE[4]}" stroke-width="2"/>'
