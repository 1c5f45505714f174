"""No Telegram id, username, name or exact time of a respondent can be joined to a ballot."""

import re
import sqlite3

from openpyxl import load_workbook

from support.script import QUESTIONS

PEOPLE = [
    (987654321, "张三丰", "zhangsanfeng_tg"),
    (123123123, "Li Si", "lisi_2026"),
    (555000555, "王五", "wangwu_x"),
    (424242424, "赵六", "zhaoliu_unfinished"),
]
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")


def dump(path) -> dict[str, list[dict]]:
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {t: [dict(r) for r in connection.execute(f'SELECT * FROM "{t}"')] for t in tables}


def foreign_tables(path, table) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[2] for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')}


async def test_the_database_the_logs_and_the_workbook_hold_no_identity(deployment):
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    await deployment.start()
    for number, (user_id, name, username) in enumerate(PEOPLE):
        person = fake.person(user_id, name, username)
        await person.send(f"/start {token}")
        await person.press("开始评议")
        await person.press("群众代表")
        finished = number < 3
        for _ in range(QUESTIONS if finished else 7):
            await person.press("满意")
        if not finished:
            continue
        [review] = await person.send(f"我是{name}，账号{username}，请联系我")
        # Two of the three writers want the response to their opinion.
        await person.press("✅ 提交，不需答复" if number == 1 else "✅ 提交，愿意接收答复", review)
    out = deployment.workdir / "export.xlsx"
    public = deployment.workdir / "public.xlsx"
    await deployment.cli("export", str(campaign_id), "--out", str(out))
    await deployment.cli("export", str(campaign_id), "--out", str(public), "--public")
    await deployment.stop()

    tables = dump(deployment.workdir / "pingyi.db")
    assert {"ballots", "answers", "participation", "draft_links"} <= set(tables)
    identities = [str(i) for i, _, _ in PEOPLE] + [n for _, n, _ in PEOPLE]
    identities += [u for _, _, u in PEOPLE]
    for table, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                if (table, column) == ("suggestions", "text"):
                    continue  # what people choose to write is theirs
                for identity in identities:
                    assert identity not in str(value), (table, column)

    # The ballot side: random ids, a day, no time of day, no person.
    ballots = tables["ballots"]
    assert len(ballots) == 4 and sum(b["submitted"] for b in ballots) == 3
    for ballot in ballots:
        assert re.fullmatch(r"[0-9a-f]{32}", ballot["id"])
        assert ballot["day"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", ballot["day"])
        assert not any(TIME_OF_DAY.search(str(v)) for k, v in ballot.items() if k != "suggestion")
    assert set(ballots[0]) == {
        "id",
        "campaign_id",
        "category",
        "suggestion",
        "suggestion_done",
        "step",
        "submitted",
        "day",
        "receipt",
        "peer",  # set only on a 党员互评 draft, which is deleted when submitted
    }
    assert not any(b["peer"] for b in ballots)
    assert set(tables["answers"][0]) == {"ballot_id", "question", "rating"}

    # Opinions left their ballots: 整改 items with their own random code, no time of writing,
    # nothing shared with a ballot. A reply handle exists only for the two who asked, and holds
    # the chat id sealed (it is not among the identities found above).
    assert all(b["suggestion"] is None for b in ballots if b["submitted"])
    items = tables["suggestions"]
    assert len(items) == 3 and {i["status"] for i in items} == {"待处理"}
    assert set(items[0]) == {
        "code",
        "campaign_id",
        "text",
        "status",
        "owner",
        "deadline",
        "response",
        "updated_at",
        "member_id",  # 涉及党员: whom it is about, set by an organizer; never the writer
    }
    assert all(i["updated_at"] is None and i["member_id"] is None for i in items)
    on_ballots = {str(v) for b in ballots for v in b.values()}
    assert not {i["code"] for i in items} & on_ballots
    handles = tables["reply_handles"]
    assert len(handles) == 2 and {h["code"] for h in handles} < {i["code"] for i in items}
    assert all(re.fullmatch(r"[0-9a-f]{32}", h["contact"]) for h in handles)
    # members: the 涉及党员 an organizer may name (unset above); no table of respondents
    assert foreign_tables(deployment.workdir / "pingyi.db", "suggestions") == {
        "campaigns",
        "members",
    }

    # The roll: who took part, as a keyed hash, with no way to a ballot.
    roll = tables["participation"]
    assert len(roll) == 3 and set(roll[0]) == {"campaign_id", "respondent"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["respondent"]) for r in roll)
    assert foreign_tables(deployment.workdir / "pingyi.db", "participation") == {"campaigns"}
    assert "participation" not in foreign_tables(deployment.workdir / "pingyi.db", "ballots")
    ballot_values = {str(v) for b in ballots for v in b.values()}
    ballot_values |= {str(v) for a in tables["answers"] for v in a.values()}
    assert not {r["respondent"] for r in roll} & ballot_values

    # Only the unfinished ballot is still linked to its pseudonym, so it can be resumed.
    links = tables["draft_links"]
    assert len(links) == 1
    [unfinished] = [b for b in ballots if not b["submitted"]]
    assert links[0]["ballot_id"] == unfinished["id"]
    assert links[0]["respondent"] not in {r["respondent"] for r in roll}

    # Logs never name a respondent.
    log = deployment.log
    assert "pingyi started" in log
    for identity in identities:
        assert identity not in log

    # The workbook has the opinions' text only, nothing about who or when.
    workbook = load_workbook(out)
    cells = [
        str(c)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    for identity in [str(i) for i, _, _ in PEOPLE]:
        assert not any(identity in c for c in cells)
    assert not any(TIME_OF_DAY.search(c) for c in cells)
    receipts = {b["receipt"] for b in ballots if b["receipt"]}
    assert not any(r in c for r in receipts for c in cells)  # a receipt would find one's row
    # Three ballots are fewer than the threshold of 5: no per-ballot row at all.
    # The 明细's notes start in column B (column A, 票号, repeats on the pages across).
    rows = workbook["明细"].iter_rows(min_row=5, values_only=True)
    detail = [r[0] or r[1] for r in rows if r[0] or r[1]]
    assert detail[0] == "提交不足 5 份，不列逐份明细。"
    assert not any(re.fullmatch(r"[0-9a-f]{12}", str(r)) for r in detail)  # no ballot's id

    # The 公示版: organization results and counts, no person at all, no opinion text.
    shown = " ".join(
        str(c)
        for sheet in load_workbook(public)
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    assert "林业公安第一党支部" in shown
    for identity in identities:
        assert identity not in shown
    assert "王建国" not in shown  # no member's own figures
    assert "请联系我" not in shown
