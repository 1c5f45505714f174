"""涉及党员: the member a 整改 item is about, set by the organizer, so it reaches that member's
反馈单. The writer stays unknown; only the subject is named.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions") as batch:
        batch.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_suggestions_member_id_members"),
            "members",
            ["member_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("suggestions") as batch:
        batch.drop_constraint(batch.f("fk_suggestions_member_id_members"), type_="foreignkey")
        batch.drop_column("member_id")
