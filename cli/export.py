"""导出工作簿、公示版和打印版 PDF / the workbook, the 公示版 and their PDFs."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from cli.common import fail, first_line, now, operator_errors, output, stages, with_database
from deployment.settings import load_settings as settings
from evaluation.callers import OPERATOR


def export(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[Path, typer.Option(help="输出的 .xlsx 文件（--pdf 时为 .pdf）")],
    public: Annotated[
        bool, typer.Option("--public", help="公示版：只含组织结果和党员汇总数")
    ] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="打印版 PDF（由 LibreOffice 生成，A4）")
    ] = False,
) -> None:
    """导出评议统计表（--public：公示版；--pdf：打印版）/ Export the workbook, or the 公示版."""
    # On first use: see bot/lazy.py.
    from exports.pdf import office, to_pdf
    from exports.workbook import EXPORT_STAGES, export_campaign

    output(out, ".pdf" if pdf else ".xlsx")
    config = settings()
    rule = config.grading_rule()
    with tempfile.TemporaryDirectory() as folder:
        if pdf:
            with operator_errors():
                office()  # not installed: one line, before any work
        workbook = Path(folder) / f"{out.stem}.xlsx" if pdf else out
        with stages(EXPORT_STAGES) as stage:
            report = with_database(
                lambda session: export_campaign(
                    session,
                    OPERATOR,
                    campaign_id,
                    workbook,
                    now(),
                    rule,
                    public=public,
                    stage=stage,
                    notice=config.public_notice(),
                )
            )
        if pdf:
            with operator_errors():
                try:
                    [printed] = asyncio.run(to_pdf([workbook], Path(folder) / "pdf"))
                except RuntimeError as error:  # LibreOffice failed: what it said, in one line
                    raise fail(first_line(error)) from None
                shutil.copyfile(printed, out)
    typer.echo(f"已导出 {report.submitted} 份评议 / exported {report.submitted} ballots: {out}")
    if public and report.closed is None:
        typer.echo(
            "评议仍在进行：这是阶段性结果，不是公示版，不设公示期；评议结束后再导出即为公示版。"
            " / The campaign is still open: this is an interim result, not the notice to post."
        )
