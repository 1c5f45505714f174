"""suggestions as 整改 items, reply handles, activity records, organizer prompts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 07:54:48.911266
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organizer_prompts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_organizer_prompts")),
    )
    op.create_table(
        "activity_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.BigInteger(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_activity_records_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_records")),
    )
    with op.batch_alter_table("activity_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_records_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "suggestions",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("owner", sa.String(length=50), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_suggestions_campaign_id_campaigns")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_suggestions")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suggestions_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "reply_handles",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("contact", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["code"],
            ["suggestions.code"],
            name=op.f("fk_reply_handles_code_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_reply_handles")),
        sqlite_with_rowid=False,
    )
    _move_submitted_suggestions()


def _move_submitted_suggestions() -> None:
    """Opinions already submitted become 整改 items with a fresh code, and leave their ballot."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT campaign_id, suggestion FROM ballots WHERE submitted AND suggestion IS NOT NULL"
        )
    ).all()
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    for campaign_id, text in rows:
        code = "".join(secrets.choice(alphabet) for _ in range(8))
        bind.execute(
            sa.text(
                "INSERT INTO suggestions (code, campaign_id, text, status) "
                "VALUES (:code, :campaign, :text, '待处理')"
            ),
            {"code": f"{code[:4]}-{code[4:]}", "campaign": campaign_id, "text": text},
        )
    bind.execute(sa.text("UPDATE ballots SET suggestion = NULL WHERE submitted"))


def downgrade() -> None:
    op.drop_table("reply_handles")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestions_campaign_id"))

    op.drop_table("suggestions")
    with op.batch_alter_table("activity_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_records_campaign_id"))

    op.drop_table("activity_records")
    op.drop_table("organizer_prompts")
