"""The command line's own words in both languages: the help's chrome (usage, sections, option
notes, metavars) and the parser's messages (a missing argument, an unknown option, a value
that is not a number), as every pingyi line says them: Chinese, then English.

Typer's rich help cuts option texts at the console's width (80 columns when piped), so the
command line uses click's plain help, which wraps instead, with a formatter that translates
its chrome; the commands list shows each command's whole first sentence.
"""

from __future__ import annotations

import re
import sys

from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

WIDTH = 100  # columns of the help: a CJK character counts as one, and is drawn as two

HEADINGS = {
    "Options": "选项 / Options",
    "Commands": "命令 / Commands",
    "Arguments": "参数 / Arguments",
}
NOTES = (
    ("[required]", "[必填 / required]"),
    ("[default: ", "[默认 / default: "),
    ("Show this message and exit.", "显示本帮助并退出 / Show this message and exit."),
)
METAVARS = {
    "<str>": "<文本/text>",
    "<int>": "<整数/int>",
    "<float>": "<数/number>",
    "<path>": "<路径/path>",
    "<bool>": "<是否/bool>",
}
# The parser's messages, each with the Chinese said first.
MESSAGES = (
    (r"Missing argument '(?P<x>[^']+)'\.", "缺少参数 {x}"),
    (r"Missing option '(?P<x>[^']+)'\.", "缺少选项 {x}"),
    (r"No such option: (?P<x>\S+)(?: \(Possible options: (?P<y>[^)]+)\))?", "没有选项 {x}"),
    (r"No such command '(?P<x>[^']+)'\.", "没有命令 {x}"),
    (r"Option '(?P<x>[^']+)' requires an argument\.", "选项 {x} 需要一个值"),
    (r"Got unexpected extra argument.* \((?P<x>[^)]*)\)", "多余的参数：{x}"),
    (r"Invalid value for '(?P<x>[^']+)': .*integer.*", "{x} 应为整数"),
    (r"Invalid value for '(?P<x>[^']+)': .*(?:float|number).*", "{x} 应为数字"),
    (r"Invalid value for '(?P<x>[^']+)': .*(?:range|between|>=|<=).*", "{x} 超出允许的范围"),
    (r"Invalid value for '(?P<x>[^']+)': .*", "{x} 的值无效"),
)


class BilingualFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法 / Usage: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(_metavars(a), _notes(b)) for a, b in rows], col_max, col_spacing)


def _metavars(text: str) -> str:
    for english, both in METAVARS.items():
        text = text.replace(english, both)
    return text


def _notes(text: str) -> str:
    for english, both in NOTES:
        text = text.replace(english, both)
    return text


class BilingualContext(Context):
    formatter_class = BilingualFormatter

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_content_width", WIDTH)
        kwargs.setdefault("terminal_width", WIDTH)
        super().__init__(*args, **kwargs)


class BilingualCommand(TyperCommand):
    context_class = BilingualContext


class BilingualGroup(TyperGroup):
    context_class = BilingualContext

    def format_commands(self, ctx, formatter) -> None:
        """Each command with its help's whole first sentence, never cut to the width."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10**4)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def translated(message: str) -> str:
    """A parser message as ``中文 / English``; one it does not know stays as it is."""
    for pattern, chinese in MESSAGES:
        match = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if match:
            return f"{chinese.format(**match.groupdict())} / {message.strip()}"
    return message.strip()


def report(error: click_errors.ClickException) -> None:
    """What the parser refused, as the rest of pingyi's refusals: one line after 「错误 /
    error:」, then where the help is."""
    if isinstance(error, click_errors.NoArgsIsHelpError):  # a group named alone: its help
        print(error.format_message(), file=sys.stderr)
        return
    print(f"错误 / error: {translated(error.format_message())}", file=sys.stderr)
    context = getattr(error, "ctx", None)
    if context is not None:
        print(f"帮助 / help: {context.command_path} --help", file=sys.stderr)
