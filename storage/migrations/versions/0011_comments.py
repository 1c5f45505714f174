"""逐级点评: comments, signed, one per commenter and subject of a campaign

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("subject", sa.Integer(), nullable=False),
        sa.Column("commenter", sa.String(length=120), nullable=False),
        sa.Column("commenter_name", sa.String(length=100), nullable=False),
        sa.Column("commenter_role", sa.String(length=100), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=True),
        sa.Column("improvements", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("completed", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("awaiting", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("campaign_id", "subject", "commenter", name="uq_comments_campaign_id"),
    )
    op.create_index("ix_comments_campaign_id", "comments", ["campaign_id"])
    op.create_table(
        "comment_assignments",
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("subject", sa.Integer(), primary_key=True),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )


def downgrade() -> None:
    op.drop_table("comment_assignments")
    op.drop_index("ix_comments_campaign_id", table_name="comments")
    op.drop_table("comments")
