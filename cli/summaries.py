"""半年一小结、年终一总评 / the half-year and year summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import fail, now, output, with_database
from deployment.settings import load_settings as settings
from evaluation import campaigns as campaign_service
from evaluation.callers import OPERATOR
from evaluation.periods import today_in
from evaluation.summaries import HALF, YEAR, Span


def summary(
    kind: Annotated[str, typer.Argument(help="half（半年一小结）或 year（年终一总评）")],
    org: Annotated[str, typer.Option(help="组织名称")],
    year: Annotated[int | None, typer.Option(help="年份；默认今年")] = None,
    half: Annotated[int | None, typer.Option(help="1 上半年，2 下半年；默认当前半年")] = None,
    out: Annotated[Path | None, typer.Option(help="工作簿路径")] = None,
) -> None:
    """生成半年一小结或年终一总评 / Write the half-year or year summary workbook."""
    from exports.summaries import export_summary  # on first use: see bot/lazy.py

    if kind not in (HALF, YEAR):
        raise fail(f"应为 half 或 year，收到「{kind}」")
    span = Span(kind)
    if half is not None and half not in (1, 2):
        raise fail("--half 只能是 1 或 2")
    if out is not None:
        output(out, ".xlsx")
    config = settings()
    moment = now()
    today = today_in(moment, config.timezone)
    year = year or today.year
    half = (half or (1 if today.month <= 6 else 2)) if span == HALF else None
    rule = config.grading_rule()

    async def write(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        path = out or Path(f"{org}-{year}{'H' + str(half) if half else ''}.xlsx")
        result = await export_summary(
            session,
            OPERATOR,
            organization.id,
            span,
            year,
            half,
            path,
            moment,
            rule,
        )
        return result, path

    result, path = with_database(write)
    typer.echo(f"{result.title}：{'、'.join(result.period_labels)}")
    typer.echo(f"工作簿 / workbook: {path}")
