"""党员自我评价 and 党员互评: self_evaluations, peer_counts, peer_roll; the 互评 option of
campaigns and cycles; the rater's own subject on a peer ballot's draft

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _campaign_key() -> sa.Column:
    return sa.Column(
        "campaign_id",
        sa.Integer(),
        sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    for table in ("campaigns", "cycles"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("peer_review", sa.Boolean(), nullable=False, server_default=sa.false())
            )
    with op.batch_alter_table("ballots") as batch:
        batch.add_column(sa.Column("excluded", sa.Integer(), nullable=True))
    op.create_table(
        "peer_counts",
        _campaign_key(),
        sa.Column("question", sa.Integer(), primary_key=True),
        sa.Column("rating", sa.SmallInteger(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "peer_roll",
        _campaign_key(),
        sa.Column("rater", sa.String(length=64), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "self_evaluations",
        _campaign_key(),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("performance", sa.Text(), nullable=True),
        sa.Column("shortcomings", sa.Text(), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("self_evaluations")
    op.drop_table("peer_roll")
    op.drop_table("peer_counts")
    with op.batch_alter_table("ballots") as batch:
        batch.drop_column("excluded")
    for table in ("cycles", "campaigns"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("peer_review")
