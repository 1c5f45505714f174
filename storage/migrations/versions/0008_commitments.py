"""公开承诺: members' and organizations' 承诺事项 with their 践诺 state

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "organization_id", sa.Integer(), sa.ForeignKey("organizations.id"), nullable=False
        ),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_commitments_organization_id", "commitments", ["organization_id"])
    op.create_index("ix_commitments_member_id", "commitments", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_commitments_member_id", table_name="commitments")
    op.drop_index("ix_commitments_organization_id", table_name="commitments")
    op.drop_table("commitments")
