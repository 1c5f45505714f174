"""统计单的登记数字 / the 统计单's recorded figures."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import now, with_database
from evaluation import activities
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignError, managed_campaign

ITEM_CODES = [f"{item.code}（{item.label}）" for item in activities.ITEMS]


def record(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    item: Annotated[
        str | None, typer.Argument(help="统计项（代码或名称）：" + "、".join(ITEM_CODES))
    ] = None,
    count: Annotated[str | None, typer.Argument(help="数量；更正时为负数")] = None,
) -> None:
    """填报统计单数字（不带 ITEM 显示合计）/ Record a 统计单 figure; without ITEM, the totals."""

    async def work(session):
        if item is not None:
            if count is None:
                raise CampaignError("请同时给出数量，例如：pingyi record 3 visits 12")
            await activities.record(
                session, OPERATOR, campaign_id, item, activities.parse_count(count), now()
            )
        campaign = await managed_campaign(session, OPERATOR, campaign_id)
        return await activities.totals(session, campaign)

    totals = with_database(work)
    for entry in activities.ITEMS:
        total = totals[entry.code]
        shown = "未填报" if total is None else f"{total} {entry.unit}"
        typer.echo(f"{entry.number}\t{entry.code}\t{entry.label}\t{shown}")
