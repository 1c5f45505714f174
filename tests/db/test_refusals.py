"""A refusal whose own reply fails (the press was already answered, by a worker killed since)
still counts as handled: a webhook would otherwise answer 500, and the same update would be
delivered again and again, holding up that chat."""

from __future__ import annotations

from bot.texts import ballots as ballots_texts
from evaluation.ballot_state import Reason
from support.offline import OfflineBot, OfflineUser


async def test_a_refusal_whose_reply_fails_is_still_handled(tmp_path):
    bot = await OfflineBot(f"sqlite+aiosqlite:///{tmp_path / 'r.db'}").start()
    try:
        campaign = await bot.open_campaign()
        person = OfflineUser(11, bot.fake)
        await bot.begin(person, campaign.token)
        person.last_message()
        first = person.button(":ans:0")
        await bot.feed(person.press(first))  # answered: the ballot moves on
        stale = person.press(first)  # the same button again: a stale press
        query = stale["callback_query"]["id"]
        bot.fake.callback_answers[query] = {}  # already answered, as by a killed worker

        calls = await bot.feed(stale)  # does not raise

        answer = calls[-1]  # after the current question is drawn again
        assert answer.method == "answerCallbackQuery" and answer.status == 400  # answered twice
        assert answer.params["text"] == ballots_texts.refused(Reason.STALE)
    finally:
        await bot.close()
