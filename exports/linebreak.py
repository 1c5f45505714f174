"""Where a line of Chinese text may break, for the text pingyi wraps itself (the papers' notes
and hints, the 反馈单, the posters): between any two characters, except that a run of Latin
letters and figures (「2026-12-31」, 「50%」) stays whole, punctuation that may not begin a line
stays with the character before it and an opening bracket with the one after it (避头尾)."""

from __future__ import annotations

import re
from collections.abc import Callable

NO_LINE_START = "。，、；：！？」）》”)%"
NO_LINE_END = "（「《“("
_TOKEN = re.compile(
    rf"[{re.escape(NO_LINE_END)}]*(?:[A-Za-z0-9.,+\-:/]+|.)[{re.escape(NO_LINE_START)}]*",
    re.DOTALL,
)


def lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` broken into lines no wider than ``width`` as ``measure`` tells (a piece wider
    than a line gets a line of its own); each 「\\n」 starts a line."""
    found = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for token in _TOKEN.findall(paragraph):  # the pieces no line break may cut
            points = measure(token)
            if line and used + points > width:
                found.append(line)
                line, used = "", 0.0
            line += token
            used += points
        found.append(line)
    return found
