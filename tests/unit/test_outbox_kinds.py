"""Every kind of outbox row has one renderer, and the kinds keep the values rows hold."""

from bot.notices import RENDERERS
from evaluation.outgoing import Kind


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
