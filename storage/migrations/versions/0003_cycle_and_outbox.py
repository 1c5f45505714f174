"""cycles, cycle events, recipients, subscriptions, ballot starts, outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 06:43:16.173497
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cycle_events",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_cycle_events")),
    )
    op.create_table(
        "recipients",
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("stopped", sa.Boolean(), nullable=False),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("person", name=op.f("pk_recipients")),
    )
    op.create_table(
        "cycles",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("template", sa.String(length=30), nullable=False),
        sa.Column("sector_goal", sa.Boolean(), nullable=False),
        sa.Column("duration_days", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("ask_category", sa.Boolean(), nullable=False),
        sa.Column("enabled_by", sa.BigInteger(), nullable=True),
        sa.Column("enabled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_cycles_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_cycles")),
    )
    op.create_table(
        "subscriptions",
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("contact", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_subscriptions_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("person", "organization_id", name=op.f("pk_subscriptions")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "ballot_starts",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("contact", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_ballot_starts_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "person", name=op.f("pk_ballot_starts")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_outbox_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("recipient", "reason", name=op.f("uq_outbox_recipient")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))
        batch_op.drop_index(batch_op.f("ix_outbox_campaign_id"))

    op.drop_table("outbox")
    op.drop_table("ballot_starts")
    op.drop_table("subscriptions")
    op.drop_table("cycles")
    op.drop_table("recipients")
    op.drop_table("cycle_events")
