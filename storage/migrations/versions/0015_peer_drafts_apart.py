"""党员互评 without a trace of the rater: a peer draft is flagged ``peer`` instead of storing the
rater's own subject (``excluded``, readable without the secret, and kept by the SQLite log after
the draft was deleted); ``peer_counts`` without a rowid, so its rows do not replay the order
the first ballots were counted in.

Drafts begun before this revision are keyed without the member and are never found again: they
are deleted here (a member presses 🤝 党员互评 again and starts afresh).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PEER_DRAFTS = "SELECT id FROM ballots WHERE excluded IS NOT NULL"


def _counts_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("question", sa.Integer(), primary_key=True),
        sa.Column("rating", sa.SmallInteger(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    op.execute(f"DELETE FROM draft_links WHERE ballot_id IN ({_PEER_DRAFTS})")
    op.execute(f"DELETE FROM answers WHERE ballot_id IN ({_PEER_DRAFTS})")
    op.execute("DELETE FROM ballots WHERE excluded IS NOT NULL")
    # SQLite ≥ 3.35 drops a column in place, which keeps ballots WITHOUT ROWID (a batch
    # recreation would not).
    op.drop_column("ballots", "excluded")
    op.add_column(
        "ballots", sa.Column("peer", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    if op.get_bind().dialect.name == "sqlite":
        op.rename_table("peer_counts", "peer_counts_old")
        _counts_table("peer_counts")
        op.execute(
            "INSERT INTO peer_counts SELECT campaign_id, question, rating, count"
            " FROM peer_counts_old"
        )
        op.drop_table("peer_counts_old")


def downgrade() -> None:
    op.execute("DELETE FROM draft_links WHERE ballot_id IN (SELECT id FROM ballots WHERE peer)")
    op.execute("DELETE FROM answers WHERE ballot_id IN (SELECT id FROM ballots WHERE peer)")
    op.execute("DELETE FROM ballots WHERE peer")
    op.drop_column("ballots", "peer")
    op.add_column("ballots", sa.Column("excluded", sa.Integer(), nullable=True))
