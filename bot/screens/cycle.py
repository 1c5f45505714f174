"""一季一评议 as a line of /cycle."""

from __future__ import annotations

from bot.texts import cycle as cycle_texts
from evaluation.cycle import CycleRules
from evaluation.quarterly import CycleRow
from evaluation.questionnaire import TEMPLATES


def cycle_line(row: CycleRow, rules: CycleRules) -> str:
    opening = row.next_opening.astimezone(rules.zone) if row.next_opening else None
    template = TEMPLATES[row.template].name
    return cycle_texts.cycle_state(
        row.organization, row.enabled, template, row.duration_days, opening
    )
