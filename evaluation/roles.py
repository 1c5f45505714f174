"""A member's role in the branch (DOMAIN.md: 党支部书记, 支部委员, 党员领导干部, 党员), as a
roster gives it: the four names and the words organizers write for them. 逐级点评 follows the
roles: the 党支部书记 comments on the 支部委员, the 支部委员 on the members."""

from __future__ import annotations

from evaluation.text import clean_text

# Stored as written here and shown as stored, like names (not translated).
SECRETARY = "党支部书记"
COMMITTEE = "党支部委员"
LEADER = "党员领导干部"
MEMBER = "党员"  # stored as no role: the ballot shows the name alone
ROLES = (SECRETARY, COMMITTEE, LEADER, MEMBER)

ALIASES = {
    SECRETARY: ("书记", "支部书记", "支书", "党支部书记"),
    COMMITTEE: (
        "支委",
        "委员",
        "支部委员",
        "党支部委员",
        "副书记",
        "支部副书记",
        "组织委员",
        "宣传委员",
        "纪检委员",
        "青年委员",
        "统战委员",
    ),
    LEADER: ("领导干部", "党员领导干部"),
    MEMBER: ("党员", "普通党员", "正式党员", "预备党员"),
}
_BY_WORD = {word: role for role, words in ALIASES.items() for word in words}


def canonical(text: object) -> str | None:
    """A roster cell's role as stored: one of the role names for any word it is known by, None
    for an ordinary member (also a blank cell), or any other word as written (党小组长, 所长 …:
    shown beside the name, and counted as an ordinary member)."""
    word = clean_text("" if text is None else str(text))
    if not word:
        return None
    role = _BY_WORD.get(word.replace(" ", ""), word)
    return None if role == MEMBER else role


def category(role: str | None) -> str:
    """SECRETARY, COMMITTEE, LEADER or MEMBER: what a stored role counts as."""
    return role if role in (SECRETARY, COMMITTEE, LEADER) else MEMBER
