"""Questionnaire templates and the frozen snapshot a campaign keeps.

The wording is the users' own (DOMAIN.md). A campaign stores ``Questionnaire.to_snapshot()``
so that later changes to templates or rosters never alter a past campaign.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import Any

from evaluation.wording import N_


class Rating(IntEnum):
    SATISFIED = 0
    BASIC = 1
    UNSATISFIED = 2
    UNKNOWN = 3  # 不了解: counted, but left out of every rate

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS = {
    Rating.SATISFIED: N_("满意"),
    Rating.BASIC: N_("基本满意"),
    Rating.UNSATISFIED: N_("不满意"),
    Rating.UNKNOWN: N_("不了解"),
}

RESPONDENT_CATEGORIES = (N_("群众代表"), N_("服务对象"), N_("党员"), N_("其他"))

SECTORS = ("农村", "街道社区", "企业", "新社会组织", "学校医院", "机关")

# 对党支部的评议从六个方面作出评价
SIX_ASPECTS: tuple[str, ...] = (
    N_("对创先争优活动是否重视"),
    N_("创先争优活动是否联系实际"),
    N_("公开承诺是否完成"),
    N_("推动中心工作成效是否突出"),
    N_("组织建设和队伍建设是否得到强化"),
    N_('党组织"五个好"标准是否达到'),
)
FOUR_ASPECTS: tuple[str, ...] = (
    N_("活动目标是否达到"),
    N_("发展思路是否清晰"),
    N_("公开承诺事项是否完成"),
    N_("工作措施是否得力"),
)

# 五看: what every Party member is rated on.
MEMBER_CRITERIA: tuple[str, ...] = (
    N_("是否积极参加创先争优活动"),
    N_("是否热心联系和服务群众"),
    N_("是否立足本职岗位，发挥党员先锋模范作用"),
    N_("是否全面完成公开承诺"),
    N_('是否达到"五带头"标准要求'),
)
# The forest police's 党员民主测评.
APPRAISAL_CRITERIA: tuple[str, ...] = (
    N_("践行公开承诺情况"),
    N_("立足本职岗位争优情况"),
    N_("联系和服务群众情况"),
    N_("理想信念"),
    N_("表率作用"),
    N_("组织纪律"),
    N_("综合表现"),
)

# The district's sector goal: one extra aspect per sector.
SECTOR_GOALS = {
    "农村": N_("创业致富"),
    "街道社区": N_("和谐安定"),
    "企业": N_("创新增效"),
    "新社会组织": N_("塑造形象"),
    "学校医院": N_("敬业奉献"),
    "机关": N_("服务发展"),
}


# Each sector's aspect, written out so the catalog has every one.
SECTOR_ASPECTS = {
    "农村": N_('是否围绕"创业致富"目标取得实效'),
    "街道社区": N_('是否围绕"和谐安定"目标取得实效'),
    "企业": N_('是否围绕"创新增效"目标取得实效'),
    "新社会组织": N_('是否围绕"塑造形象"目标取得实效'),
    "学校医院": N_('是否围绕"敬业奉献"目标取得实效'),
    "机关": N_('是否围绕"服务发展"目标取得实效'),
}


def sector_aspect(sector: str) -> str:
    return SECTOR_ASPECTS[sector]


@dataclass(frozen=True)
class Template:
    name: str
    organization: tuple[str, ...]
    member: tuple[str, ...]
    peer_review: bool = False  # 党员互评 on unless the organizer turns it off


TEMPLATES = {
    "six_aspects": Template(N_("六个方面 + 五看"), SIX_ASPECTS, MEMBER_CRITERIA),
    "four_aspects": Template(N_("四个方面 + 五看"), FOUR_ASPECTS, MEMBER_CRITERIA),
    "member_appraisal": Template(
        N_("六个方面 + 党员民主测评"), SIX_ASPECTS, APPRAISAL_CRITERIA, peer_review=True
    ),
}

ORGANIZATION = "organization"
MEMBER = "member"


@dataclass(frozen=True)
class Subject:
    """Who is rated: the organization itself or one Party member."""

    kind: str
    name: str
    criteria: tuple[str, ...]
    role: str | None = None
    # 公开承诺 as they stood when the campaign opened: ((承诺事项, 践诺 state), …)
    commitments: tuple[tuple[str, str], ...] = ()

    @property
    def display_name(self) -> str:
        return f"{self.name}（{self.role}）" if self.role else self.name


@dataclass(frozen=True)
class Question:
    number: int  # position in the ballot, 0-based; answers are stored under it
    subject_index: int
    criterion_index: int
    subject: Subject

    @property
    def criterion(self) -> str:
        return self.subject.criteria[self.criterion_index]

    @property
    def opens_member(self) -> bool:
        return self.subject.kind == MEMBER and self.criterion_index == 0


@dataclass(frozen=True)
class Questionnaire:
    template: str
    organization: str
    subjects: tuple[Subject, ...]
    ask_category: bool = True
    ask_suggestion: bool = True  # a 党员互评 ballot asks for no 意见建议

    @classmethod
    def build(
        cls,
        template: str,
        organization: str,
        members: list[tuple[str, str | None]],
        ask_category: bool = True,
        extra_aspect: str | None = None,
        commitments: dict[str | None, tuple[tuple[str, str], ...]] | None = None,
    ) -> Questionnaire:
        """``commitments``: subject (None: the organization, else a member's name) → its
        公开承诺, shown with the question that asks about them."""
        if template not in TEMPLATES:
            raise ValueError(f"unknown template {template!r}")
        chosen = TEMPLATES[template]
        promised = commitments or {}
        aspects = chosen.organization + ((extra_aspect,) if extra_aspect else ())
        subjects = [Subject(ORGANIZATION, organization, aspects, None, promised.get(None, ()))]
        subjects += [
            Subject(MEMBER, name, chosen.member, role, promised.get(name, ()))
            for name, role in members
        ]
        return cls(template, organization, tuple(subjects), ask_category)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        questions = []
        for s_index, subject in enumerate(self.subjects):
            for c_index in range(len(subject.criteria)):
                questions.append(Question(len(questions), s_index, c_index, subject))
        return tuple(questions)

    def subject_questions(self, subject_index: int) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.subject_index == subject_index)

    @property
    def member_criteria(self) -> tuple[str, ...]:
        """What each member is rated on (the template's, when the roster was empty)."""
        rated = next((s for s in self.subjects if s.kind == MEMBER), None)
        return rated.criteria if rated else TEMPLATES[self.template].member

    def member_index(self, name: str) -> int | None:
        """The subject index of the member so named (names are unique in an organization)."""
        return next(
            (i for i, s in enumerate(self.subjects) if s.kind == MEMBER and s.name == name), None
        )

    def peer_ballot(self, rater: int) -> tuple[Questionnaire, tuple[int, ...]]:
        """党员互评 as the member at subject index ``rater`` answers it: every other member,
        no category and no 意见建议; and, for each of its questions, the number of the same
        question in this questionnaire (under which its answers are counted)."""
        kept = [i for i, s in enumerate(self.subjects) if s.kind == MEMBER and i != rater]
        ballot = Questionnaire(
            self.template,
            self.organization,
            tuple(self.subjects[i] for i in kept),
            ask_category=False,
            ask_suggestion=False,
        )
        numbers = tuple(q.number for i in kept for q in self.subject_questions(i))
        return ballot, numbers

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "version": 1,
            "template": self.template,
            "organization": self.organization,
            "ask_category": self.ask_category,
            "subjects": [_subject_snapshot(s) for s in self.subjects],
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Questionnaire:
        subjects = tuple(
            Subject(
                s["kind"],
                s["name"],
                tuple(s["criteria"]),
                s.get("role"),
                tuple((text, state) for text, state in s.get("commitments", ())),
            )
            for s in data["subjects"]
        )
        return cls(data["template"], data["organization"], subjects, data["ask_category"])


def _subject_snapshot(subject: Subject) -> dict[str, Any]:
    snapshot = {
        "kind": subject.kind,
        "name": subject.name,
        "role": subject.role,
        "criteria": list(subject.criteria),
    }
    if subject.commitments:  # older snapshots have none: they stay as they were
        snapshot["commitments"] = [list(item) for item in subject.commitments]
    return snapshot


def asks_about_commitments(criterion: str) -> bool:
    """The criterion whose question shows the subject's 公开承诺 (in every template)."""
    return "公开承诺" in criterion
