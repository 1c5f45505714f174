"""What the 公示版 says beside the figures: how long it is posted and where people can object.
Apart from the workbook code, so the settings can name it without importing openpyxl."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicNotice:
    days: int = 7  # 公示期: from the day it is exported
    phone: str | None = None  # 监督电话
    box: str | None = None  # 意见箱: where it hangs, or an address


DEFAULT_NOTICE = PublicNotice()
