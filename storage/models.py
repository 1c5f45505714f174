"""Tables.

Anonymity is built into the shape of the ballot side:
- ``ballots`` and ``answers`` carry a random id, the campaign, the category, the answers and a
  day; never a Telegram id or a time of day.
- ``participation`` (the roll) holds HMAC(secret, campaign, Telegram id) and nothing else, with
  no key to ``ballots``: it says who took part, never which ballot is theirs.
- ``draft_links`` ties a pseudonym to its ballot only while the ballot is being filled in, so a
  respondent can resume; the row is deleted in the transaction that submits the ballot.
- On SQLite the anonymous tables are WITHOUT ROWID, so row order does not replay insertion order.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NO_ROWID: dict[str, Any] = {"sqlite_with_rowid": False}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sector: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Campaign(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    period: Mapped[str] = mapped_column(String(8))
    template: Mapped[str] = mapped_column(String(30))
    questionnaire: Mapped[dict[str, Any]] = mapped_column(JSON)
    deadline: Mapped[date | None] = mapped_column(Date)
    expected: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")
    practice: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # 测试
    # 党员互评: the organization's bound members also rate each other (evaluation/ballots.py)
    peer_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # 规范评分: [满意, 基本满意, 不满意] points (evaluation.tally.Scores); None: 100, 60, 0
    scores: Mapped[list[float] | None] = mapped_column(JSON)
    # 综合评定: the weights of the masses' and the 互评 score; None: 60/40 (100/0 without 互评)
    weights: Mapped[list[float] | None] = mapped_column(JSON)
    # 支部审定 finished: the final grades and the comments can no longer change
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # 结果反馈 released: each member's 反馈单 queued once (evaluation/feedback.py)
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A campaign opened on a parent organization covers its subtree: one campaign per
    # organization, each pointing at the parent's (the group's root, whose link lets the
    # respondent pick a branch).
    group_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Ballot(Base):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("campaign_id", "receipt"), NO_ROWID)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    category: Mapped[str | None] = mapped_column(String(20))
    suggestion: Mapped[str | None] = mapped_column(Text)
    suggestion_done: Mapped[bool] = mapped_column(Boolean, default=False)
    step: Mapped[int] = mapped_column(Integer)  # the screen on show, see evaluation.navigation
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    day: Mapped[date | None] = mapped_column(Date)  # submission day, never finer
    receipt: Mapped[str | None] = mapped_column(String(16))
    # A 党员互评 draft, deleted when it is submitted (see PeerCount). Which member it leaves
    # out is never stored: it follows from the rater's binding at each press.
    peer: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (NO_ROWID,)

    ballot_id: Mapped[str] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[int] = mapped_column(Integer, primary_key=True)
    rating: Mapped[int] = mapped_column(SmallInteger)


class DraftLink(Base):
    __tablename__ = "draft_links"
    __table_args__ = (NO_ROWID,)

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    respondent: Mapped[str] = mapped_column(String(64), primary_key=True)
    ballot_id: Mapped[str] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), unique=True
    )


class Participation(Base):
    """The participation roll: one row per person who submitted, per campaign."""

    __tablename__ = "participation"
    __table_args__ = (NO_ROWID,)

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    respondent: Mapped[str] = mapped_column(String(64), primary_key=True)


class PeerCount(Base):
    """党员互评 results: how many peer ballots gave each rating to each question (numbered as in
    the campaign's questionnaire). A submitted peer ballot is added here and deleted, so no
    ballot, and no gap where its rater's own questions were, remains to point at its rater.
    Every (question, rating) of the campaign's members is written at each submission, zeros
    included, and the table has no rowid: neither which rows exist nor their order says what
    the first ballots were."""

    __tablename__ = "peer_counts"
    __table_args__ = (NO_ROWID,)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[int] = mapped_column(Integer, primary_key=True)
    rating: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class PeerRoll(Base):
    """The 互评 roll: HMAC(secret, campaign, member) of each member who submitted a peer ballot.
    Its primary key is the one-peer-ballot-per-member rule; it names no ballot."""

    __tablename__ = "peer_roll"
    __table_args__ = (NO_ROWID,)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    rater: Mapped[str] = mapped_column(String(64), primary_key=True)


class SelfEvaluation(Base):
    """党员自我评价: a member's ratings of themself on the campaign's member criteria and three
    texts. Signed by nature (organizers see it by name) and kept apart from every ballot.
    ``step`` is the screen on show, as a ballot's is (evaluation/self_evaluation.py)."""

    __tablename__ = "self_evaluations"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[int] = mapped_column(Integer)
    ratings: Mapped[list[int | None]] = mapped_column(JSON)  # one per criterion, None: not yet
    performance: Mapped[str | None] = mapped_column(Text)  # 主要表现
    shortcomings: Mapped[str | None] = mapped_column(Text)  # 存在不足
    measures: Mapped[str | None] = mapped_column(Text)  # 整改措施
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Comment(Base):
    """逐级点评: one commenter's comment on one subject of a campaign (``subject`` 0: the
    organization, else a member's id). Signed by nature: the commenter's name and role are
    kept as they stood. ``commenter`` says who may change it: ``organizer:<user id>``,
    ``member:<member id>``, or ``sheet:<name>`` for a comment imported from a workbook."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("campaign_id", "subject", "commenter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[int] = mapped_column(Integer)
    commenter: Mapped[str] = mapped_column(String(120))
    commenter_name: Mapped[str] = mapped_column(String(100))
    commenter_role: Mapped[str] = mapped_column(String(100))
    items: Mapped[list[str | None]] = mapped_column(JSON)  # the subject kind's 点评内容, in order
    strengths: Mapped[str | None] = mapped_column(Text)  # 优点
    improvements: Mapped[str | None] = mapped_column(Text)  # 需改进
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Written in the chat one field at a time (evaluation/comment_flow.py): the field on show,
    # whether 完成 was pressed, and whether the commenter's next text is for this field.
    step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    completed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    awaiting: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Signature(Base):
    """How an organizer signs their 点评: a real name and title, given once (/signature, or
    ``pingyi comment commenters --organizer``), instead of the name Telegram shows."""

    __tablename__ = "signatures"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CommentAssignment(Base):
    """Who comments on a subject of a campaign, set by an organizer (``subject`` as in
    ``Comment``): it replaces the default by roles for that subject."""

    __tablename__ = "comment_assignments"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    subject: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


class FinalGrade(Base):
    """支部审定: the branch's final grade of a member in a campaign, the grade the composite
    suggested, and the one-line reason when they differ. Signed: who decided, and when."""

    __tablename__ = "final_grades"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    grade: Mapped[str] = mapped_column(String(20))
    suggested: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(200))
    decided_by: Mapped[int | None] = mapped_column(BigInteger)  # None: the command line
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PaperTally(Base):
    """Paper questionnaires counted by hand at one meeting (场次) and merged into a campaign.

    One row per campaign and meeting label: importing the same meeting again replaces its
    counts, so a file sent twice never counts twice.
    """

    __tablename__ = "paper_tallies"
    __table_args__ = (UniqueConstraint("campaign_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    label: Mapped[str] = mapped_column(String(50))
    ballots: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PaperCount(Base):
    __tablename__ = "paper_counts"

    tally_id: Mapped[int] = mapped_column(
        ForeignKey("paper_tallies.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[int] = mapped_column(Integer, primary_key=True)
    rating: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


# --- the organizer side: people here are known by their Telegram id, by design ----------


class Organizer(Base):
    """A grant: this Telegram user manages this organization and everything below it."""

    __tablename__ = "organizers"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # as Telegram showed it when accepting
    granted_by: Mapped[int | None] = mapped_column(BigInteger)  # None: the command line
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GrantLink(Base):
    """A one-time invitation to become an organizer; spent by the first person to open it."""

    __tablename__ = "grant_links"

    token: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MemberLink(Base):
    """A member's one-time 认领 link; spent by the first account to open it. Issuing a new one
    for the member withdraws this one (the row is deleted)."""

    __tablename__ = "member_links"

    token: Mapped[str] = mapped_column(String(40), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MemberBinding(Base):
    """A roster member bound to one Telegram account (认领): one account per member, one
    member per account in an organization. ``account`` is HMAC(secret, "member", user id), a
    key of its own that no ballot, roll or subscription uses; ``address`` the sealed id (see
    ``Pseudonyms.seal``). Never joined to a ballot."""

    __tablename__ = "member_bindings"
    __table_args__ = (UniqueConstraint("organization_id", "account"),)

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    account: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(32))
    bound_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Commitment(Base):
    """One 承诺事项 of a member (or, with no member, of the organization itself) and its 践诺
    state. A campaign snapshots them when it opens."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what to which organization or campaign, and when. Never ballot content."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[int | None] = mapped_column(BigInteger)  # None: the command line
    action: Mapped[str] = mapped_column(String(30))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(String(500), default="")


class WizardDraft(Base):
    """An organizer's unfinished /start_campaign answers, kept across restarts."""

    __tablename__ = "wizard_drafts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    step: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


# --- the cycle: quarterly campaigns, who may be messaged, and what is waiting to be sent -----


class Cycle(Base):
    """一季一评议 for an organization: each quarter a campaign opens with these settings."""

    __tablename__ = "cycles"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    template: Mapped[str] = mapped_column(String(30))
    sector_goal: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_days: Mapped[int] = mapped_column(Integer)  # opening day to deadline
    expected: Mapped[int | None] = mapped_column(Integer)
    ask_category: Mapped[bool] = mapped_column(Boolean, default=True)
    peer_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    scores: Mapped[list[float] | None] = mapped_column(JSON)
    enabled_by: Mapped[int | None] = mapped_column(BigInteger)  # None: the command line
    enabled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CycleEvent(Base):
    """A piece of scheduled work that has been done (``open:<org>:<period>``, ``remind:…``).

    Written in the transaction that does the work, so a firing repeated after a crash, a
    restart or a catch-up finds it and does nothing.
    """

    __tablename__ = "cycle_events"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Recipient(Base):
    """Whether a person said /stop or blocked the bot. Keyed by HMAC(secret, user id)."""

    __tablename__ = "recipients"

    person: Mapped[str] = mapped_column(String(64), primary_key=True)
    stopped: Mapped[bool] = mapped_column(Boolean, default=False)  # /stop, 不再提醒
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)  # 403: never retried
    # The language the person read their ballot in, or used organizer commands in: what the
    # bot sends them unasked (reminders, replies, an organizer's notices) uses it.
    language: Mapped[str | None] = mapped_column(String(8))


class Subscription(Base):
    """订阅提醒: invite this person when the organization's next campaign opens.

    ``person`` is HMAC(secret, user id); ``contact`` the sealed id (see ``Pseudonyms.seal``).
    No time is kept: it would sit next to the ballot just submitted.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (NO_ROWID,)

    person: Mapped[str] = mapped_column(String(64), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    contact: Mapped[str] = mapped_column(String(32))


class BallotStart(Base):
    """Who began a campaign's ballot and has not submitted: reachable for its reminders.

    ``person`` is HMAC(secret, user id), ``contact`` the sealed id. Deleted in the
    transaction that submits, like the draft link.
    """

    __tablename__ = "ballot_starts"
    __table_args__ = (NO_ROWID,)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    person: Mapped[str] = mapped_column(String(64), primary_key=True)
    contact: Mapped[str] = mapped_column(String(32))


class OutboxMessage(Base):
    """One message the bot sends on its own, once: UNIQUE per recipient and reason.

    ``state``: pending → claimed (in the sender's queue) → sending (its request about to go)
    → sent, or cancelled (submitted, stopped, campaign over), unreachable (403) or failed (gave
    up after retries). A row still ``sending`` after a crash was in flight; it and the queue
    go back to pending at the next start.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("recipient", "reason"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(64))  # HMAC(secret, user id)
    address: Mapped[str] = mapped_column(String(32))  # the sealed chat id
    reason: Mapped[str] = mapped_column(String(80))  # e.g. remind:42:3
    kind: Mapped[str] = mapped_column(String(20))  # how to render it, see bot/notices.py
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# --- 意见建议 → 整改台账, and what organizers record for the 统计单 ------------------------


class Suggestion(Base):
    """An opinion as a 整改 item. Moved out of its ballot when the ballot is submitted, so
    nothing ties it to the answers; ``code`` is random and is the receipt the writer keeps
    (``/receipt CODE``). No time of writing is kept; ``updated_at`` is the organizer's."""

    __tablename__ = "suggestions"
    __table_args__ = (NO_ROWID,)

    code: Mapped[str] = mapped_column(String(9), primary_key=True)  # e.g. ABCD-EFGH
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="待处理")
    owner: Mapped[str | None] = mapped_column(String(50))
    deadline: Mapped[date | None] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # 涉及党员: whom the opinion is about (the organizer's choice), never who wrote it
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))


class ReplyHandle(Base):
    """愿意接收答复: where to send an opinion's response (the sealed chat id). Apart from the
    ballot, never shown to organizers, deleted when the response is queued for sending."""

    __tablename__ = "reply_handles"
    __table_args__ = (NO_ROWID,)

    code: Mapped[str] = mapped_column(
        ForeignKey("suggestions.code", ondelete="CASCADE"), primary_key=True
    )
    contact: Mapped[str] = mapped_column(String(32))


class ActivityRecord(Base):
    """A figure an organizer records for the 统计单 (meetings, visits, 办实事 …): entries
    add up, so a correction is a negative entry."""

    __tablename__ = "activity_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    item: Mapped[str] = mapped_column(String(20))  # evaluation.activities.ITEMS
    count: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[int | None] = mapped_column(BigInteger)  # None: the command line
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OrganizerPrompt(Base):
    """What an organizer's next text message is for (an item's 负责人, a count …)."""

    __tablename__ = "organizer_prompts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    field: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(40))  # a suggestion code, or campaign:item


class ProcessedUpdate(Base):
    """Webhook updates already handled, so a repeated delivery changes nothing. An update id
    names no one; rows older than Telegram's 24-hour redelivery window are deleted."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
