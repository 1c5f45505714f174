"""结果反馈 / the results fed back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import fail, now, with_database
from deployment.news import OUTBOX
from deployment.settings import load_settings as settings
from deployment.settings import resolve_secret
from evaluation import campaigns as campaign_service
from evaluation import feedback
from evaluation.callers import OPERATOR
from evaluation.periods import period_label
from evaluation.pseudonyms import Pseudonyms


def feedback_release(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[
        Path | None, typer.Option(help="另存组织反馈单和未认领党员的反馈单（PDF，A4）的文件夹")
    ] = None,
    unsent: Annotated[
        bool, typer.Option("--unsent", help="反馈之后：补发给还没收到的已认领党员")
    ] = False,
) -> None:
    """审定完成后反馈结果：每名已认领党员私信一次 / Feed the results back after 审定."""
    if unsent:
        _feedback_unsent(campaign_id)
        return
    from exports.feedback_sheet import (  # on first use: bot/lazy.py
        member_pdfs,
        organization_pages,
        sheet_pdf,
    )
    from exports.poster import PosterError, find_font

    config = settings()
    secret, notice = resolve_secret(config)
    if notice:
        typer.echo(notice, err=True)
    pseudonyms = Pseudonyms(secret)
    try:
        font = find_font(config.font) if out is not None else None
    except PosterError as error:
        raise fail(str(error)) from None
    rule = config.grading_rule()

    async def release(session: AsyncSession):
        released = await feedback.release(
            session, OPERATOR, campaign_id, pseudonyms, now(), config.admin_ids
        )
        campaign = await campaign_service.managed_campaign(session, OPERATOR, campaign_id)
        sheets = []
        if out is not None:
            period = period_label(campaign.period)
            own = await feedback.organization_feedback(session, campaign, rule)
            pages = organization_pages(own, period, font, str)
            sheets.append((f"组织反馈单-{own.organization}.pdf", sheet_pdf(pages)))
            unbound = await feedback.members_feedback(session, campaign, released.unbound, rule)
            sheets.extend(member_pdfs(unbound, period, font, str))
        return released, sheets

    released, sheets = with_database(release, news=OUTBOX)
    if out is not None:  # only now: a refusal above leaves nothing behind
        out.mkdir(parents=True, exist_ok=True)
    typer.echo(
        f"已反馈：{released.sent} 名已认领党员将私信收到本人反馈单，"
        f"组织者 {released.organizers} 人收到组织反馈单 / results released"
    )
    for name, pdf in sheets:
        (out / name).write_bytes(pdf)
        typer.echo(f"  {out / name}")


def _feedback_unsent(campaign_id: int) -> None:
    secret, notice = resolve_secret(settings())
    if notice:
        typer.echo(notice, err=True)
    pseudonyms = Pseudonyms(secret)
    sent = with_database(
        lambda session: feedback.release_unsent(session, OPERATOR, campaign_id, pseudonyms, now()),
        news=OUTBOX,
    )
    typer.echo(f"已补发：{sent} 名已认领党员将私信收到本人反馈单 / sent to {sent} more")
