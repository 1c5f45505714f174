"""The ballot's screens (the masses' and the 党员互评's): the invitation, each question, the
意见建议, the review before 提交, the thank-you."""

from __future__ import annotations

from functools import lru_cache

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.ballots import BallotButton, BranchButton, PeerButton, ReachAct, ReachButton
from bot.i18n import N_, current_language
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.texts import ballots as ballots_texts
from bot.texts import commitments as commitments_texts
from evaluation import navigation as nav
from evaluation.ballot_state import Action, Screen
from evaluation.invitations import Invitation
from evaluation.questionnaire import (
    MEMBER,
    RESPONDENT_CATEGORIES,
    Rating,
    asks_about_commitments,
)

MESSAGE_LIMIT = 4096


REVIEW_PAGE_LIMIT = 3600  # leaves room for the title and page line within 4,096


SUBJECTS_PER_PAGE = 8


COMMITMENTS_SHOWN = 300  # characters of a subject's 公开承诺 under its question


SHORT_RATINGS = {
    Rating.SATISFIED: N_("满意"),
    Rating.BASIC: N_("基本"),
    Rating.UNSATISFIED: N_("不满"),
    Rating.UNKNOWN: N_("不了解"),
}


def _button(
    text: str, campaign: int, step: int, action: Action, value: int = 0, peer: bool = False
):
    kind = PeerButton if peer else BallotButton
    data = kind(c=campaign, s=step, a=action.value, v=value).pack()
    return InlineKeyboardButton(text=text, callback_data=data)


def _presser(screen: Screen):
    """The buttons of ``screen``: its campaign and step, on the masses' or the 互评 ballot."""
    campaign, step, peer = screen.campaign.id, screen.step, screen.campaign.peer

    def press(text: str, action: Action, value: int = 0) -> InlineKeyboardButton:
        return _button(text, campaign, step, action, value, peer)

    return press


def invitation(invite: Invitation, page: int = 0) -> Rendered:
    if invite.branches:
        return _branch_picker(invite, page)
    campaign = invite.campaign
    questionnaire = campaign.questionnaire
    organization_questions = len(questionnaire.subjects[0].criteria)
    text = ballots_texts.welcome(
        campaign.organization,
        texts.period_name(campaign.period),
        len(questionnaire.questions),
        organization_questions,
        campaign.deadline,
        questionnaire.ask_category,
        invite.resuming,
    )
    if invite.member:  # a member bound here: not asked about themself
        text += "\n\n" + (
            _(ballots_texts.MEMBER_ON_MASSES_BALLOT_PEER)
            if invite.peer_review
            else _(ballots_texts.MEMBER_ON_MASSES_BALLOT)
        )
    label = _(ballots_texts.RESUME) if invite.resuming else _(ballots_texts.BEGIN)
    keyboard = [[_button(label, campaign.id, 0, Action.BEGIN, invite.admission)]]
    return text, InlineKeyboardMarkup(inline_keyboard=keyboard)


def _branch_picker(invite: Invitation, page: int) -> Rendered:
    """A grouped campaign: the respondent picks the organization they evaluate."""
    campaign, branches = invite.campaign, invite.branches
    pages = max(1, -(-len(branches) // SUBJECTS_PER_PAGE))
    page = max(0, min(page, pages - 1))
    text = ballots_texts.group_welcome(
        campaign.organization,
        texts.period_name(campaign.period),
        len(branches),
        campaign.deadline,
    )
    rows = [
        [
            _button(
                "　" * branch.depth + branch.organization,
                branch.campaign_id,
                0,
                Action.BEGIN,
                branch.admission,
            )
        ]
        for branch in branches[page * SUBJECTS_PER_PAGE : (page + 1) * SUBJECTS_PER_PAGE]
    ]
    pager = []
    if page > 0:
        pager.append(_branch_page(_(texts.PREVIOUS_PAGE), invite, page - 1))
    if page + 1 < pages:
        pager.append(_branch_page(_(texts.NEXT_PAGE), invite, page + 1))
    if pager:
        rows.append(pager)
        text += "\n" + _(ballots_texts.REVIEW_PAGE).format(page + 1, pages)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _branch_page(text: str, invite: Invitation, page: int) -> InlineKeyboardButton:
    data = BranchButton(c=invite.campaign.id, p=page, t=invite.admission).pack()
    return InlineKeyboardButton(text=text, callback_data=data)


def _submitted(screen: Screen) -> Rendered:
    if screen.campaign.peer:
        return ballots_texts.peer_submitted(screen.campaign.organization), None
    text = ballots_texts.submitted(screen.receipt or "", screen.suggestion_code)
    if not screen.offer_reminders:
        return text, None
    keyboard = [
        [
            _reach_button(_(ballots_texts.SUBSCRIBE), ReachAct.SUBSCRIBE, screen.campaign.id),
            _reach_button(_(ballots_texts.NO_SUBSCRIPTION), ReachAct.NO_THANKS),
        ]
    ]
    return text + _(ballots_texts.SUBSCRIBE_QUESTION), InlineKeyboardMarkup(
        inline_keyboard=keyboard
    )


def _reach_button(text: str, action: str, campaign: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ReachButton(a=action, c=campaign).pack())


def notice(text: str, campaign: int, admission: int, resuming: bool) -> Rendered:
    """An invitation or a reminder: begin (or resume) the ballot, or stop reminders."""
    label = _(ballots_texts.RESUME) if resuming else _(ballots_texts.BEGIN)
    keyboard = [
        [_button(label, campaign, 0, Action.BEGIN, admission)],
        [_reach_button(_(ballots_texts.STOP_REMINDERS), ReachAct.STOP)],
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=keyboard)


def render(screen: Screen) -> Rendered:
    questionnaire = screen.campaign.questionnaire
    if screen.step == nav.SUBMITTED_STEP:
        return _submitted(screen)
    if screen.step == nav.CATEGORY_STEP:
        return _category(screen)
    if nav.is_question(questionnaire, screen.step):
        return _commitments(screen) if screen.view == "commitments" else _question(screen)
    if screen.step == nav.suggestion_step(questionnaire):
        return _suggestion(screen)
    if screen.view == "subjects":
        return _subject_picker(screen)
    if screen.view == "criteria":
        return _criterion_picker(screen)
    return _review(screen)


def _category(screen: Screen) -> Rendered:
    press = _presser(screen)
    rows = [
        [press(_marked(_(name), name == screen.progress.category), Action.CATEGORY, i)]
        for i, name in enumerate(RESPONDENT_CATEGORIES)
    ]
    return _(ballots_texts.CATEGORY_PROMPT), InlineKeyboardMarkup(inline_keyboard=rows)


def _question(screen: Screen) -> Rendered:
    questionnaire = screen.campaign.questionnaire
    question = questionnaire.questions[screen.step]
    current = screen.progress.answers.get(question.number)
    subject = question.subject
    text = ballots_texts.question(
        question.number + 1,
        len(questionnaire.questions),
        _section(screen.campaign.peer, subject.kind),
        subject.display_name,
        _(question.criterion),
        question.criterion_index + 1,
        len(subject.criteria),
        _(current.label) if current is not None else None,
    )
    promised = bool(subject.commitments) and asks_about_commitments(question.criterion)
    if promised:
        text += "\n\n" + commitments_texts.commitments_compact(
            subject.commitments, COMMITMENTS_SHOWN
        )
    has_back = nav.previous_step(questionnaire, screen.step) is not None
    keyboard = _question_keyboard(
        screen.campaign.id,
        screen.step,
        screen.campaign.peer,
        current,
        question.opens_member,
        has_back,
        promised,
        current_language(),
    )
    return text, keyboard


def _section(peer: bool, kind: str) -> str:
    if peer:
        return _(ballots_texts.PEER_SECTION)
    return (
        _(ballots_texts.MEMBER_SECTION) if kind == MEMBER else _(ballots_texts.ORGANIZATION_SECTION)
    )


def _commitments(screen: Screen) -> Rendered:
    """查看承诺: the subject's whole 公开承诺 list in the question's message, and the way back."""
    question = screen.campaign.questionnaire.questions[screen.step]
    text = commitments_texts.commitments_full(
        question.subject.display_name, question.subject.commitments
    )
    back = _presser(screen)(_(ballots_texts.BACK_TO_QUESTION), Action.QUESTION)
    return text, InlineKeyboardMarkup(inline_keyboard=[[back]])


@lru_cache(maxsize=4096)
def _question_keyboard(
    c: int,
    s: int,
    peer: bool,
    current: Rating | None,
    opens_member: bool,
    has_back: bool,
    promised: bool,
    _language: str,
) -> InlineKeyboardMarkup:
    """The same question screen has the same buttons: built once (pydantic models and packed
    payloads are a tenth of an answer's CPU), in the language that is part of the key."""

    def press(text: str, action: Action, value: int = 0) -> InlineKeyboardButton:
        return _button(text, c, s, action, value, peer)

    def rate(rating: Rating) -> InlineKeyboardButton:
        return press(_marked(_(rating.label), rating == current), Action.ANSWER, rating)

    rows = [
        [rate(Rating.SATISFIED), rate(Rating.BASIC)],
        [rate(Rating.UNSATISFIED), rate(Rating.UNKNOWN)],
    ]
    if promised:
        rows.append([press(_(ballots_texts.SHOW_COMMITMENTS), Action.COMMITMENTS)])
    if opens_member:
        rows.append([press(_(ballots_texts.UNKNOWN_PERSON), Action.UNKNOWN_PERSON)])
    if has_back:
        rows.append([press(_(ballots_texts.BACK), Action.BACK)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _suggestion(screen: Screen) -> Rendered:
    press = _presser(screen)
    current = screen.progress.suggestion
    row = [
        press(_(ballots_texts.KEEP) if current else _(ballots_texts.SKIP), Action.SKIP_SUGGESTION)
    ]
    if current:
        row.append(press(_(ballots_texts.CLEAR), Action.CLEAR_SUGGESTION))
    rows = [row, [press(_(ballots_texts.BACK), Action.BACK)]]
    return ballots_texts.suggestion_prompt(current), InlineKeyboardMarkup(inline_keyboard=rows)


def review_pages(screen: Screen) -> list[list[str]]:
    questionnaire = screen.campaign.questionnaire
    answers = screen.progress.answers
    lines = []
    if questionnaire.ask_category:
        lines.append(_(ballots_texts.REVIEW_CATEGORY).format(_(screen.progress.category)))
    for subject_index, subject in enumerate(questionnaire.subjects):
        questions = questionnaire.subject_questions(subject_index)
        if subject.kind == MEMBER:
            if subject_index == 0 or questionnaire.subjects[subject_index - 1].kind != MEMBER:
                peer = screen.campaign.peer
                lines.append(
                    _(ballots_texts.REVIEW_PEERS) if peer else _(ballots_texts.REVIEW_MEMBERS)
                )
            if questions[0].number in screen.progress.skipped:  # the respondent themself
                marks = _(ballots_texts.REVIEW_ONESELF)
            else:
                marks = "｜".join(_(SHORT_RATINGS[answers[q.number]]) for q in questions)
            lines.append(f"{subject.display_name}：{marks}")
        else:
            lines.append(_(ballots_texts.REVIEW_ORGANIZATION).format(subject.name))
            lines += [
                f"{i}. {_(q.criterion)}：{_(answers[q.number].label)}"
                for i, q in enumerate(questions, start=1)
            ]
    if questionnaire.ask_suggestion:
        lines.append(
            _(ballots_texts.REVIEW_SUGGESTION).format(
                screen.progress.suggestion or _(ballots_texts.REVIEW_NO_SUGGESTION)
            )
        )
    return nav.paginate(lines, REVIEW_PAGE_LIMIT)


def _review(screen: Screen) -> Rendered:
    pages = review_pages(screen)
    page = min(screen.page, len(pages) - 1)
    text = _(ballots_texts.REVIEW_TITLE) + "\n\n" + "\n".join(pages[page])
    press = _presser(screen)
    rows = []
    if len(pages) > 1:
        text += "\n\n" + _(ballots_texts.REVIEW_PAGE).format(page + 1, len(pages))
        turns = []
        if page > 0:
            turns.append(press(_(texts.PREVIOUS_PAGE), Action.PAGE, page - 1))
        if page < len(pages) - 1:
            turns.append(press(_(texts.NEXT_PAGE), Action.PAGE, page + 1))
        rows.append(turns)
    if screen.progress.suggestion:
        # Asked at submission: whether the opinion's response may be sent to this chat.
        text += _(ballots_texts.REPLY_QUESTION)
        rows.append([press(_(ballots_texts.SUBMIT_WITH_REPLY), Action.SUBMIT, 1)])
        rows.append(
            [
                press(_(ballots_texts.EDIT), Action.PICK_SUBJECT),
                press(_(ballots_texts.SUBMIT_WITHOUT_REPLY), Action.SUBMIT, 0),
            ]
        )
    else:
        rows.append(
            [
                press(_(ballots_texts.EDIT), Action.PICK_SUBJECT),
                press(_(ballots_texts.SUBMIT), Action.SUBMIT),
            ]
        )
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _subject_picker(screen: Screen) -> Rendered:
    questionnaire = screen.campaign.questionnaire
    press = _presser(screen)
    skipped = screen.progress.skipped  # the respondent themself: nothing to change
    subjects = [
        (i, subject)
        for i, subject in enumerate(questionnaire.subjects)
        if questionnaire.subject_questions(i)[0].number not in skipped
    ]
    pages = max(1, -(-len(subjects) // SUBJECTS_PER_PAGE))
    page = min(screen.page, pages - 1)
    shown = subjects[page * SUBJECTS_PER_PAGE : (page + 1) * SUBJECTS_PER_PAGE]
    rows = [[press(subject.display_name, Action.PICK_CRITERION, i)] for i, subject in shown]
    turns = []
    if page > 0:
        turns.append(press(_(texts.PREVIOUS_PAGE), Action.PICK_SUBJECT, page - 1))
    if page < pages - 1:
        turns.append(press(_(texts.NEXT_PAGE), Action.PICK_SUBJECT, page + 1))
    if turns:
        rows.append(turns)
    extras = []
    if questionnaire.ask_category:
        extras.append(press(_(ballots_texts.EDIT_CATEGORY), Action.JUMP, nav.CATEGORY_STEP))
    if questionnaire.ask_suggestion:
        extras.append(
            press(_(ballots_texts.EDIT_SUGGESTION), Action.JUMP, nav.suggestion_step(questionnaire))
        )
    if extras:
        rows.append(extras)
    rows.append([press(_(ballots_texts.BACK_TO_REVIEW), Action.PAGE, 0)])
    return _(ballots_texts.PICK_SUBJECT), InlineKeyboardMarkup(inline_keyboard=rows)


def _criterion_picker(screen: Screen) -> Rendered:
    questionnaire = screen.campaign.questionnaire
    subject = questionnaire.subjects[screen.subject]
    press = _presser(screen)
    rows = []
    for i, question in enumerate(questionnaire.subject_questions(screen.subject), start=1):
        answer = screen.progress.answers.get(question.number)
        label = f"{i}. {_(question.criterion)}"
        if answer is not None:
            label += f"：{_(answer.label)}"
        rows.append([press(label, Action.JUMP, question.number)])
    rows.append([press(_(ballots_texts.BACK_TO_REVIEW), Action.PAGE, 0)])
    return _(ballots_texts.PICK_CRITERION).format(subject.display_name), InlineKeyboardMarkup(
        inline_keyboard=rows
    )


def _marked(label: str, chosen: bool) -> str:
    return _(texts.CHOSEN) + label if chosen else label
