"""评议活动：开始、链接、列表、结束 / campaigns."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, bot_username, day_label, fail, now, output, with_database
from deployment.news import SCHEDULE
from deployment.settings import Settings
from deployment.settings import load_settings as settings
from evaluation import campaigns as campaign_service
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest
from evaluation.periods import current_quarter, period_label, today_in
from evaluation.questionnaire import TEMPLATES

app = Cli(help="评议活动 / campaigns", no_args_is_help=True)
TEMPLATE_HELP = "、".join(f"{key}（{t.name}）" for key, t in TEMPLATES.items())


def template_key(name: str) -> str:
    """A template by its key or by the Chinese name the chat shows (spaces optional)."""
    wanted = name.replace(" ", "")
    for key, template in TEMPLATES.items():
        if wanted in (key, template.name.replace(" ", "")):
            return key
    choices = "、".join(f"{key}（{t.name}）" for key, t in TEMPLATES.items())
    raise fail(f"未知模板「{name}」/ unknown template; 可选 / one of: {choices}")


@app.command("start")
def campaign_start(
    org: Annotated[str, typer.Option(help="组织名称")],
    period: Annotated[str | None, typer.Option(help="评议期次，如 2026Q4；默认本季度")] = None,
    deadline: Annotated[str | None, typer.Option(help="截止日期 YYYY-MM-DD；默认 14 天后")] = None,
    template: Annotated[str, typer.Option(help=TEMPLATE_HELP)] = "six_aspects",
    sector_goal: Annotated[bool, typer.Option(help="加入本组织类别的行业目标一项")] = False,
    expected: Annotated[int | None, typer.Option(help="应参评人数（参评率的分母）")] = None,
    category: Annotated[bool, typer.Option(help="是否先询问身份类别")] = True,
    peer_review: Annotated[
        bool | None,
        typer.Option(
            help="党员互评（已认领的党员互相评价）；默认：党员民主测评模板开启，其余不开启"
        ),
    ] = None,
    scores: Annotated[
        str | None, typer.Option(help="规范评分：满意,基本满意,不满意 的分值；默认 100,60,0")
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(help="综合评定权重：群众,互评；默认有互评 60,40，无互评 100,0"),
    ] = None,
    qr: Annotated[Path | None, typer.Option(help="二维码 PNG 路径")] = None,
) -> None:
    """发起评议：编号、邀请链接、二维码、海报 / Open a campaign: id, link, QR code, poster."""
    config = settings()
    moment = now()
    period = period or current_quarter(moment, config.timezone)
    try:
        deadline_day = date.fromisoformat(deadline) if deadline else None
    except ValueError:
        raise fail(f"截止日期应写作 YYYY-MM-DD，收到「{deadline}」") from None
    template = template_key(template)
    points = campaign_service.parse_scores(scores) if scores is not None else None
    weighed = campaign_service.parse_weights(weights) if weights is not None else None
    folder = output(qr, ".png").parent if qr else Path()  # the poster goes beside the QR code
    username = bot_username(config)
    today = today_in(moment, config.timezone)

    async def start(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        request = CampaignRequest(
            organization.id,
            period,
            template,
            sector_goal,
            deadline_day,
            expected,
            category,
            peer_review=peer_review,
            scores=points,
            weights=weighed,
        )
        return await campaign_service.start_campaign(session, OPERATOR, request, today, moment)

    async def start_with_branches(session: AsyncSession):
        campaign = await start(session)
        return campaign, await campaign_service.branch_links(session, campaign)

    campaign, branches = with_database(start_with_branches, news=SCHEDULE)
    typer.echo(f"评议编号 / campaign id: {campaign.id}")
    typer.echo(f"{org} {period_label(period)}，截止 {campaign.deadline}")
    if campaign.peer_review:
        typer.echo("含党员互评：已认领的党员会收到自我评价和互评的邀请。")
    qr = qr or folder / f"campaign-{campaign.id}-qr.png"
    poster = folder / f"campaign-{campaign.id}-poster.png"
    show_invitation(campaign, branches, username, config, qr, poster)


@app.command("link")
def campaign_link(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    qr: Annotated[Path | None, typer.Option(help="二维码 PNG 路径")] = None,
    poster: Annotated[Path | None, typer.Option(help="A4 海报 PNG 路径")] = None,
) -> None:
    """再次取得进行中评议的邀请链接（及二维码、海报）/ An open campaign's link, QR, poster."""
    config = settings()
    for path in (qr, poster):
        if path is not None:
            output(path, ".png")
    username = bot_username(config)

    async def invitation(session: AsyncSession):
        campaign = await campaign_service.open_for_invitations(session, OPERATOR, campaign_id)
        return campaign, await campaign_service.branch_links(session, campaign)

    campaign, branches = with_database(invitation)
    title = campaign_service.campaign_title(campaign)
    typer.echo(f"评议编号 / campaign id: {campaign.id}")
    typer.echo(f"{title}，截止 {campaign.deadline}")
    show_invitation(campaign, branches, username, config, qr, poster)


def show_invitation(campaign, branches, username: str, config: Settings, qr, poster) -> None:
    """Print the link (and each branch's own), and write the QR code and the A4 poster where
    asked (``None``: not written)."""
    # On first use: see bot/lazy.py.
    import segno

    from exports.poster import PosterError, find_font, poster_png

    link = campaign_service.invitation_link(username, campaign.token)
    typer.echo(f"邀请链接 / invitation link: {link}")
    if qr is not None:
        # 820 px at 300 dpi: about 7 cm square on paper, for a 公开栏 or a meeting table.
        segno.make(link, error="m").save(qr, scale=20, border=4, dpi=300)
        typer.echo(f"二维码 / QR code: {qr}")
    if poster is not None:
        try:
            png = poster_png(
                campaign.questionnaire["organization"],
                period_label(campaign.period),
                day_label(campaign.deadline),
                link,
                find_font(config.font),
            )
        except PosterError as error:
            typer.echo(f"海报 / poster: {error}", err=True)
        else:
            poster.write_bytes(png)
            typer.echo(f"A4 海报 / A4 poster: {poster}")
    if branches:
        typer.echo("下级组织各自的链接 / each branch's own link:")
    for organization, token in branches:
        typer.echo(f"  {organization}: {campaign_service.invitation_link(username, token)}")


@app.command("list")
def campaign_list() -> None:
    """列出评议活动（最新在前）/ List campaigns, newest first."""
    rows = with_database(lambda session: campaign_service.list_campaigns(session, OPERATOR))
    if not rows:
        typer.echo("还没有评议活动 / no campaigns yet")
        return
    for row in rows:
        expected = row.expected if row.expected is not None else "—"
        status = "进行中" if row.status == "open" else "已关闭"
        typer.echo(
            f"{row.id}\t{row.title}\t{status}\t截止 {row.deadline}\t"
            f"已提交 {row.submitted}/{expected}（网上问卷 {row.chat}，纸质问卷 {row.paper}）"
        )


@app.command("close")
def campaign_close(campaign_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """关闭评议，不再接受作答 / Close a campaign: no further answers are accepted."""
    moment = now()
    with_database(
        lambda session: campaign_service.close_campaign(session, OPERATOR, campaign_id, moment)
    )
    typer.echo(f"评议 {campaign_id} 已关闭 / closed")
