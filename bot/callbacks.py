"""Button payloads. Short ids only: callback_data is at most 64 bytes.

``b:<campaign>:<step>:<action>:<value>`` — the step is the screen the button was drawn
on; the core refuses it once the ballot has moved on. aiogram rejects malformed data
statelessly, so buttons stay valid across restarts.

Every number is bounded where it is decoded: forged data with an id past what a database
column holds (or negative where nothing is) fails to parse like any other malformed data,
and meets the catch-all refusal instead of an overflow deep in a query.
"""

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# An id, step, page or choice: a 32-bit INTEGER column holds every one of them.
Number = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Admission = Annotated[int, Field(ge=-(2**31), lt=2**48)]  # a choice, or a 48-bit admission
UserId = Annotated[int, Field(ge=0, lt=2**53)]  # Telegram user ids have at most 52 bits
# A short string field: an action code, an item's code.
Code = Annotated[str, Field(max_length=16)]


class BallotButton(CallbackData, prefix="b"):
    c: Number  # campaign id
    s: Number  # step of the screen the button belongs to
    a: Code  # evaluation.ballot_state.Action
    v: Admission = 0  # a choice; on 开始评议, the admission (Pseudonyms.admission)


class PeerButton(CallbackData, prefix="p"):
    """A 党员互评 ballot's button: as ``BallotButton``; 开始互评 needs no admission (the
    member's binding is checked instead)."""

    c: Number
    s: Number
    a: Code  # evaluation.ballot_state.Action
    v: Number = 0


class SelfButton(CallbackData, prefix="e"):
    """A 党员自我评价 button: ``e:<campaign>:<step>:<action>:<value>``."""

    c: Number
    s: Number  # the step of the screen the button belongs to
    a: Code  # evaluation.self_evaluation.SelfAction
    v: Number = 0


class CommentButton(CallbackData, prefix="n"):
    """A 逐级点评 button: ``n:<campaign>:<subject>:<step>:<action>:<value>``."""

    c: Number
    s: Number  # the subject: 0 the organization, else a member's id
    t: Number  # the step of the screen the button belongs to
    a: Code  # evaluation.comment_flow.CommentAction
    v: Number = 0


class BranchButton(CallbackData, prefix="g"):
    c: Number  # the group's root campaign
    p: Number = 0  # page of the branch picker
    t: Admission = 0  # the admission to the root campaign


class WizardButton(CallbackData, prefix="w"):
    s: Number  # evaluation.wizard.Step the button was drawn on
    a: Code  # evaluation.wizard.Choice
    v: Number = 0


class Act(StrEnum):
    """What an organizer's button does (``OrganizerButton.a``); one handler each. The values
    are what buttons already in chats carry: never change one."""

    # campaigns (bot/handlers/organizing/campaigns.py)
    STATUS = "st"
    INVITATION_LINK = "ln"
    CLOSE = "cl"
    CLOSE_CONFIRMED = "cy"
    CLOSE_KEPT = "cn"
    EXPORT = "ex"
    PUBLIC = "pb"
    EXPORT_PDF = "xp"  # v: the campaign: its workbook as 打印版 PDF
    PUBLIC_PDF = "bp"  # v: the campaign: its 公示版 as 打印版 PDF
    PAPER = "pp"
    PAPER_BALLOTS = "pz"  # v: the campaign, w: how many blank 测评表
    PRACTICE = "tc"
    WIPE = "wy"
    WIPE_KEPT = "wn"
    # the 整改台账 and the 统计单 figures of a campaign (ledger.py)
    SUGGESTIONS = "sg"
    RECORD = "rc"
    # rosters (rosters.py)
    ROSTER = "ro"
    # 一季一评议 and the summaries (cycle.py)
    CYCLE_ON = "c1"
    CYCLE_OFF = "c0"
    HALF_SUMMARY = "sh"
    YEAR_SUMMARY = "sy"
    # members the bot knows (members.py)
    MEMBERS = "mb"  # an organization picked: its members, 已认领 or not
    MEMBER_LIST_PAGE = "mp"  # v: the page, w: the organization
    MEMBER_LINK = "ml"  # a member's 认领 link (a bound member: asks first)
    MEMBER_REISSUE = "mr"  # a new link for a bound member, withdrawing the binding
    MEMBER_KEPT = "mk"
    MEMBER_RENEW = "mn"  # an unbound member's unspent link withdrawn for a new one
    # 公开承诺 (commitments.py); w: the member, 0 for the organization itself
    COMMITMENTS = "cm"  # an organization picked: its subjects and how many 承诺事项 each
    COMMITMENT_SUBJECTS_PAGE = "cp"  # v: the page, w: the organization
    COMMITMENT_SUBJECT = "cs"  # v: the organization: one subject's items and their states
    # v: a commitment, w: 1 + the index of the 践诺 state to give it (0, on buttons drawn before
    # there was one button per state: the screen is drawn again, nothing changes)
    COMMITMENT_STATE = "cx"
    COMMITMENT_EDIT = "ce"  # v: the organization: the next text is the subject's new list
    # who comments on whom (commenters.py)
    COMMENTERS = "pw"  # v: the campaign: its members and their commenters
    COMMENTERS_SUBJECT = "ps"  # v: the campaign, w: a member: toggles of who comments on them
    COMMENTER_TOGGLE = "pt"  # v: the campaign, w: subject × 2^24 + the commenter
    COMMENTERS_DEFAULT = "pd"  # v: the campaign, w: a member: back to the roles' default
    # 支部审定 (review.py)
    REVIEW = "rw"  # v: the campaign: its first member
    REVIEW_MEMBER = "rm"  # v: the campaign, w: a member's position in it
    REVIEW_GRADE = "rg"  # v: the campaign, w: member id × 8 + the grade's index
    REVIEW_FINISH = "rf"  # v: the campaign: asks to confirm 审定完成
    REVIEW_FINISH_CONFIRMED = "ry"
    # 结果反馈 (review.py)
    FEEDBACK = "fb"  # v: the campaign: asks to confirm
    FEEDBACK_CONFIRMED = "fy"
    FEEDBACK_KEPT = "fn"
    FEEDBACK_UNSENT = "fu"  # v: the campaign: after the release, to bound members who had none
    FEEDBACK_PDF = "fq"  # v: the campaign: its 组织反馈单 as a PDF, for printing
    # super-organizers (grants.py)
    GRANT = "gr"
    REVOKE = "rv"
    REVOKE_ORGANIZER = "ru"
    AUDIT_PAGE = "au"


# Page buttons drawn before ``PageButton``, still in chats: ``o:<code>:<page>:0``, one code per
# picker, named by the action its buttons lead to.
LEGACY_PAGES = {
    "lp": Act.STATUS,
    "lc": Act.CLOSE,
    "le": Act.EXPORT,
    "lq": Act.PAPER,
    "lu": Act.PUBLIC,
    "lk": Act.SUGGESTIONS,
    "lw": Act.RECORD,
    "lr": Act.ROSTER,
    "lg": Act.GRANT,
    "lv": Act.REVOKE,
    "lt": Act.PRACTICE,
    "l1": Act.CYCLE_ON,
    "l0": Act.CYCLE_OFF,
    "lh": Act.HALF_SUMMARY,
    "ly": Act.YEAR_SUMMARY,
    "lm": Act.MEMBERS,
    "lo": Act.COMMITMENTS,
    "lx": Act.REVIEW,
    "lf": Act.FEEDBACK,
    "lz": Act.COMMENTERS,
}


class LedgerAct(StrEnum):
    """What a 整改台账 or 统计单 button does (``LedgerButton.a``)."""

    LIST = "ls"  # a page of the ledger
    ITEM = "it"  # one item
    SET_STATUS = "st"
    ASK_FIELD = "in"  # ask for its 负责人, 期限 or 答复
    ASK_FIGURE = "ri"  # ask for a 统计单 figure


class ReachAct(StrEnum):
    """The buttons about being messaged (``ReachButton.a``)."""

    SUBSCRIBE = "sub"  # 订阅提醒
    NO_THANKS = "no"  # 不用了
    STOP = "stop"  # 不再提醒


class MemberAct(StrEnum):
    """What a bound member's own button does (``MemberButton.a``)."""

    STATE = "ns"  # one of their 承诺事项 to the 践诺 state the button names
    FEEDBACK_PDF = "fp"  # v: a campaign: their own 反馈单 as a PDF, for printing


class MemberButton(CallbackData, prefix="m"):
    a: Code  # a MemberAct
    v: Number = 0  # a commitment
    w: Number = 0  # 1 + the index of the state (0: an older button, the screen is redrawn)


class OrganizerButton(CallbackData, prefix="o"):
    a: Code  # an Act
    v: Number = 0  # a campaign, organization or page
    w: UserId = 0  # a second value: a user id when revoking


class PageButton(CallbackData, prefix="l"):
    """Another page of a picker: ``l:<act>:<page>``, ``act`` the action its buttons lead to."""

    a: Code  # an Act
    p: Number = 0


class ReachButton(CallbackData, prefix="r"):
    a: Code  # a ReachAct
    c: Number = 0  # the campaign just submitted (for "sub")


class LedgerButton(CallbackData, prefix="k"):
    """整改台账 and 统计单 records."""

    a: Code  # a LedgerAct
    c: Number = 0  # the campaign
    p: Number = 0  # a page, or the index of a status, a field or a 统计单 item
    f: Number = 0  # the ledger's filter: 0 all, else 1 + the index of a status
    x: Code = ""  # an item's code
