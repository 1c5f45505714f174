"""综合评定, 支部审定 and 结果反馈: the campaign's weights, 审定 and release times, each
member's final grade

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("weights", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "final_grades",
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("suggested", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("final_grades")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("released_at")
        batch.drop_column("reviewed_at")
        batch.drop_column("weights")
