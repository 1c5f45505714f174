"""党员名册：模板与导入 / rosters."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.common import Cli, fail, now, output, stages, with_database
from evaluation.callers import OPERATOR
from evaluation.roster import import_roster, parse_roster

app = Cli(help="党员名册 / rosters", no_args_is_help=True)
ROSTER_STAGES = ("已读取并校验 / read and checked", "已导入 / imported")


@app.command("template")
def roster_template(out: Path) -> None:
    """生成空白名册模板 / Write a blank roster workbook with one example row."""
    from exports.roster import write_template  # on first use: see bot/lazy.py

    write_template(output(out, ".xlsx"))
    typer.echo(f"已生成名册模板 / roster template written: {out}")


@app.command("import")
def roster_import(file: Path) -> None:
    """导入名册：新建或更新组织及其党员 / Create or update an organization from a roster."""
    # On first use: see bot/lazy.py.
    from exports.roster import read_rows

    if not file.exists():
        raise fail(f"找不到文件 {file}")
    with stages(ROSTER_STAGES) as stage:
        data, errors = parse_roster(read_rows(file))
        stage(ROSTER_STAGES[0])
        if errors:
            typer.echo("名册有错误，未导入任何内容 / nothing imported:", err=True)
            for line in errors:
                typer.echo(f"  {line}", err=True)
            raise typer.Exit(1)
        try:
            summary = with_database(
                lambda session: import_roster(session, OPERATOR, data, now()), create=True
            )
        except ValueError as error:
            raise fail(str(error)) from None
        stage(ROSTER_STAGES[1])
    verb = "新建" if summary.created_organization else "更新"
    typer.echo(f"已{verb}组织「{summary.organization}」，党员 {len(data.members)} 人。")
    if summary.created_parent:
        typer.echo(f"  新建上级组织：{summary.created_parent}")
    for label, names in summary.changes:
        if names:
            typer.echo(f"  {label} {len(names)} 人：{'、'.join(names)}")
