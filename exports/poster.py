"""A printable A4 poster for a campaign: organization, period, the QR code, one instruction.

Drawn with Pillow at 150 dpi (1240 × 1754 px). Chinese text needs a CJK font on the server:
``PINGYI_FONT``, or one of the common Debian fonts (fonts-wqy-microhei, fonts-noto-cjk).
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from evaluation.wording import N_

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


def poster_png(organization: str, period: str, deadline: str, link: str, font_path: Path) -> bytes:
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    y = MARGIN
    for text, size in ((organization, 76), (f"{period}群众评议", 60)):
        font = ImageFont.truetype(str(font_path), size)
        for line in _wrap(draw, text, font, WIDTH - 2 * MARGIN):
            _centered(draw, y, line, font)
            y += int(size * 1.35)
    code = segno.make(link, error="m")
    modules = code.symbol_size(scale=1, border=2)[0]
    qr_png = io.BytesIO()  # whole pixels per module, so every module prints the same width
    code.save(qr_png, kind="png", scale=QR_SIZE // modules, border=2)
    qr = Image.open(qr_png).convert("RGB")
    y += 40
    page.paste(qr, ((WIDTH - qr.width) // 2, y))
    y += qr.height + 60
    body = ImageFont.truetype(str(font_path), 40)
    for text in INSTRUCTION:
        for line in _wrap(draw, text, body, WIDTH - 2 * MARGIN):
            _centered(draw, y, line, body)
            y += 58
    _centered(draw, y + 20, f"截止日期：{deadline}", body)
    small = ImageFont.truetype(str(font_path), 26)
    _centered(draw, HEIGHT - MARGIN, link, small)
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, font) -> None:
    width = draw.textlength(text, font=font)
    draw.text(((WIDTH - width) / 2, y), text, font=font, fill="black")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Break Chinese text by characters so every line fits ``width``."""
    lines, line = [], ""
    for char in text:
        if line and draw.textlength(line + char, font=font) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines
