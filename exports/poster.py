"""Printed invitations: a campaign's A4 poster (organization, period, the QR code, one
instruction), and a member's 认领 slip.

Drawn with Pillow: the poster is A4 at 150 dpi (1240 × 1754 px), a slip A6 at 300 dpi.
Chinese text needs a CJK font on the server: ``PINGYI_FONT``, or one of the common Debian
fonts (fonts-wqy-microhei, fonts-noto-cjk).
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from evaluation.wording import N_
from exports import linebreak

WIDTH, HEIGHT, DPI = 1240, 1754, 150  # A4 at 150 dpi
MARGIN = 110
QR_SIZE = 820
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
INSTRUCTION = ("用手机 Telegram 扫描二维码，按提示逐题作答", "匿名提交，每人一次")


class PosterError(RuntimeError):
    """The poster cannot be drawn here; the message says what to install."""


def find_font(configured: str | None = None) -> Path:
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise PosterError(
        N_("服务器上没有中文字体，无法生成海报：请安装 fonts-wqy-microhei，或设置 PINGYI_FONT。")
    )


SLIP_WIDTH, SLIP_HEIGHT, SLIP_DPI = 1240, 1748, 300  # A6 at 300 dpi
SLIP_INSTRUCTION = (
    "本人用手机 Telegram 扫码，点「开始」即完成认领",
    "仅限本人，一次有效，请勿转借",
)


def member_slip_png(name: str, organization: str, link: str, font_path: Path) -> bytes:
    """A member's 认领 slip: organization, name, the QR code of their link, one instruction."""
    headings = ((organization, 64), (f"党员：{name}", 96))
    page, _, _ = _layout(SLIP_WIDTH, SLIP_HEIGHT, headings, link, SLIP_INSTRUCTION, 44, font_path)
    return _png(page, SLIP_DPI)


def poster_png(organization: str, period: str, deadline: str, link: str, font_path: Path) -> bytes:
    headings = ((organization, 76), (f"{period}群众评议", 60))
    page, draw, y = _layout(WIDTH, HEIGHT, headings, link, INSTRUCTION, 40, font_path)
    body = ImageFont.truetype(str(font_path), 40)
    _centered(draw, y + 20, f"截止日期：{deadline}", body)
    small = ImageFont.truetype(str(font_path), 26)
    _centered(draw, HEIGHT - MARGIN, link, small)
    return _png(page, DPI)


def _layout(
    width: int,
    height: int,
    headings: tuple[tuple[str, int], ...],
    link: str,
    instruction: tuple[str, ...],
    body_size: int,
    font_path: Path,
) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    """Headings (text, size) centred from the top, the QR code of ``link``, the instruction
    lines; returns the page, its drawing and the height reached."""
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    y = MARGIN
    for text, size in headings:
        font = ImageFont.truetype(str(font_path), size)
        for line in _wrap(draw, text, font, width - 2 * MARGIN):
            _centered(draw, y, line, font, width)
            y += int(size * 1.35)
    code = segno.make(link, error="m")
    modules = code.symbol_size(scale=1, border=2)[0]
    qr_png = io.BytesIO()  # whole pixels per module, so every module prints the same width
    code.save(qr_png, kind="png", scale=QR_SIZE // modules, border=2)
    qr = Image.open(qr_png).convert("RGB")
    y += 40
    page.paste(qr, ((width - qr.width) // 2, y))
    y += qr.height + 60
    body = ImageFont.truetype(str(font_path), body_size)
    for text in instruction:
        for line in _wrap(draw, text, body, width - 2 * MARGIN):
            _centered(draw, y, line, body, width)
            y += int(body_size * 1.45)
    return page, draw, y


def _png(page: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, font, page_width: int = WIDTH):
    width = draw.textlength(text, font=font)
    draw.text(((page_width - width) / 2, y), text, font=font, fill="black")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Break Chinese text so every line fits ``width`` (exports/linebreak.py)."""
    if not text:
        return []
    return linebreak.lines(text, width, lambda token: draw.textlength(token, font=font))
