"""/export's 打印版 PDF button, through the dispatcher in process (SQLite; LibreOffice runs for
real): the workbook comes with the button, the button brings the PDF, and without LibreOffice
the organizer is told how to install it."""

from __future__ import annotations

import json

from bot.i18n import gettext
from bot.texts import campaigns as campaigns_texts
from bot.texts import organizing as organizing_texts
from support.offline import OfflineBot, OfflineUser
from tests.factories import all_satisfied, fill_ballot, person

ADMIN = 900


async def test_the_workbook_comes_with_a_button_for_its_print_ready_pdf(tmp_path, monkeypatch):
    bot = await OfflineBot(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", admin_ids=(ADMIN,)).start()
    try:
        campaign = await bot.open_campaign()
        admin = OfflineUser(ADMIN, bot.fake)
        calls = await bot.feed(admin.message(f"/public {campaign.id}"))
        [document] = [c for c in calls if c.method == "sendDocument"]
        [[button]] = json.loads(document.params["reply_markup"])["inline_keyboard"]
        assert button["text"] == gettext(campaigns_texts.PRINT_PDF)
        admin.last_message()  # the button's message, as far as the handler needs it

        calls = await bot.feed(admin.press(button["callback_data"]))
        [printed] = [c for c in calls if c.method == "sendDocument"]
        [(_, name)] = printed.files.values()
        assert name.endswith("公示版.pdf")  # LibreOffice made it (the folder is gone)
        assert "打印版" in printed.params["caption"]

        # A stranger's copy of the button meets the organizer gate.
        stranger = OfflineUser(66, bot.fake)
        await bot.feed(stranger.message("/start"))
        stranger.last_message()
        calls = await bot.feed(stranger.press(button["callback_data"]))
        assert calls[-1].params["text"] == gettext(organizing_texts.ORGANIZERS_BUTTON)

        monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice here
        calls = await bot.feed(admin.press(button["callback_data"]))
        assert [c.method for c in calls] == ["answerCallbackQuery"]
        assert "apt install libreoffice-calc-nogui" in calls[0].params["text"]
    finally:
        await bot.close()


async def test_status_sends_its_chart_once_a_subject_has_figures(tmp_path):
    bot = await OfflineBot(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", admin_ids=(ADMIN,)).start()
    try:
        campaign = await bot.open_campaign()
        admin = OfflineUser(ADMIN, bot.fake)
        questions = len(campaign.questionnaire["subjects"]) * 5 + 1  # six aspects, five each
        for n in range(5):
            if n == 4:  # four ballots: every subject 样本不足, nothing to chart
                calls = await bot.feed(admin.message(f"/status {campaign.id}"))
                assert [c.method for c in calls] == ["sendMessage"]
            async with bot.sessionmaker() as session:
                await fill_ballot(session, campaign.id, person(n), all_satisfied(questions))
        calls = await bot.feed(admin.message(f"/status {campaign.id}"))
        assert [c.method for c in calls] == ["sendMessage", "sendPhoto"]  # the text, then it
        [(content, _)] = calls[1].files.values()
        assert content[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        await bot.close()
