"""/status's picture: each subject's 满意+基本满意率 as a horizontal bar, drawn by matplotlib
with the CJK font. Only subjects over the minimum-respondent threshold have a bar; the others
are named with 样本不足, so the picture shows nothing the text does not. Imported on first
use (bot/lazy.py): matplotlib is not loaded by the idle bot."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import PercentFormatter

from evaluation.status import CampaignStatus
from evaluation.wording import N_

Say = Callable[[str], str]
TITLE = N_("满意+基本满意率")
BELOW = N_("样本不足")


def status_png(report: CampaignStatus, title: str, font_path: Path, say: Say) -> bytes | None:
    """The chart, or None when no subject has figures to show."""
    subjects = report.subjects
    if not any(s.approval_rate is not None and s.grade for s in subjects):
        return None
    font = FontProperties(fname=str(font_path))
    # A Figure of its own with the Agg canvas: no pyplot, no global state, safe in a thread.
    figure = Figure(figsize=(8, 1.2 + 0.42 * len(subjects)), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    names = [s.name for s in subjects]
    rates = [s.approval_rate if s.grade else 0 for s in subjects]
    positions = range(len(subjects))
    bars = axes.barh(positions, rates, color="#c0392b", height=0.6)
    axes.set_yticks(list(positions), names, fontproperties=font)
    axes.invert_yaxis()  # the first subject on top, as in the report
    axes.set_xlim(0, 1.12)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    for bar, subject in zip(bars, subjects, strict=True):
        label = f"{subject.approval_rate:.1%}" if subject.grade else say(BELOW)
        axes.text(
            bar.get_width() + 0.01,
            bar.get_y() + bar.get_height() / 2,
            label,
            va="center",
            fontproperties=font,
            fontsize=9,
        )
    axes.set_title(f"{title}\n{say(TITLE)}", fontproperties=font, fontsize=12)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
