"""纸质问卷：汇总表、空白测评表、并入 / paper questionnaires."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, fail, now, output, with_database
from deployment.settings import load_settings as settings
from evaluation import campaigns as campaign_service
from evaluation import paper
from evaluation.callers import OPERATOR

app = Cli(help="纸质问卷 / paper questionnaires", no_args_is_help=True)


@app.command("template")
def paper_template(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[Path, typer.Option(help="输出的 .xlsx 文件")],
) -> None:
    """生成纸质问卷汇总表 / Write the blank paper tally sheet of a campaign."""
    from exports.paper import write_paper_sheet  # on first use: see bot/lazy.py

    output(out, ".xlsx")

    async def rows(session: AsyncSession):
        campaign = await campaign_service.managed_campaign(session, OPERATOR, campaign_id)
        return paper.sheet_rows(campaign)

    write_paper_sheet(with_database(rows), out)
    typer.echo(f"已生成纸质问卷汇总表 / paper tally sheet written: {out}")


@app.command("ballot")
def paper_ballot(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[Path, typer.Option(help="输出的 .pdf 文件")],
    copies: Annotated[int, typer.Option(help="份数：每份编号随机，互不相同")] = 1,
) -> None:
    """生成空白个人测评表（不记名，供不用 Telegram 的人填写）/ Blank paper ballots to print."""
    from exports.paper_ballot import campaign_ballots  # on first use
    from exports.poster import PosterError, find_font

    output(out, ".pdf")
    config = settings()
    try:
        font = find_font(config.font)
    except PosterError as error:
        raise fail(str(error)) from None

    async def load(session: AsyncSession):
        return await paper.ballot_campaign(session, OPERATOR, campaign_id, copies)

    try:
        campaign = with_database(load)
    except paper.PaperError as error:
        raise fail(str(error)) from None
    pdf, pages = campaign_ballots(campaign, config.grading_rule(), font, copies)
    out.write_bytes(pdf)
    typer.echo(
        f"已生成空白测评表 {copies} 份（每份 {pages} 页，编号随机）/ blank ballots written: {out}"
    )


@app.command("import")
def paper_import(file: Path) -> None:
    """并入纸质问卷汇总表（同一场次替换）/ Merge a filled paper tally sheet into its campaign."""
    # On first use: see bot/lazy.py.
    from exports.paper import read_paper_sheet

    if not file.exists():
        raise fail(f"找不到文件 {file}")
    try:
        rows = read_paper_sheet(file)
        merged = with_database(lambda session: paper.import_paper(session, OPERATOR, rows, now()))
    except paper.PaperError as error:
        typer.echo("汇总表有错误，没有并入任何数据 / nothing merged:", err=True)
        for line in error.errors:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(1) from None
    verb = "替换" if merged.replaced else "并入"
    typer.echo(
        f"已{verb} {merged.title}（评议 {merged.campaign_id}）场次「{merged.label}」"
        f"纸质问卷 {merged.ballots} 份"
    )
