"""Reading back the QR code drawn in a certificate PDF, for tests (a small decoder).

The certificate draws the QR as vector rectangles, so the module grid is read exactly from
the page's content stream (no image processing), then decoded as ISO/IEC 18004 says: the
format information (checked with its BCH code), the mask, the data modules in zigzag order,
the blocks de-interleaved, and the numeric, alphanumeric and byte segments. The block sizes
and alignment positions are the standard's tables (as reportlab ships them); errors are not
corrected, since a vector drawing has none.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable

from reportlab.graphics.barcode.qrencoder import QRRSBlock, QRUtil

Grid = list[list[bool]]

_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_FILLED_RECT = re.compile(rb"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f\*")
_FORMAT_MASK = 0b101010000010010
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_MASKS: list[Callable[[int, int], bool]] = [
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
]


def _streams(pdf: bytes) -> list[bytes]:
    found = []
    for match in _STREAM.finditer(pdf):
        raw = match.group(1)
        for decode in (
            zlib.decompress,
            lambda r: zlib.decompress(base64.a85decode(r.strip(), adobe=True)),
        ):
            try:
                found.append(decode(raw))
                break
            except (zlib.error, ValueError):
                continue
        else:
            found.append(raw)
    return found


def grid_from_pdf(pdf: bytes) -> Grid:
    """The dark modules of the one QR code drawn (as filled rectangles) in the PDF."""
    rects = [
        tuple(float(v) for v in m.groups())
        for stream in _streams(pdf)
        for m in _FILLED_RECT.finditer(stream)
    ]
    if not rects:
        raise ValueError("no QR code in this PDF")
    module = min(h for _x, _y, _w, h in rects)
    left = min(x for x, _y, _w, _h in rects)
    top = max(y + h for _x, y, _w, h in rects)
    size = round((max(x + w for x, _y, w, _h in rects) - left) / module)
    grid = [[False] * size for _ in range(size)]
    for x, y, w, h in rects:
        row0, col0 = round((top - y - h) / module), round((x - left) / module)
        for row in range(row0, row0 + round(h / module)):
            for col in range(col0, col0 + round(w / module)):
                grid[row][col] = True
    return grid


def _bch_format(data: int) -> int:
    code = data << 10
    for shift in range(4, -1, -1):
        if code & (1 << (shift + 10)):
            code ^= 0b10100110111 << shift
    return (data << 10) | code


def _format(grid: Grid) -> tuple[int, int]:
    """(error correction level as the standard's 2 bits, mask pattern)."""
    n = len(grid)
    cells = [(i if i < 6 else i + 1 if i < 8 else n - 15 + i, 8) for i in range(15)]
    raw = sum(1 << i for i, (row, col) in enumerate(cells) if grid[row][col])
    data = (raw ^ _FORMAT_MASK) >> 10
    if _bch_format(data) ^ _FORMAT_MASK != raw:
        raise ValueError("the format information is damaged")
    return data >> 3, data & 7


def _function_modules(n: int, version: int) -> Grid:
    taken = [[False] * n for _ in range(n)]

    def block(rows: range, cols: range) -> None:
        for row in rows:
            for col in cols:
                if 0 <= row < n and 0 <= col < n:
                    taken[row][col] = True

    block(range(9), range(9))
    block(range(9), range(n - 8, n))
    block(range(n - 8, n), range(9))
    block(range(n), range(6, 7))
    block(range(6, 7), range(n))
    centres = QRUtil.getPatternPosition(version)
    for row in centres:
        for col in centres:
            if not taken[row][col]:
                block(range(row - 2, row + 3), range(col - 2, col + 3))
    if version >= 7:
        block(range(6), range(n - 11, n - 8))
        block(range(n - 11, n - 8), range(6))
    return taken


def _codewords(grid: Grid, version: int, mask: int) -> list[int]:
    n = len(grid)
    taken = _function_modules(n, version)
    bits: list[int] = []
    upward = True
    col = n - 1
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(n - 1, -1, -1) if upward else range(n)
        for row in rows:
            for c in (col, col - 1):
                if not taken[row][c]:
                    bits.append(int(grid[row][c] ^ _MASKS[mask](row, c)))
        upward = not upward
        col -= 2
    return [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]


def _data_bits(codewords: list[int], version: int, level_bits: int) -> str:
    # The standard's 2-bit levels (M=0, L=1, H=2, Q=3) are also reportlab's constants.
    blocks = [b.dataCount for b in QRRSBlock.getRSBlocks(version, level_bits)]
    data: list[list[int]] = [[] for _ in blocks]
    stream = iter(codewords)
    for i in range(max(blocks)):
        for k, count in enumerate(blocks):
            if i < count:
                data[k].append(next(stream))
    return "".join(f"{byte:08b}" for block in data for byte in block)


def _segments(bits: str, version: int) -> str:
    small = version < 10
    text = ""
    pos = 0

    def take(count: int) -> int:
        nonlocal pos
        value = int(bits[pos : pos + count] or "0", 2)
        pos += count
        return value

    while pos + 4 <= len(bits):
        mode = take(4)
        if mode == 0:
            break
        if mode == 0b0001:
            count = take(10 if small else 12)
            while count >= 3:
                text += f"{take(10):03d}"
                count -= 3
            if count:
                text += f"{take(7 if count == 2 else 4):0{count}d}"
        elif mode == 0b0010:
            count = take(9 if small else 11)
            while count >= 2:
                pair = take(11)
                text += _ALPHANUMERIC[pair // 45] + _ALPHANUMERIC[pair % 45]
                count -= 2
            if count:
                text += _ALPHANUMERIC[take(6)]
        elif mode == 0b0100:
            count = take(8 if small else 16)
            text += bytes(take(8) for _ in range(count)).decode("utf-8")
        elif mode == 0b0111:
            take(8)
        else:
            raise ValueError(f"unsupported QR mode {mode:04b}")
    return text


def read_qr(grid: Grid) -> str:
    """The text encoded in a QR code's module grid."""
    version = (len(grid) - 17) // 4
    level_bits, mask = _format(grid)
    codewords = _codewords(grid, version, mask)
    return _segments(_data_bits(codewords, version, level_bits), version)


def qr_text_in_pdf(pdf: bytes) -> str:
    return read_qr(grid_from_pdf(pdf))
