from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignError, close_campaign, find_organization, list_campaigns
from evaluation.roster import RosterData, import_roster
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage.models import Base, Member, Organization
from support.sample import MEMBERS, NOW, ORG, TODAY
from tests.factories import open_campaign


async def test_migrations_match_the_models(engine):
    def diff(connection):
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_a_database_at_the_newest_revision_is_left_alone_and_an_older_one_upgraded(engine):
    """``upgrade`` knows the head without Alembic (storage/migrate.py's fast path), as Alembic
    does; a database one revision behind is brought up, not mistaken for current."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from storage.migrate import MIGRATIONS, head_revision, upgrade

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()

    async def version() -> list[str]:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in rows]

    assert await version() == [head_revision()]

    def downgrade(connection) -> None:
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")

    async with engine.begin() as connection:
        await connection.run_sync(downgrade)
    assert await version() == ["0015"]
    await upgrade(engine)
    assert await version() == [head_revision()]


async def test_roster_import_creates_then_updates_in_place(session):
    summary = await import_roster(
        session, OPERATOR, RosterData(ORG, "机关", "林业公安局党委", MEMBERS), NOW
    )
    assert summary.created_organization and summary.created_parent == "林业公安局党委"
    assert len(summary.added) == 9

    changed = [("周婷", "党小组长"), *MEMBERS[:7]]  # 周婷 first with a role; 黄勇 left
    summary = await import_roster(
        session, OPERATOR, RosterData(ORG, "机关", "林业公安局党委", changed), NOW
    )
    assert not summary.created_organization and summary.created_parent is None
    assert summary.added == [] and summary.deactivated == ["黄勇"]
    assert "周婷" in summary.updated
    organization = await organization_repo.organization_by_name(session, ORG)
    active = await organization_repo.members_of(session, organization.id)
    assert [(m.name, m.role) for m in active] == changed
    all_members = (await session.scalars(select(Member))).all()
    assert len(all_members) == 9  # deactivated, not deleted
    parent = await organization_repo.organization_by_name(session, "林业公安局党委")
    assert organization.parent_id == parent.id


async def test_a_parent_below_the_organization_is_refused(session):
    await import_roster(session, OPERATOR, RosterData("党委", "机关", None, []), NOW)
    await import_roster(session, OPERATOR, RosterData("党支部", "机关", "党委", []), NOW)
    with pytest.raises(ValueError, match="下级"):
        await import_roster(session, OPERATOR, RosterData("党委", "机关", "党支部", []), NOW)
    organization = await session.scalar(select(Organization).where(Organization.name == "党委"))
    assert organization.parent_id is None


async def test_a_campaign_keeps_its_questionnaire_when_the_roster_changes(session, roster):
    campaign = await open_campaign(session)
    assert len(campaign.token) == 24
    assert all(c.isalnum() or c in "-_" for c in campaign.token)
    await import_roster(session, OPERATOR, RosterData(ORG, "机关", None, [("新党员", None)]), NOW)
    stored = await campaign_repo.campaign(session, campaign.id)
    names = [s["name"] for s in stored.questionnaire["subjects"][1:]]
    assert names == [name for name, _ in MEMBERS]


async def test_campaign_rules(session, roster):
    with pytest.raises(CampaignError, match="找不到组织"):
        await find_organization(session, "不存在")
    with pytest.raises(CampaignError, match="2026Q4"):
        await open_campaign(session, period="2026-4")
    with pytest.raises(CampaignError, match="早于"):
        await open_campaign(session, deadline=TODAY - timedelta(days=1))
    with pytest.raises(CampaignError, match="模板"):
        await open_campaign(session, template="x")
    first = await open_campaign(session)
    assert first.deadline == TODAY + timedelta(days=14)
    with pytest.raises(CampaignError, match="进行中"):
        await open_campaign(session)
    await close_campaign(session, OPERATOR, first.id, NOW)
    with pytest.raises(CampaignError, match="已经关闭"):
        await close_campaign(session, OPERATOR, first.id, NOW)
    second = await open_campaign(session, template="four_aspects")
    rows = await list_campaigns(session, OPERATOR)
    assert [(r.id, r.status, r.template) for r in rows] == [
        (second.id, "open", "four_aspects"),
        (first.id, "closed", "six_aspects"),
    ]
