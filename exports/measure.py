"""How much room text takes in a printed sheet, measured with the server's font as LibreOffice
prints it: the lines a cell's text wraps to (breaking as ``linebreak`` allows), the height its
row needs, and where a header may break."""

from __future__ import annotations

import re
from functools import cache
from unicodedata import east_asian_width

from PIL import ImageFont

from exports import linebreak

# How LibreOffice prints a sheet, measured on A4 with the papers' font: one unit of column width
# is 6.05 points at 100 %, and a row is as tall as its height says.
POINTS_PER_WIDTH = 6.05
LINE_HEIGHT = 15.0  # points per line of 11-point text
TALLEST_ROW = 409.0  # what Excel allows
CELL_PADDING = 6.0  # points of a cell's width that text does not use


def display_width(text: str) -> int:
    """How many character widths ``text`` takes: a CJK character counts double."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


@cache
def _ruler():
    """The server's CJK font at 100 points, to measure text as LibreOffice will print it; None
    without one (then a CJK character counts one em, any other half)."""
    from exports.poster import PosterError, find_font

    try:
        return ImageFont.truetype(str(find_font()), 100)
    except PosterError:
        return None


@cache
def _em(token: str) -> float:
    ruler = _ruler()
    if ruler is None:
        return display_width(token) / 2
    return ruler.getlength(token) / 100


def _lines(text: str, width: float, size: float, spare: float = 0.0) -> list[str]:
    room = width * POINTS_PER_WIDTH - CELL_PADDING - spare
    return linebreak.lines(text, room, lambda token: _em(token) * size)


def line_count(text: str, width: float, size: float = 11) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide, in ``size`` points."""
    return len(_lines(text, width, size))


def wrap(text: str, width: float, size: float = 11) -> str:
    """``text`` with a line break wherever it wraps in a column ``width`` units wide, keeping
    避头尾, and half a character to spare, so LibreOffice does not wrap it again."""
    return "\n".join(_lines(text, width, size, spare=size / 2))


# Where a header may break: after these (「2026年」「第四季度」, 「工作作风和」「廉洁自律」), before
# an opening bracket, and before 「情况」.
_HEADER_WORD = re.compile(
    r"[（(][^）)]*[）)]?|情况|(?:(?!情况)[^（(+/、 年和与的])+[+/、 年和与的]?|."
)


def header_words(text: str) -> list[str]:
    """A header's words: 「满意+基本满意率」 → 「满意+」「基本满意率」."""
    return [word for part in text.split("\n") for word in _HEADER_WORD.findall(part)]


def broken(text: str, width: float, size: float = 11) -> str:
    """``text`` as lines that each fit ``width`` (units), broken only between words."""
    if "\n" in text or line_count(text, width, size) == 1:
        return text
    lines = [""]
    for word in header_words(text):
        if lines[-1] and line_count(lines[-1] + word, width, size) > 1:
            lines.append("")
        lines[-1] += word
    return "\n".join(line.strip() for line in lines)


def row_height(cells: list[tuple[str | None, float]], size: float | None = None) -> float:
    """The height a row needs for its wrapped cells: each cell as (text, width in units)."""
    size = size or 11
    lines = max((line_count(text, width, size) for text, width in cells if text), default=1)
    return min(TALLEST_ROW, LINE_HEIGHT * size / 11 * lines)


def fit_height(
    sheet, row: int, cells: list[tuple[str | None, float]], size: float | None = None
) -> None:
    """Give row ``row`` (not yet appended) the height its wrapped cells need (LibreOffice does
    not grow rows of a written file by itself)."""
    sheet.row_dimensions[row].height = row_height(cells, size)
