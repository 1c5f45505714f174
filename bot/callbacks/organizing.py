"""The organizer's buttons: one kind (``o:``) whose action says what it does, and one page
button (``l:``) for every picker."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import Code, Number, UserId


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
    # the 整改台账 and the 统计单 figures of a campaign (rectification.py)
    SUGGESTIONS = "sg"
    RECORD = "rc"
    # rosters (roster.py)
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


class OrganizerButton(CallbackData, prefix="o"):
    a: Code  # an Act
    v: Number = 0  # a campaign, organization or page
    w: UserId = 0  # a second value: a user id when revoking


class PageButton(CallbackData, prefix="l"):
    """Another page of a picker: ``l:<act>:<page>``, ``act`` the action its buttons lead to."""

    a: Code  # an Act
    p: Number = 0
