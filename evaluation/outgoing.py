"""What the bot sends on its own: the kinds of outbox rows (bot/notices.py renders each) and
how a row is addressed. Queued by the cycle, the 整改台账 and the ballot; sent by the outbox."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

from evaluation.pseudonyms import Pseudonyms


class Kind(StrEnum):
    """The kinds of outbox rows; the values are stored in ``outbox.kind``: never change one."""

    INVITE = "invite"  # a subscriber: the organization's new campaign is open
    REMIND = "remind"  # a reachable non-submitter: the deadline is near
    OPENED = "opened"  # an organizer: the cycle opened this campaign (text and link)
    POSTER = "poster"  # an organizer: that campaign's printable poster
    NOT_OPENED = "not_opened"  # an organizer: the cycle could not open the quarter's campaign
    HALF_SUMMARY = "half_summary"  # an organizer: the 半年一小结 workbook
    YEAR_SUMMARY = "year_summary"  # an organizer: the 年终一总评 workbook
    # A member the bot knows (认领), when their organization's campaign opens: fill the
    # 党员自我评价 (and the 党员互评, when the campaign has one).
    MEMBER_INVITE = "member_invite"
    # 结果反馈 after 审定: a bound member's own 反馈单; the organizers' 组织反馈单 (with the
    # sheets of the members who are not bound, for printing).
    MEMBER_FEEDBACK = "feedback"
    ORGANIZATION_FEEDBACK = "feedback_org"
    REPLY = "reply"  # an opinion's writer who chose 愿意接收答复: the organizer's response
    # A respondent who submitted: the thank-you with the 回执码 (and 意见编号), in case the
    # process died before showing it. The handler deletes the row once the thank-you is on screen.
    RECEIPT = "receipt"
    # An organizer: the workbook they asked for did not go out (the process died while making
    # or sending it). Queued, due a while later, when the export starts; withdrawn once sent.
    EXPORT_LOST = "export_lost"


@dataclass(frozen=True)
class Payload:
    """What a row of one kind carries besides its campaign; stored as the JSON of its fields
    in ``outbox.payload``. Rows queued by earlier releases hold the same keys."""

    def stored(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Nothing(Payload):
    """Everything is in the campaign: an invitation, its opening, its poster, a member's."""


NOTHING = Nothing()


@dataclass(frozen=True)
class Reminder(Payload):
    days: int = 0  # days left until the deadline


@dataclass(frozen=True)
class NotOpened(Payload):
    why: str = ""  # the organization and the reason, as the core worded it


@dataclass(frozen=True)
class Summary(Payload):
    organization: int
    year: int
    half: int | None = None  # 1 or 2 for a 半年一小结


@dataclass(frozen=True)
class MemberFeedbackPart(Payload):
    member: int
    part: str  # evaluation.feedback.TEXT or SHEET


@dataclass(frozen=True)
class OrganizationFeedbackPart(Payload):
    unbound: list[int]  # the members not bound: their sheets go to the organizers
    part: str  # evaluation.feedback.TEXT, SHEET or ARCHIVE


@dataclass(frozen=True)
class Reply(Payload):
    code: str  # the opinion's 意见编号


@dataclass(frozen=True)
class Receipt(Payload):
    receipt: str  # the 回执码
    code: str | None = None  # the 意见编号, if an opinion was written
    screen: int | None = None  # the message the ballot was submitted on


@dataclass(frozen=True)
class ExportLost(Payload):
    public: bool = False  # the 公示版, not the workbook
    pdf: bool = False


PAYLOADS: dict[Kind, type[Payload]] = {
    Kind.INVITE: Nothing,
    Kind.REMIND: Reminder,
    Kind.OPENED: Nothing,
    Kind.POSTER: Nothing,
    Kind.NOT_OPENED: NotOpened,
    Kind.HALF_SUMMARY: Summary,
    Kind.YEAR_SUMMARY: Summary,
    Kind.MEMBER_INVITE: Nothing,
    Kind.MEMBER_FEEDBACK: MemberFeedbackPart,
    Kind.ORGANIZATION_FEEDBACK: OrganizationFeedbackPart,
    Kind.REPLY: Reply,
    Kind.RECEIPT: Receipt,
    Kind.EXPORT_LOST: ExportLost,
}


def payload_of(kind: str, stored: dict[str, Any]) -> Payload:
    """A stored payload read back as its kind's type; keys it does not have (the outbox's own
    bookkeeping) are left out. KeyError: an unknown kind; TypeError: a required field missing."""
    shape = PAYLOADS[Kind(kind)]
    return shape(**{f.name: stored[f.name] for f in fields(shape) if f.name in stored})


CAMPAIGN_MESSAGES = (Kind.INVITE, Kind.REMIND)  # the ones counted against PINGYI_MAX_REMINDERS
# Rows that tie a person to something of theirs: deleted, not kept, once they have gone.
PURGED_WHEN_SENT = (Kind.REPLY, Kind.RECEIPT)


def outbox_row(
    pseudonyms: Pseudonyms,
    user_id: int,
    reason: str,
    kind: Kind,
    now: datetime,
    campaign_id: int | None = None,
    payload: Payload = NOTHING,
) -> dict:
    """A message for the outbox, addressed by pseudonym and sealed id (see ``Pseudonyms``)."""
    if not isinstance(payload, PAYLOADS[kind]):
        raise TypeError(f"a {kind} row carries {PAYLOADS[kind].__name__}, not {payload!r}")
    return {
        "recipient": pseudonyms.person(user_id),
        "address": pseudonyms.seal(user_id),
        "reason": reason,
        "kind": kind,
        "campaign_id": campaign_id,
        "payload": payload.stored(),
        "state": "pending",
        "attempts": 0,
        "not_before": now,
    }
