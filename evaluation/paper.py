"""Paper questionnaires: a meeting's hand count, merged into a campaign's totals.

The organizer downloads a tally sheet for the campaign (one row per subject × criterion),
writes in how many paper questionnaires there were and the counts of each rating, and sends
it back. Each meeting (场次) is stored once per campaign: sending the same meeting again
replaces its counts, so nothing is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import campaign_name, managed_campaign
from evaluation.periods import period_label
from evaluation.questionnaire import Questionnaire, Rating
from evaluation.refusals import Refusal
from evaluation.text import clean_text
from evaluation.wording import N_, Phrase
from storage import tallies as tally_repo
from storage import writes
from storage.models import Campaign, PaperTally

TITLE = "纸质问卷汇总表"
CAMPAIGN_ROW, ORGANIZATION_ROW, PERIOD_ROW, LABEL_ROW, BALLOTS_ROW = 2, 3, 4, 5, 6
HEADER_ROW, FIRST_ROW = 8, 9
HEADERS = ("评议对象", "评议内容", *(r.label for r in Rating))
LABEL_HINT = "场次（如：第一次评议会）"
BALLOTS_HINT = "纸质问卷份数"
DEFAULT_LABEL = "纸质问卷"
LABEL_LIMIT = 50
BALLOTS_LIMIT = 1_000_000
COPIES_LIMIT = 500  # blank 测评表 printed at once
COPY_CHOICES = (10, 30, 50, 100)  # the chat's buttons

Rows = dict[int, tuple[object, ...]]


class PaperError(Refusal):
    """The sheet cannot be merged; ``errors`` name their rows, for the organizer."""

    def __init__(self, errors: list[Phrase]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class PaperImport:
    campaign_id: int
    title: Phrase
    label: str
    ballots: int
    replaced: bool  # this meeting had been imported before: its counts were replaced


def is_paper_sheet(rows: Rows) -> bool:
    return _text(rows, 1, 0) == TITLE


def sheet_rows(campaign: Campaign) -> list[list[object]]:
    """The blank tally sheet of a campaign, row by row (row 1 first)."""
    questionnaire = campaign_view(campaign).questionnaire
    rows: list[list[object]] = [
        [TITLE],
        ["评议编号", campaign.id],
        ["组织", questionnaire.organization],
        ["期次", period_label(campaign.period)],
        [LABEL_HINT, ""],
        [BALLOTS_HINT, None],
        ["请在每行填写选择各项的问卷张数；未作答的可留空。"],
        list(HEADERS),
    ]
    rows += [[q.subject.display_name, q.criterion] for q in questionnaire.questions]
    return rows


async def ballot_campaign(
    session: AsyncSession, caller: Caller, campaign_id: int, copies: int
) -> Campaign:
    """The open campaign the caller manages whose blank 测评表 are to be printed, ``copies`` of
    them."""
    campaign = await managed_campaign(session, caller, campaign_id)  # rights first
    if not 1 <= copies <= COPIES_LIMIT:
        raise PaperError([Phrase(N_("份数应为 1 至 {limit}。"), limit=COPIES_LIMIT)])
    if campaign.status != "open":
        raise PaperError([Phrase(N_("评议 {id} 已关闭，不再打印测评表。"), id=campaign_id)])
    return campaign


async def import_paper(
    session: AsyncSession, caller: Caller, rows: Rows, now: datetime
) -> PaperImport:
    campaign_id = _count(rows, CAMPAIGN_ROW, 1)
    if campaign_id is None:
        raise PaperError(
            [
                Phrase(
                    N_("第{row}行：缺少评议编号，请用 /paper 下载的汇总表填写。"), row=CAMPAIGN_ROW
                )
            ]
        )
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.status != "open":
        raise PaperError([Phrase(N_("评议 {id} 已关闭，不能再并入纸质问卷。"), id=campaign_id)])
    questionnaire = campaign_view(campaign).questionnaire
    label = (_text(rows, LABEL_ROW, 1) or DEFAULT_LABEL)[:LABEL_LIMIT]
    ballots, counts, errors = _read_counts(rows, questionnaire)
    if errors:
        raise PaperError(errors)
    new = await writes.insert_unless_present(
        session, PaperTally, campaign_id=campaign_id, label=label, ballots=ballots, imported_at=now
    )
    tally = await tally_repo.paper_tally(session, campaign_id, label)
    tally.ballots, tally.imported_at = ballots, now
    await tally_repo.replace_paper_counts(session, tally.id, counts)
    audit.record(
        session,
        caller,
        audit.PAPER_IMPORTED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign_id,
        detail=f"{label}，{ballots} 份" + ("" if new else "，替换此前导入的同一场次"),
    )
    await session.commit()
    title = campaign_name(questionnaire.organization, campaign.period)
    return PaperImport(campaign_id, title, label, ballots, replaced=not new)


def _read_counts(
    rows: Rows, questionnaire: Questionnaire
) -> tuple[int, dict[tuple[int, int], int], list[Phrase]]:
    errors: list[Phrase] = []
    ballots = _count(rows, BALLOTS_ROW, 1)
    if ballots is None or not 0 < ballots <= BALLOTS_LIMIT:
        errors.append(Phrase(N_("第{row}行：请填写纸质问卷份数（正整数）。"), row=BALLOTS_ROW))
        ballots = 0
    if tuple(_text(rows, HEADER_ROW, c) for c in range(len(HEADERS))) != HEADERS:
        errors.append(
            Phrase(N_("第{row}行：表头被改动，请用 /paper 下载的汇总表填写。"), row=HEADER_ROW)
        )
        return ballots, {}, errors
    counts: dict[tuple[int, int], int] = {}
    for question in questionnaire.questions:
        row = FIRST_ROW + question.number
        expected = (question.subject.display_name, question.criterion)
        if (_text(rows, row, 0), _text(rows, row, 1)) != expected:
            errors.append(
                Phrase(
                    N_("第{row}行：应为「{subject} · {criterion}」，行顺序不能改动。"),
                    row=row,
                    subject=expected[0],
                    criterion=expected[1],
                )
            )
            continue
        row_total = 0
        for rating in Rating:
            value = _count(rows, row, 2 + rating, blank=0)
            if value is None or value < 0:
                errors.append(
                    Phrase(
                        N_("第{row}行：「{rating}」应填非负整数。"), row=row, rating=rating.label
                    )
                )
                continue
            counts[question.number, int(rating)] = value
            row_total += value
        if ballots and row_total > ballots:
            errors.append(
                Phrase(
                    N_("第{row}行：合计 {total} 张，超过问卷份数 {ballots}。"),
                    row=row,
                    total=row_total,
                    ballots=ballots,
                )
            )
    extra = [r for r in rows if r >= FIRST_ROW + len(questionnaire.questions) and any(rows[r])]
    if extra:
        errors.append(
            Phrase(
                N_("第{row}行：多出的行，评议内容只有 {count} 项。"),
                row=extra[0],
                count=len(questionnaire.questions),
            )
        )
    return ballots, counts, errors


def _text(rows: Rows, row: int, column: int) -> str:
    values = rows.get(row, ())
    value = values[column] if column < len(values) else None
    return "" if value is None else clean_text(str(value))


def _count(rows: Rows, row: int, column: int, blank: int | None = None) -> int | None:
    values = rows.get(row, ())
    value = values[column] if column < len(values) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return blank
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    # A cell holds at most a few digits; int() refuses thousands of them with an error.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None
