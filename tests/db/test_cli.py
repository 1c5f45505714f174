"""The command line on a real database (SQLite; the core under it is tested on both)."""

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.app import app, main
from deployment.settings import SECRET_FILE, Settings, resolve_secret
from tests.pages import read

PINGYI = str(Path(sys.executable).with_name("pingyi"))


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    for name in ("PINGYI_BOT_TOKEN", "PINGYI_SECRET", "PINGYI_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PINGYI_BOT_USERNAME", "pingyi_test_bot")
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(app, list(args))


def fill_roster(path, rows):
    workbook = load_workbook(path)
    sheet = workbook.active
    for cell, value in rows.items():
        sheet[cell] = value
    workbook.save(path)


def test_roster_campaign_export_round_trip(workdir):
    assert invoke("roster", "template", "roster.xlsx").exit_code == 0
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部", "A7": "李四", "C6": None})
    result = invoke("roster", "import", "roster.xlsx")
    assert result.exit_code == 0, result.output
    assert "新增 2 人：张三、李四" in result.output

    result = invoke(
        "campaign",
        "start",
        "--org",
        "第一党支部",
        "--period",
        "2026Q4",
        "--deadline",
        "2099-01-31",
        "--expected",
        "20",
    )
    assert result.exit_code == 0, result.output
    assert "https://t.me/pingyi_test_bot?start=" in result.output
    png = workdir / "campaign-1-qr.png"
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") >= 800  # printable: ≥ 800 px wide
    poster = (workdir / "campaign-1-poster.png").read_bytes()[:24]
    assert (int.from_bytes(poster[16:20], "big"), int.from_bytes(poster[20:24], "big")) == (
        1240,
        1754,
    )

    listing = invoke("campaign", "list").output
    assert "第一党支部" in listing and "进行中" in listing and "0/20" in listing
    result = invoke("export", "1", "--out", "out.xlsx")
    assert result.exit_code == 0 and (workdir / "out.xlsx").exists()
    result = invoke("summary", "year", "--org", "第一党支部", "--year", "2026", "--out", "y.xlsx")
    assert result.exit_code == 0, result.output
    assert "第一党支部 2026年年终总评" in result.output
    assert load_workbook(workdir / "y.xlsx").sheetnames == ["年终一总评", "统计单", "民主评议"]
    assert invoke("campaign", "close", "1").exit_code == 0
    assert "已关闭" in invoke("campaign", "list").output
    assert invoke("campaign", "close", "1").exit_code == 2


def test_a_roster_with_errors_imports_nothing(workdir):
    invoke("roster", "template", "roster.xlsx")
    fill_roster(workdir / "roster.xlsx", {"B2": "工厂", "A7": "张三", "A8": None, "B8": "书记"})
    result = invoke("roster", "import", "roster.xlsx")
    assert result.exit_code == 1
    assert "第2行" in result.output and "第7行" in result.output and "第8行" in result.output
    # Nothing was imported, not even an empty database.
    assert "没有找到数据库" in invoke("campaign", "start", "--org", "示例党支部").output

    (workdir / "bad.xlsx").write_text("not a workbook")
    result = invoke("roster", "import", "bad.xlsx")
    assert result.exit_code == 2 and "这不是 Excel 工作簿" in result.output


def test_campaign_start_rejects_bad_options(workdir):
    invoke("roster", "template", "roster.xlsx")
    invoke("roster", "import", "roster.xlsx")
    for args in (
        ["--deadline", "2026-13-01"],
        ["--period", "2026Q9"],
        ["--template", "x"],
        ["--deadline", "2000-01-01"],
        ["--expected", "0"],
        ["--scores", "100,60"],
        ["--scores", "0,60,100"],
        ["--weights", "-1,40"],
    ):
        result = invoke("campaign", "start", "--org", "示例党支部", *args)
        assert result.exit_code == 2, args
        assert "错误" in result.output


@pytest.mark.parametrize(
    "token", [None, "abc", "12345:short", "notdigits:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
)
def test_run_without_a_good_token_is_one_line_and_status_2(workdir, token):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(workdir)}
    if token is not None:
        env["PINGYI_BOT_TOKEN"] = token
    result = subprocess.run(
        [PINGYI, "run"], cwd=workdir, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "PINGYI_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr
    assert re.search(r"[\u4e00-\u9fff].*/ PINGYI_BOT_TOKEN is", result.stderr)  # bilingual


def test_the_secret_is_generated_once_beside_the_database(workdir):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{workdir / 'data' / 'p.db'}")
    secret, notice = resolve_secret(settings)
    path = workdir / "data" / SECRET_FILE
    assert notice and str(path) in notice
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again, notice_again = resolve_secret(settings)
    assert again == secret and notice_again is None
    explicit, _ = resolve_secret(Settings(secret="from-env", database_url=settings.database_url))
    assert explicit == b"from-env"


def in_a_terminal(*args: str, cwd: Path) -> str:
    """Run ``pingyi`` with a terminal as its stdout and stderr, as a person at a console."""
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [PINGYI, *args], cwd=cwd, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    process.wait(60)
    os.close(leader)
    return output.decode(errors="replace")


def test_import_and_export_draw_progress_in_a_terminal_only(workdir):
    assert invoke("roster", "template", "roster.xlsx").exit_code == 0
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部", "A7": "李四", "C6": None})
    shown = in_a_terminal("roster", "import", "roster.xlsx", cwd=workdir)
    assert "已导入 / imported" in shown and "2/2" in shown  # the bar's last frame
    assert "新增 2 人：张三、李四" in shown
    assert invoke("campaign", "start", "--org", "第一党支部").exit_code == 0
    shown = in_a_terminal("export", "1", "--out", "out.xlsx", cwd=workdir)
    assert "已保存 / saved" in shown and "3/3" in shown
    # Piped (as in scripts), only the result is printed.
    piped = subprocess.run(
        [PINGYI, "export", "1", "--out", "again.xlsx"], cwd=workdir, capture_output=True, text=True
    )
    assert piped.returncode == 0 and piped.stderr == ""
    assert piped.stdout.startswith("已导出 0 份评议")


def one_line_refusal(result, *fragments: str) -> None:
    """Exit status 2, one bilingual line, no traceback."""
    assert result.exit_code == 2, (result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 / error: "), lines
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_operator_mistakes_are_one_line_and_status_2(workdir, monkeypatch):
    invoke("roster", "template", "roster.xlsx")
    invoke("roster", "import", "roster.xlsx")
    # An output in a missing folder is found before the campaign opens, not after.
    one_line_refusal(
        invoke("campaign", "start", "--org", "示例党支部", "--qr", "nope/qr.png"),
        "no such folder: nope",
    )
    assert "no campaigns yet" in invoke("campaign", "list").output
    one_line_refusal(invoke("campaign", "start", "--org", "示例党支部", "--qr", "qr.jpg"), ".png")
    one_line_refusal(
        invoke("campaign", "start", "--org", "示例党支部", "--template", "五个好"),
        "unknown template",
        "six_aspects（六个方面 + 五看）",
    )
    assert (
        invoke("campaign", "start", "--org", "示例党支部", "--template", "四个方面+五看").exit_code
        == 0
    )
    one_line_refusal(invoke("export", "1", "--out", "nope/out.xlsx"), "no such folder")
    one_line_refusal(invoke("export", "1", "--out", "out.pdf"), "must end in .xlsx")
    one_line_refusal(invoke("summary", "year", "--org", "示例党支部", "--out", "y.csv"), ".xlsx")
    one_line_refusal(invoke("roster", "template", "nope/r.xlsx"), "no such folder")
    assert not (workdir / "out.pdf").exists()

    (workdir / "garbage.db").write_text("not a database")
    for url, fragment in (
        ("sqlite+aiosqlite:///roster.xlsx/pingyi.db", "no database at"),  # a file as its folder
        (f"sqlite+aiosqlite:///{workdir}", "not a file"),
        ("sqlite+aiosqlite:///garbage.db", "the database cannot be used"),
        ("postgres://user@localhost/pingyi", "postgresql+asyncpg://"),
        ("sqlite:///pingyi.db", "sqlite+aiosqlite:///"),
    ):
        monkeypatch.setenv("PINGYI_DATABASE_URL", url)
        one_line_refusal(invoke("campaign", "list"), fragment)
    monkeypatch.delenv("PINGYI_DATABASE_URL")
    monkeypatch.setenv("PINGYI_ADMIN_IDS", "12345,张三")
    one_line_refusal(invoke("campaign", "list"), "PINGYI_ADMIN_IDS", "numeric Telegram ids")


def test_an_open_campaigns_link_qr_and_poster_again(workdir):
    invoke("roster", "template", "roster.xlsx")
    invoke("roster", "import", "roster.xlsx")
    opened = invoke("campaign", "start", "--org", "示例党支部").output
    link = opened.split("invitation link: ")[1].split()[0]
    result = invoke("campaign", "link", "1", "--qr", "again.png", "--poster", "poster.png")
    assert result.exit_code == 0, result.output
    assert f"invitation link: {link}" in result.output and "示例党支部" in result.output
    assert (workdir / "again.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (workdir / "poster.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    invoke("campaign", "close", "1")
    one_line_refusal(invoke("campaign", "link", "1"), "已关闭")
    one_line_refusal(invoke("campaign", "link", "7"), "没有编号为 7 的评议")


def test_blank_paper_ballots_from_the_command_line(workdir):
    """`pingyi paper ballot ID --out F.pdf --copies N`: N copies, each numbered; a wrong count,
    a closed or unknown campaign or a wrong file name is one line and status 2."""
    import pdfplumber

    invoke("roster", "template", "roster.xlsx")
    invoke("roster", "import", "roster.xlsx")
    assert invoke("campaign", "start", "--org", "示例党支部").exit_code == 0
    result = invoke("paper", "ballot", "1", "--out", "测评表.pdf", "--copies", "3")
    assert result.exit_code == 0, result.output
    assert "空白测评表 3 份（每份 1 页" in result.output  # one member: one page
    with pdfplumber.open(workdir / "测评表.pdf") as printed:
        numbers = {page.extract_text().split("No. ")[1][:6] for page in printed.pages}
        assert len(printed.pages) == 3 and len(numbers) == 3
    one_line_refusal(invoke("paper", "ballot", "1", "--out", "b.pdf", "--copies", "0"), "份数")
    one_line_refusal(invoke("paper", "ballot", "1", "--out", "b.xlsx"), ".pdf")
    one_line_refusal(invoke("paper", "ballot", "7", "--out", "b.pdf"), "没有编号为 7 的评议")
    invoke("campaign", "close", "1")
    one_line_refusal(invoke("paper", "ballot", "1", "--out", "b.pdf"), "已关闭")
    assert not (workdir / "b.pdf").exists()


def test_the_top_level_help_is_bilingual(workdir):
    listing = invoke("--help").output
    assert listing.startswith("用法 / Usage: ")
    commands = listing.split("命令 / Commands:")[1]
    rows = [line for line in commands.splitlines() if line.startswith("  ") and line[2] != " "]
    assert len(rows) == len(app.registered_commands) + len(app.registered_groups)
    for row in rows:
        assert re.search(r"[\u4e00-\u9fff]", row) and re.search(r"[A-Za-z]{3}", row), row
        assert not row.endswith(("...", "…")), row  # whole, never cut to a width
    assert "显示本帮助并退出 / Show this message and exit." in listing


def test_no_help_text_is_cut_and_its_chrome_is_bilingual(workdir):
    page = invoke("campaign", "start", "--help").output
    assert "选项 / Options:" in page and "[必填 / required]" in page and "…" not in page
    flat = re.sub(r"\s+", "", page)
    assert "党员互评（已认领的党员互相评价）；默认：党员民主测评模板开启，其余不开启" in flat
    assert "<整数/int>" in page and "<int>" not in page.replace("<整数/int>", "")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export"], "错误 / error: 缺少参数 ID / Missing argument 'ID'."),
        (["export", "abc", "--out", "x.xlsx"], "错误 / error: ID 应为整数 / Invalid value"),
        (["export", "1", "--oot", "x"], "错误 / error: 没有选项 --oot / No such option: --oot"),
        (["nosuch"], "错误 / error: 没有命令 nosuch / No such command 'nosuch'."),
    ],
)
def test_the_parsers_refusals_are_one_bilingual_line(workdir, monkeypatch, capsys, args, said):
    monkeypatch.setattr(sys, "argv", ["pingyi", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith(said), lines
    assert lines[1].startswith("帮助 / help: pingyi") and len(lines) == 2


def test_database_settings_an_operator_can_get_wrong(workdir, monkeypatch):
    for url, fragments in (
        ("mysql://user@localhost/pingyi", ("只支持 SQLite", "only SQLite and PostgreSQL")),
        (
            "postgresql+asyncpg://postgres@127.0.0.1:5999/pingyi",
            ("无法连接数据库", "PINGYI_DATABASE_URL", "cannot connect to the database"),
        ),
        ("sqlite+aiosqlite:///typo/pingyi.db", ("没有找到数据库", "no database at typo")),
    ):
        monkeypatch.setenv("PINGYI_DATABASE_URL", url)
        one_line_refusal(invoke("campaign", "list"), *fragments)
    assert not (workdir / "typo").exists()  # a read command made no folder and no database
    assert not (workdir / "pingyi.db").exists()


def test_a_statistics_figure_by_its_code_or_its_label(workdir):
    invoke("roster", "template", "roster.xlsx")
    invoke("roster", "import", "roster.xlsx")
    assert invoke("campaign", "start", "--org", "示例党支部").exit_code == 0
    assert invoke("record", "1", "走访调研", "3").exit_code == 0
    listing = invoke("record", "1", "visits", "2").output
    assert "visits\t走访调研\t5 次" in listing
    one_line_refusal(invoke("record", "1", "走访", "1"), "没有这个统计项")


def test_printed_member_slips_and_the_member_list(workdir):
    invoke("roster", "template", "roster.xlsx")
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部", "A7": "李四"})
    invoke("roster", "import", "roster.xlsx")
    result = invoke("member", "links", "--org", "第一党支部", "--out", "slips")
    assert result.exit_code == 0, result.output
    slips = sorted((workdir / "slips").glob("*.png"))
    assert [p.name for p in slips] == ["001-张三-认领单.png", "002-李四-认领单.png"]
    header = slips[0].read_bytes()[:24]
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (
        1240,
        1748,
    )  # A6 at 300 dpi
    listing = invoke("member", "list", "--org", "第一党支部").output
    assert "党员 2 人，已认领 0 人" in listing and "张三（党员领导干部）\t未认领" in listing
    one_line_refusal(invoke("member", "links", "--org", "没有", "--out", "slips"), "找不到组织")
    log = invoke("audit").output
    assert log.count("生成认领链接") == 2


def test_commitments_from_the_command_line(workdir):
    invoke("roster", "template", "roster.xlsx")
    invoke("roster", "import", "roster.xlsx")
    result = invoke("commitments", "set", "--org", "示例党支部", "每月走访 4 户", "办实事 3 件")
    assert result.exit_code == 0 and "公开承诺 2 项" in result.output, result.output
    (workdir / "zhang.txt").write_text("带头学习\n\n结对帮扶 2 户\n", encoding="utf-8")
    result = invoke(
        "commitments", "set", "--org", "示例党支部", "--member", "张三", "--file", "zhang.txt"
    )
    assert result.exit_code == 0 and "张三：公开承诺 2 项" in result.output
    item = result.output.splitlines()[1].split()[0]
    assert invoke("commitments", "state", item, "进行中").exit_code == 0
    listing = invoke("commitments", "list", "--org", "示例党支部").output
    assert f"{item}\t进行中\t带头学习" in listing and "示例党支部：2 项" in listing
    one_line_refusal(invoke("commitments", "state", item, "快了"), "践诺状态应为")
    one_line_refusal(
        invoke("commitments", "set", "--org", "示例党支部", *(["x"] * 11)), "最多 10 项"
    )
    one_line_refusal(
        invoke("commitments", "set", "--org", "示例党支部", "--member", "无名氏", "x"), "无名氏"
    )


def test_comments_from_the_desk_workbook(workdir):
    invoke("roster", "template", "roster.xlsx")
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部", "A7": "李四"})
    invoke("roster", "import", "roster.xlsx")
    assert invoke("campaign", "start", "--org", "第一党支部").exit_code == 0
    result = invoke("comment", "template", "1", "--out", "点评.xlsx")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(workdir / "点评.xlsx")
    sheet = workbook["普通党员"]
    assert [sheet.cell(5, 1).value, sheet.cell(6, 1).value] == ["李四", None]  # 张三 is a 领导干部
    sheet["B5"], sheet["C5"], sheet["J5"] = "王委员", "党支部委员", "工作踏实"
    workbook.save(workdir / "点评.xlsx")
    result = invoke("comment", "import", "点评.xlsx")
    assert result.exit_code == 1 and "「需改进」必须填写" in result.output
    assert "还没有点评" in invoke("comment", "list", "1").output  # nothing imported
    sheet["K5"] = "联系群众不够"
    workbook.save(workdir / "点评.xlsx")
    result = invoke("comment", "import", "点评.xlsx")
    assert result.exit_code == 0 and "已导入 1 条点评" in result.output, result.output
    listing = invoke("comment", "list", "1").output
    assert "李四\t王委员（党支部委员）" in listing and "需改进：联系群众不够" in listing
    assert invoke("comment", "import", "nope.xlsx").exit_code == 2


def test_review_and_feedback_from_the_command_line(workdir):
    invoke("roster", "template", "roster.xlsx")
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部", "A7": "李四"})
    invoke("roster", "import", "roster.xlsx")
    assert invoke("campaign", "start", "--org", "第一党支部").exit_code == 0
    listing = invoke("review", "list", "1").output
    assert "权重 群众 100 / 互评 0；已审定 0/2 人" in listing and "样本不足" in listing
    # No 互评 in this campaign: its column says so instead of 样本不足.
    assert all(line.split("\t")[2] == "未开展" for line in listing.splitlines()[2:])
    result = invoke("feedback", "1", "--out", "fb")
    assert result.exit_code == 2 and "请先完成支部审定" in result.output
    assert "pingyi review finish" in result.output  # the command line's own twin of /review
    assert not (workdir / "fb").exists()  # nothing made before the refusal
    # No ballots: no composite, so no suggestion, and every grade needs its reason.
    result = invoke("review", "set", "1", "--member", "张三", "--grade", "合格")
    assert result.exit_code == 2 and "请写一句理由" in result.output
    for name in ("张三", "李四"):
        result = invoke(
            "review", "set", "1", "--member", name, "--grade", "合格", "--reason", "日常表现"
        )
        assert result.exit_code == 0, result.output
    assert invoke("review", "set", "1", "--member", "王五", "--grade", "合格").exit_code == 2
    result = invoke("review", "finish", "1")  # the campaign is still open
    assert result.exit_code == 2 and "pingyi review finish 1 --close" in result.output
    assert "进行中" in invoke("campaign", "list").output
    result = invoke("review", "finish", "1", "--close")
    assert result.exit_code == 0 and "评议已结束" in result.output
    result = invoke("feedback", "1", "--out", "反馈")
    assert result.exit_code == 0, result.output
    assert "已反馈：0 名已认领党员" in result.output
    saved = sorted(p.name for p in (workdir / "反馈").glob("*.pdf"))  # for printing
    assert saved == [
        "反馈单-张三（党员领导干部）.pdf",
        "反馈单-李四.pdf",
        "组织反馈单-第一党支部.pdf",
    ]
    assert invoke("feedback", "1").exit_code == 2  # once


def test_commenters_are_listed_and_changed_until_the_campaign_closes(workdir):
    invoke("roster", "template", "roster.xlsx")
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部", "A7": "李四"})
    invoke("roster", "import", "roster.xlsx")
    assert invoke("campaign", "start", "--org", "第一党支部").exit_code == 0
    listing = invoke("comment", "commenters", "1").output
    assert "李四\t（无）" in listing  # no 书记 or 支委 on this roster
    result = invoke("comment", "commenters", "1", "--member", "李四", "--by", "张三")
    assert result.exit_code == 0 and result.output.strip() == "李四\t张三", result.output
    assert "李四\t张三" in invoke("comment", "commenters", "1").output
    for args, message in (
        (("--member", "李四", "--by", "王五"), "名册上没有「王五」"),
        (("--member", "李四", "--by", "李四"), "点评人应是本组织的其他党员"),
        (("--member", "李四"), "--by"),
        (("--by", "张三"), "--member"),
    ):
        result = invoke("comment", "commenters", "1", *args)
        assert result.exit_code == 2 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    result = invoke("comment", "commenters", "1", "--member", "李四", "--default")
    assert result.output.strip() == "李四\t（无）"
    invoke("campaign", "close", "1")
    result = invoke("comment", "commenters", "1", "--member", "李四", "--by", "张三")
    assert result.exit_code == 2 and "评议已关闭" in result.output


def test_the_print_ready_pdf_from_the_command_line(workdir, monkeypatch):
    invoke("roster", "template", "roster.xlsx")
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部", "A7": "李四"})
    invoke("roster", "import", "roster.xlsx")
    assert invoke("campaign", "start", "--org", "第一党支部").exit_code == 0
    assert invoke("export", "1", "--out", "a.xlsx", "--pdf").exit_code == 2  # wants .pdf
    result = invoke("export", "1", "--out", "公示.pdf", "--pdf", "--public")
    assert result.exit_code == 0, result.output
    [page] = read(workdir / "公示.pdf")
    text = page.text.replace("\n", "")
    assert "阶段性结果（评议进行中）" in text and "第 1 页 共 1 页" in page.text
    assert "公示期" not in text  # the campaign is still open
    assert "不是公示版" in result.output
    # Without LibreOffice: one line saying how to install it, and no file.
    monkeypatch.setenv("PATH", str(workdir))
    result = invoke("export", "1", "--out", "b.pdf", "--pdf")
    assert result.exit_code == 2 and "apt install libreoffice-calc-nogui" in result.output
    assert "Traceback" not in result.output and not (workdir / "b.pdf").exists()


async def test_the_command_line_wakes_the_running_bot(database_url, workdir, monkeypatch):
    """``pingyi campaign start`` while the bot runs: on PostgreSQL it NOTIFYs the channel the
    bot listens on; on SQLite the scheduler's look (every 5 s) sees the new campaign and runs
    the scheduled work (the invitations) and wakes the sender at once."""
    import asyncio

    from bot.leadership import listen
    from bot.scheduler import CycleScheduler
    from deployment.clock import Clock
    from deployment.news import SCHEDULE
    from evaluation.cycle import CycleRules
    from evaluation.pseudonyms import Pseudonyms
    from storage.db import make_engine, make_sessionmaker
    from storage.migrate import upgrade

    monkeypatch.setenv("PINGYI_DATABASE_URL", database_url)
    invoke("roster", "template", "roster.xlsx")
    fill_roster(workdir / "roster.xlsx", {"B1": "第一党支部"})
    assert (await asyncio.to_thread(invoke, "roster", "import", "roster.xlsx")).exit_code == 0

    async def start_campaign() -> None:
        result = await asyncio.to_thread(invoke, "campaign", "start", "--org", "第一党支部")
        assert result.exit_code == 0, result.output

    if database_url.startswith("postgresql"):
        heard: list[str] = []
        connection = await listen(database_url, heard.append)
        try:
            await start_campaign()
            for _ in range(100):
                if heard:
                    break
                await asyncio.sleep(0.05)
        finally:
            await connection.close()
        assert heard == [SCHEDULE]
        return

    class Sender:
        woken = 0

        def wake(self) -> None:
            self.woken += 1

    engine = make_engine(database_url)
    await upgrade(engine)
    sender = Sender()
    scheduler = CycleScheduler(
        make_sessionmaker(engine), CycleRules(), Pseudonyms(b"x"), Clock(), sender, True
    )
    runs = []

    async def run() -> None:
        runs.append(1)

    monkeypatch.setattr(scheduler, "run", run)
    try:
        await scheduler.look()  # the marks at start
        await scheduler.look()
        assert (sender.woken, runs) == (0, [])  # nothing changed: nothing done
        await start_campaign()
        await scheduler.look()
        assert (sender.woken, runs) == (1, [1])
    finally:
        await engine.dispose()
