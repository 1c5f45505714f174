"""A copy of a running SQLite deployment's files, as a file backup takes it, holds no ballot,
masses' or peer, linked to a person or a member (one member also answers the masses' ballot):
neither in the database's free space nor in the write-ahead log, replayed commit by commit, nor
anywhere in their bytes."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time

from bot.demo import vote
from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from bot.texts import members as members_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation.pseudonyms import Pseudonyms
from support.deployments import ADMIN
from support.sample import MEMBERS, ORG
from support.script import Script
from tests.e2e.test_democratic import member_link
from tests.wal import commits, linked

MASSES = 4  # and one more who stops halfway
RATERS = [name for name, _ in MEMBERS[:3]]  # and 刘洋, who stops halfway
UNFINISHED_RATER = MEMBERS[3][0]
ACCOUNT = {name: 7300 + n for n, (name, _) in enumerate(MEMBERS)}
SCRUBBED_WITHIN = 60  # seconds: the bot empties the log a moment after a submission


def ballot_ids(database) -> set[str]:
    with sqlite3.connect(database) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM ballots")}


async def test_a_copy_of_the_files_links_no_ballot_to_anyone(deployment):
    fake = deployment.fake
    database = deployment.workdir / "pingyi.db"
    campaign_id, token = await deployment.open_campaign("--peer-review")
    await deployment.start()
    admin = fake.person(ADMIN)
    people = {name: fake.person(ACCOUNT[name], name) for name in [*RATERS, UNFINISHED_RATER]}
    for name, person in people.items():
        [reply] = await person.send(f"/start {await member_link(admin, name)}")
        assert reply["text"] == members_texts.member_claimed(name, ORG)
    secret = (deployment.workdir / "pingyi.secret").read_text().strip().encode()
    pseudonyms = Pseudonyms(secret)

    # The masses: each ballot's id is the one that appears when its respondent begins.
    masses: dict[int, str] = {}  # user id → ballot id
    receipts: dict[int, str] = {}
    for number in range(MASSES + 1):
        user_id = 8300 + number
        before = ballot_ids(database)
        script = Script.make(number * 3)  # every third writes an opinion
        finished = number < MASSES
        receipt = await vote(fake.person(user_id), token, script, None if finished else 5)
        [ballot] = ballot_ids(database) - before
        if finished:
            masses[user_id] = ballot
            receipts[user_id] = receipt.split("回执码：")[1].split()[0]

    # A bound member on the masses' ballot: never asked about themself, and as anonymous.
    member = people[RATERS[0]]
    before = ballot_ids(database)
    await member.send(f"/start {token}")
    await member.press(gettext(ballots_texts.BEGIN))
    if "评议对象：" not in member.last["text"]:
        await member.press("党员")  # the category
    while "评议对象：" in member.last["text"]:
        assert f"评议对象：{RATERS[0]}" not in member.last["text"]
        await member.press("满意")
    await member.press(gettext(ballots_texts.SKIP))
    await member.press(gettext(ballots_texts.SUBMIT))
    [ballot] = ballot_ids(database) - before
    masses[member.id] = ballot
    receipts[member.id] = member.last["text"].split("回执码：")[1].split()[0]

    # 党员互评: three submitted, one left halfway.
    peer_drafts: dict[str, str] = {}
    for name in [*RATERS, UNFINISHED_RATER]:
        person = people[name]
        before = ballot_ids(database)
        await person.send("/self_evaluation")
        await person.press(gettext(self_evaluation_texts.PEER_BEGIN))
        [draft] = ballot_ids(database) - before
        for _ in range(2 if name == UNFINISHED_RATER else 10**3):
            if "评议对象：" not in person.last["text"]:
                break
            await person.press("满意")
        if name != UNFINISHED_RATER:
            await person.press(gettext(ballots_texts.SUBMIT))
            assert "党员互评已提交" in person.last["text"]
            peer_drafts[name] = draft

    # What would link a ballot to someone, for a reader holding the secret too.
    links = {}
    for user_id, ballot in masses.items():
        key = pseudonyms.key(campaign_id, user_id)
        person = pseudonyms.person(user_id)
        links[f"draft link of {user_id}"] = (key, ballot)
        links[f"receipt of {user_id}"] = (person, receipts[user_id])
        links[f"receipt of {user_id} by key"] = (key, receipts[user_id])
        account = pseudonyms.member_account(user_id)  # the binding's key, for the member
        links[f"member account of {user_id}"] = (account, ballot)

    # A backup copies the files while the bot runs; the bot empties the log soon after each
    # submission, so a copy taken once that moment has passed holds none of it.
    deadline = time.monotonic() + SCRUBBED_WITHIN
    while True:
        copy = deployment.workdir / "backup"
        shutil.rmtree(copy, ignore_errors=True)
        copy.mkdir()
        for suffix in ("", "-wal"):
            source = database.with_name(database.name + suffix)
            if source.exists():
                shutil.copyfile(source, copy / source.name)
        files = [p.read_bytes() for p in sorted(copy.iterdir())]
        found = [what for what, (a, b) in links.items() if any(linked(f, a, b) for f in files)]
        found += [
            f"peer draft of {name}"
            for name, draft in peer_drafts.items()
            if any(draft.encode() in f for f in files)
        ]
        if not found or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    assert not found, f"a copy taken {SCRUBBED_WITHIN} s after the last submission: {found}"

    # Replayed commit by commit, the log shows no snapshot with a submitted ballot's link.
    submitted_masses, submitted_peers = set(masses.values()), set(peer_drafts.values())
    for snapshot in commits(copy / "pingyi.db", copy / "pingyi.db-wal"):
        tables = {row[0] for row in snapshot.execute("SELECT name FROM sqlite_master")}
        if "draft_links" not in tables:
            continue
        drafts = {row[0] for row in snapshot.execute("SELECT ballot_id FROM draft_links")}
        assert not drafts & submitted_masses
        assert not {row[0] for row in snapshot.execute("SELECT id FROM ballots")} & submitted_peers

    # The live tables: the unfinished ballots are still linked (to be resumed), nothing else;
    # the peer counts have no rowid to replay the order they were first written in.
    with sqlite3.connect(database) as connection:
        assert len(connection.execute("SELECT * FROM draft_links").fetchall()) == 2
        [schema] = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'peer_counts'"
        ).fetchone()
        assert "WITHOUT ROWID" in schema
