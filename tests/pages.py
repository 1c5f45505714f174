"""Reading a printed paper back from its PDF (pdfplumber): each page's characters and text,
and the places where two characters are drawn over each other — text overprinting the next
row, or a header running under the next column's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

OVERLAP = 0.3  # of the smaller character's box: more than kerning, less than a clash


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    text: str
    chars: list[dict]
    lines: list[dict]  # the drawn rules: cell borders

    def overprints(self) -> list[tuple[str, str]]:
        """Pairs of characters (with a little context) whose boxes overlap."""
        found = []
        boxes = sorted(
            (c for c in self.chars if c["text"].strip()), key=lambda c: (c["top"], c["x0"])
        )
        for i, one in enumerate(boxes):
            for other in boxes[i + 1 :]:
                if other["top"] >= one["bottom"]:
                    break
                width = min(one["x1"], other["x1"]) - max(one["x0"], other["x0"])
                height = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
                if width <= 0 or height <= 0:
                    continue
                smaller = min(_area(one), _area(other))
                if smaller and width * height > OVERLAP * smaller:
                    found.append((_near(boxes, one), _near(boxes, other)))
        return found


def _area(char: dict) -> float:
    return (char["x1"] - char["x0"]) * (char["bottom"] - char["top"])


def _near(boxes: list[dict], char: dict) -> str:
    """The character with its neighbours on the same line, to say where a clash is."""
    line = [c for c in boxes if abs(c["top"] - char["top"]) < 1]
    line.sort(key=lambda c: c["x0"])
    at = line.index(char)
    return "".join(c["text"] for c in line[max(0, at - 4) : at + 5])


def read(pdf: Path) -> list[Page]:
    with pdfplumber.open(pdf) as document:
        return [
            Page(n, page.extract_text() or "", list(page.chars), list(page.lines))
            for n, page in enumerate(document.pages, start=1)
        ]


def flat(text: str) -> str:
    """Text as read, without the line breaks and spaces the layout put in."""
    return re.sub(r"\s+", "", text)


def pages_with(pages: list[Page], text: str) -> list[int]:
    return [p.number for p in pages if flat(text) in flat(p.text)]


def sheet_pages(pages: list[Page], sheet: str) -> list[Page]:
    """The pages of one sheet: its name opens the footer, 「明细 第 20 页 共 23 页」."""
    return [p for p in pages if p.text.splitlines()[-1].startswith(f"{sheet} 第 ")]
