"""Every kind of outbox row has one renderer and one payload type, and the kinds and payloads
keep the values rows hold."""

from datetime import UTC, datetime

import pytest

from bot.notices import RENDERERS
from evaluation.outgoing import (
    NOTHING,
    PAYLOADS,
    Kind,
    MemberFeedbackPart,
    Reminder,
    Reply,
    outbox_row,
    payload_of,
)
from evaluation.pseudonyms import Pseudonyms


def test_every_kind_of_outbox_row_has_a_renderer():
    assert set(RENDERERS) == set(Kind)


def test_the_kinds_keep_the_values_stored_in_outbox_rows():
    # Rows queued before this release hold these strings: a renamed value would strand them.
    assert {kind.value for kind in Kind} == {
        "invite",
        "remind",
        "opened",
        "poster",
        "not_opened",
        "half_summary",
        "year_summary",
        "member_invite",
        "feedback",
        "feedback_org",
        "reply",
        "receipt",
        "export_lost",
    }


def test_every_kind_has_a_payload_type_and_reads_rows_queued_before_it():
    assert set(PAYLOADS) == set(Kind)
    # Payloads as earlier releases stored them (dicts), with the sender's own bookkeeping.
    stored = {
        Kind.REMIND: {"days": 3},
        Kind.NOT_OPENED: {"why": "一支部：没有党员"},
        Kind.HALF_SUMMARY: {"organization": 2, "year": 2026, "half": 1},
        Kind.MEMBER_FEEDBACK: {"member": 7, "part": "text", "parts_sent": 1},
        Kind.ORGANIZATION_FEEDBACK: {"unbound": [3, 4], "part": "archive"},
        Kind.REPLY: {"code": "ABCD-EFGH"},
        Kind.RECEIPT: {"receipt": "AB12-CD34", "code": None, "screen": 15},
        Kind.EXPORT_LOST: {"public": True, "pdf": False},
        Kind.INVITE: {},
    }
    read = {kind: payload_of(kind, values) for kind, values in stored.items()}
    assert read[Kind.REMIND] == Reminder(days=3)
    assert read[Kind.MEMBER_FEEDBACK] == MemberFeedbackPart(member=7, part="text")
    assert read[Kind.RECEIPT].screen == 15 and read[Kind.EXPORT_LOST].public is True
    assert read[Kind.INVITE] == NOTHING
    for kind, values in stored.items():
        kept = {k: v for k, v in values.items() if k != "parts_sent"}
        assert read[kind].stored() == kept  # written back as it was read


def test_a_row_refuses_the_payload_of_another_kind():
    pseudonyms = Pseudonyms(b"test-secret")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    row = outbox_row(pseudonyms, 1, "reply:X", Kind.REPLY, now, 1, Reply("ABCD-EFGH"))
    assert row["payload"] == {"code": "ABCD-EFGH"}
    with pytest.raises(TypeError):
        outbox_row(pseudonyms, 1, "remind:1:3", Kind.REMIND, now, 1, Reply("ABCD-EFGH"))
    with pytest.raises(TypeError):  # a required field missing from a stored row
        payload_of(Kind.REPLY, {})
