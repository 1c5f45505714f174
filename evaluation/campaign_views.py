"""A campaign as its ballots see it: the questionnaire snapshot parsed once per campaign, and
its 党员互评 ballot as one member sees it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from evaluation.questionnaire import Questionnaire
from storage.models import Campaign


@dataclass(frozen=True)
class CampaignView:
    id: int
    organization: str
    period: str
    deadline: date | None
    questionnaire: Questionnaire
    # A 党员互评 ballot: for each of its questions, the number of the same question in the
    # campaign's questionnaire, under which its answers are counted.
    peer_numbers: tuple[int, ...] | None = None
    token: str = ""  # the campaign's, which the press path checks the questionnaire by

    @property
    def peer(self) -> bool:
        return self.peer_numbers is not None


# A campaign's snapshot never changes, so its parsed form is kept by the campaign's token
# (unique and random, so it cannot collide even across databases).
_QUESTIONNAIRES: dict[str, Questionnaire] = {}


def campaign_view(campaign: Campaign) -> CampaignView:
    questionnaire = _QUESTIONNAIRES.get(campaign.token)
    if questionnaire is None:
        if len(_QUESTIONNAIRES) >= 1024:
            _QUESTIONNAIRES.clear()
        questionnaire = Questionnaire.from_snapshot(campaign.questionnaire)
        _QUESTIONNAIRES[campaign.token] = questionnaire
    return CampaignView(
        campaign.id,
        questionnaire.organization,
        campaign.period,
        campaign.deadline,
        questionnaire,
        token=campaign.token,
    )


_PEER_BALLOTS: dict[tuple[str, int], tuple[Questionnaire, tuple[int, ...]]] = {}


def peer_view(campaign: Campaign, rater: int) -> CampaignView:
    """The campaign as the member at subject index ``rater`` sees its 党员互评 ballot."""
    found = _PEER_BALLOTS.get((campaign.token, rater))
    if found is None:
        if len(_PEER_BALLOTS) >= 4096:
            _PEER_BALLOTS.clear()
        found = campaign_view(campaign).questionnaire.peer_ballot(rater)
        _PEER_BALLOTS[(campaign.token, rater)] = found
    questionnaire, numbers = found
    return replace(campaign_view(campaign), questionnaire=questionnaire, peer_numbers=numbers)


def is_open(campaign: Campaign, today: date) -> bool:
    return campaign.status == "open" and (campaign.deadline is None or today <= campaign.deadline)


def parsed(campaign: Campaign) -> bool:
    """Whether the campaign's questionnaire is parsed already (its snapshot need not be read)."""
    return campaign.token in _QUESTIONNAIRES
