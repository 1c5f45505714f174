"""Every screen fits Telegram: texts ≤ 4,096 characters, button data ≤ 64 bytes."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks.ballots import BallotButton
from bot.screens import ballots as ballots_screens
from bot.texts import roster as roster_texts
from evaluation import navigation as nav
from evaluation.ballot_state import Screen
from evaluation.campaign_views import CampaignView
from evaluation.invitations import Invitation
from evaluation.navigation import Progress
from evaluation.questionnaire import Questionnaire, Rating


def campaign(members: int, name_length: int = 3) -> CampaignView:
    people = [(f"{'党' * (name_length - 1)}{i}", "党员领导干部" * 3) for i in range(members)]
    q = Questionnaire.build("six_aspects", "某" * 100, people)
    return CampaignView(2**31 - 1, q.organization, "2026Q4", date(2026, 12, 31), q)


def every_screen(view: CampaignView):
    q = view.questionnaire
    answers = {x.number: Rating(x.number % 4) for x in q.questions}
    done = Progress("群众代表", answers, "很" * 1000, True)
    yield Screen(view, Progress(), nav.CATEGORY_STEP)
    for question in q.questions:
        yield Screen(view, done, question.number)
    yield Screen(view, done, nav.suggestion_step(q))
    pages = len(ballots_screens.review_pages(Screen(view, done, nav.review_step(q))))
    for page in range(pages):
        yield Screen(view, done, nav.review_step(q), page=page)
    for page in range(len(q.subjects) // ballots_screens.SUBJECTS_PER_PAGE + 1):
        yield Screen(view, done, nav.review_step(q), view="subjects", page=page)
    for subject in range(len(q.subjects)):
        yield Screen(view, done, nav.review_step(q), view="criteria", subject=subject)
    yield Screen(view, done, nav.SUBMITTED_STEP, receipt="ABCD-EFGH")


def check(text, markup):
    assert 0 < len(text.encode("utf-16-le")) // 2 <= ballots_screens.MESSAGE_LIMIT
    for row in markup.inline_keyboard if markup else []:
        for button in row:
            assert len(button.callback_data.encode()) <= 64
            assert button.text


def test_every_screen_fits_even_with_long_names_and_large_ids():
    view = campaign(members=120, name_length=50)
    for screen in every_screen(view):
        check(*ballots_screens.render(screen))
    check(*ballots_screens.invitation(Invitation(view, resuming=True, admission=2**48 - 1)))


def test_long_reviews_are_paginated_and_keep_every_member():
    view = campaign(members=300, name_length=20)
    q = view.questionnaire
    answers = {x.number: Rating.SATISFIED for x in q.questions}
    screen = Screen(view, Progress("党员", answers, None, True), nav.review_step(q))
    pages = ballots_screens.review_pages(screen)
    assert len(pages) > 1
    text = "\n".join(line for page in pages for line in page)
    assert all(subject.display_name in text for subject in q.subjects[1:])


def test_the_chosen_answer_is_marked():
    view = campaign(members=1)
    screen = Screen(view, Progress("党员", {0: Rating.BASIC}), 0)
    text, markup = ballots_screens.render(screen)
    labels = [b.text for row in markup.inline_keyboard for b in row]
    assert "✓ 基本满意" in labels and "满意" in labels
    assert "当前选择：基本满意" in text


@given(st.text(max_size=80))
def test_arbitrary_button_data_never_unpacks_into_something_else(data):
    try:
        parsed = BallotButton.unpack(data)
    except (TypeError, ValueError):
        return
    assert parsed.pack() == data or data.startswith("b:")


def test_a_600_member_roster_is_counted_and_names_a_screenful_at_most():
    names = [f"党员{n:03d}" for n in range(600)]
    reply = roster_texts.roster_imported("大党委", True, 600, None, [("新增", names)])
    assert "党员 600 人" in reply and "新增 600 人" in reply
    assert "党员029" in reply and "党员030" not in reply and reply.rstrip().endswith("等")
    assert len(reply.encode("utf-16-le")) // 2 < 1000


def test_every_button_action_has_a_code_of_its_own():
    """An enum member whose code repeats another's is only an alias: its button would run the
    other's handler (a 测评表 button printed the 公示版 until this was checked)."""
    from bot.callbacks.ballots import ReachAct
    from bot.callbacks.members import MemberAct
    from bot.callbacks.organizing import Act
    from bot.callbacks.rectification import LedgerAct

    for actions in (Act, LedgerAct, MemberAct, ReachAct):
        assert len(actions.__members__) == len(list(actions)), actions


def test_each_router_takes_only_its_own_kinds_of_button_however_many_dispatchers():
    """bot/routing.py: a router whose handlers are all for known kinds of button skips any
    other press (the organizer routers skip a ballot's answer), with one such filter however
    many dispatchers are built (the tests build many)."""
    import asyncio

    from aiogram.types import CallbackQuery, Chat, Message, User

    from bot.callbacks.ballots import BallotButton
    from bot.callbacks.organizing import OrganizerButton
    from bot.handlers import organizing
    from bot.routing import ButtonKinds, route_buttons_by_kind

    first = route_buttons_by_kind(organizing.router)
    assert route_buttons_by_kind(organizing.router) == first and "o" in first
    kinds = [
        f.callback
        for f in organizing.router.callback_query._handler.filters or ()
        if isinstance(f.callback, ButtonKinds)
    ]
    assert len(kinds) == 1

    def press(data: str) -> CallbackQuery:
        user = User(id=1, is_bot=False, first_name="x")
        message = Message(message_id=1, date=0, chat=Chat(id=1, type="private"))
        return CallbackQuery(id="1", from_user=user, chat_instance="c", data=data, message=message)

    organizer = OrganizerButton(a="pp", v=1).pack()
    ballot = BallotButton(c=1, s=0, a="ans", v=1).pack()
    assert asyncio.run(kinds[0](press(organizer))) and not asyncio.run(kinds[0](press(ballot)))


def test_page_buttons_already_in_chats_still_turn_their_pickers_pages():
    """Before PageButton each picker had a twin action per page button; those payloads, as
    chats hold them, still decode and name their picker (tests/e2e/test_authorization.py
    presses each)."""
    from bot.callbacks.organizing import LEGACY_PAGES, Act, OrganizerButton, PageButton
    from bot.handlers.organizing.pickers import CAMPAIGN_PICKERS, ORGANIZATION_PICKERS

    shipped = [
        "lp",
        "lc",
        "le",
        "lq",
        "lu",
        "lk",
        "lw",
        "lr",
        "lg",
        "lv",
        "lt",
        "l1",
        "l0",
        "lh",
        "ly",
        "lm",
        "lo",
        "lx",
        "lf",
        "lz",
    ]
    assert sorted(LEGACY_PAGES) == sorted(shipped)
    assert set(LEGACY_PAGES.values()) == CAMPAIGN_PICKERS | ORGANIZATION_PICKERS
    assert not set(shipped) & {act.value for act in Act}  # never reused for another action
    old = OrganizerButton.unpack("o:lp:2:0")
    assert (LEGACY_PAGES[old.a], old.v) == (Act.STATUS, 2)
    turned = PageButton(a=Act.STATUS, p=2).pack()
    assert turned == "l:st:2" and PageButton.unpack(turned).p == 2
