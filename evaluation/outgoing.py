"""What the bot sends on its own: the kinds of outbox rows (bot/notices.py renders each) and
how a row is addressed. Queued by the cycle, the 整改台账 and the ballot; sent by the outbox."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

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
    payload: dict | None = None,
) -> dict:
    """A message for the outbox, addressed by pseudonym and sealed id (see ``Pseudonyms``)."""
    return {
        "recipient": pseudonyms.person(user_id),
        "address": pseudonyms.seal(user_id),
        "reason": reason,
        "kind": kind,
        "campaign_id": campaign_id,
        "payload": payload or {},
        "state": "pending",
        "attempts": 0,
        "not_before": now,
    }
