"""Helpers for organizer tests: a small tree of organizations, grants, buttons by substring.

The tree: 党委A → 支部A1 (the 9 members), 支部A2; 党委B → 支部B1.
"""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from bot.i18n import gettext
from bot.texts import organizing as organizing_texts
from evaluation import paper
from fake_telegram import Person
from support.sample import MEMBERS
from support.script import QUESTIONS

A1, A2, B1 = "支部A1", "支部A2", "支部B1"


def documents(person: Person) -> list[str]:
    """The names of the files a person was sent."""
    return [m["document"]["file_name"] for m in person.messages if "document" in m]


async def build_tree(deployment) -> None:
    await deployment.import_roster(A1, MEMBERS, parent="党委A")
    await deployment.import_roster(A2, [("孙强", None)], parent="党委A")
    await deployment.import_roster(B1, [("吴芳", None)], parent="党委B")


async def organization_id(admin: Person, name: str) -> int:
    """Read an organization's id off the admin's /roster picker."""
    await admin.send("/roster")
    return int(admin.button_containing(name).split(":")[2])


async def grant(admin: Person, person: Person, organization: str) -> None:
    """The admin makes a grant link for ``organization``; ``person`` opens it."""
    await admin.send("/grant")
    await admin.press_containing(organization)
    token = re.search(r"start=(grant_[\w-]+)", admin.last["text"]).group(1)
    [reply] = await person.send(f"/start {token}")
    assert reply["text"] == gettext(organizing_texts.GRANT_ACCEPTED).format(organization)


def filled(template: bytes, label: str | None, ballots: int | None, counts) -> bytes:
    """The tally sheet with a 场次, a number of questionnaires and (满意, 基本, 不满, 不了解)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.active
    sheet.cell(paper.LABEL_ROW, 2, label)
    sheet.cell(paper.BALLOTS_ROW, 2, ballots)
    for row in range(paper.FIRST_ROW, paper.FIRST_ROW + QUESTIONS):
        for offset, value in enumerate(counts):
            sheet.cell(row, 3 + offset, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
