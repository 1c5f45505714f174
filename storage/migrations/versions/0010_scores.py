"""规范评分: the points a campaign (and a cycle's next campaigns) gives each rating

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("campaigns", "cycles"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("scores", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in ("cycles", "campaigns"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("scores")
