"""organizers, grants, audit log, wizard drafts, practice and grouped campaigns, paper tallies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 04:50:12.186692
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wizard_drafts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_wizard_drafts")),
    )
    op.create_table(
        "grant_links",
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_grant_links_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_grant_links")),
    )
    op.create_table(
        "organizers",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organizers_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("user_id", "organization_id", name=op.f("pk_organizers")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_audit_log_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_audit_log_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("practice", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_campaigns_group_id"), ["group_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_campaigns_group_id_campaigns"), "campaigns", ["group_id"], ["id"]
        )

    op.create_table(
        "paper_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=False),
        sa.Column("ballots", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_paper_tallies_campaign_id_campaigns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_tallies")),
        sa.UniqueConstraint("campaign_id", "label", name=op.f("uq_paper_tallies_campaign_id")),
    )
    with op.batch_alter_table("paper_tallies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paper_tallies_campaign_id"), ["campaign_id"], unique=False
        )
    op.create_table(
        "paper_counts",
        sa.Column("tally_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tally_id"],
            ["paper_tallies.id"],
            name=op.f("fk_paper_counts_tally_id_paper_tallies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tally_id", "question", "rating", name=op.f("pk_paper_counts")),
    )


def downgrade() -> None:
    op.drop_table("paper_counts")
    with op.batch_alter_table("paper_tallies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_tallies_campaign_id"))
    op.drop_table("paper_tallies")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_campaigns_group_id_campaigns"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_campaigns_group_id"))
        batch_op.drop_column("group_id")
        batch_op.drop_column("practice")

    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("organizers")
    op.drop_table("grant_links")
    op.drop_table("wizard_drafts")
