"""综合评定与支部审定 / composite scores and final grades."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, now, with_database
from deployment.settings import load_settings as settings
from evaluation import review
from evaluation.callers import OPERATOR

app = Cli(help="综合评定与支部审定 / composite scores and final grades", no_args_is_help=True)


@app.command("list")
def review_list(campaign_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """每名党员的群众评分、互评评分、综合得分、排名、建议等次和审定等次 / The 综合评定."""
    config = settings()

    async def appraise(session: AsyncSession):
        return await review.review(session, OPERATOR, campaign_id, config.grading_rule())

    found = with_database(appraise)
    weights = found.weights
    state = "已审定完成" if found.reviewed else f"已审定 {found.decided}/{len(found.members)} 人"
    typer.echo(f"权重 群众 {weights.masses:g} / 互评 {weights.peer:g}；{state}")
    typer.echo("党员\t群众评分\t互评评分\t综合得分\t排名\t建议等次\t审定等次")
    for m in found.members:
        final = (m.final or "-") + (f"（{m.reason}）" if m.reason else "")
        peer = _points(m.peer_score) if found.campaign.peer_review else "未开展"
        typer.echo(
            f"{m.name}\t{_points(m.masses_score)}\t{peer}\t"
            f"{_points(m.composite)}\t{m.rank or '-'}\t{m.suggested or '-'}\t{final}"
        )


def _points(score: float | None) -> str:
    return "样本不足" if score is None else f"{score:.1f}"


@app.command("set")
def review_set(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    member: Annotated[str, typer.Option(help="党员姓名")],
    grade: Annotated[str, typer.Option(help="优秀 / 合格 / 基本合格 / 不合格")],
    reason: Annotated[str | None, typer.Option(help="与建议等次不同时的理由（一句话）")] = None,
) -> None:
    """审定一名党员的等次 / Set a member's final grade."""
    config = settings()

    async def decide(session: AsyncSession):
        return await review.decide_named(
            session,
            OPERATOR,
            campaign_id,
            member,
            grade,
            reason,
            now(),
            config.grading_rule(),
        )

    decided = with_database(decide)
    typer.echo(f"已审定 {decided.name}：{grade}（建议 {decided.suggested or '无'}）")


@app.command("finish")
def review_finish(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    close: Annotated[
        bool, typer.Option("--close", help="评议还在进行中时，先结束评议 / close it first")
    ] = False,
) -> None:
    """审定完成：之后等次和点评不再改动 / Finish 审定: grades and comments are then final."""
    with_database(lambda session: review.finish(session, OPERATOR, campaign_id, now(), close=close))
    closed = "评议已结束，" if close else ""
    typer.echo(f"{closed}评议 {campaign_id} 审定完成 / review finished")
