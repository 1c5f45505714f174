"""逐级点评, finished: organizers sign with a real name and title (``signatures``); a comment
written in the chat asks its two required fields first (``comments.step`` renumbered: 优点 0,
需改进 1, then the 点评内容); and the audit log names a member who commented, never their
account (rows already written lose the account).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEMBER_ACTOR = -1  # evaluation.callers.MEMBER


def upgrade() -> None:
    op.create_table(
        "signatures",
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    connection = op.get_bind()
    comments = connection.execute(
        sa.text("SELECT id, items, step, commenter, commenter_name, commenter_role FROM comments")
    ).fetchall()
    for comment_id, items, step, commenter, name, role in comments:
        count = len(_json(items))
        moved = _renumbered(step, count)
        if moved != step:
            connection.execute(
                sa.text("UPDATE comments SET step = :step WHERE id = :id"),
                {"step": moved, "id": comment_id},
            )
        if commenter.startswith("member:"):
            connection.execute(
                sa.text(
                    "UPDATE audit_log SET actor = :member WHERE action = 'commented' "
                    "AND detail LIKE :signed AND actor IS NOT NULL AND actor > 0"
                ),
                {"member": MEMBER_ACTOR, "signed": f"{name}（{role}）点评 %"},
            )


def _json(value):
    import json

    return json.loads(value) if isinstance(value, str) else (value or [])


def _renumbered(step: int, count: int) -> int:
    """Old order: the 点评内容 (0 … count-1), 优点, 需改进, the review; new: 优点, 需改进, the
    点评内容, the review."""
    if step < count:
        return step + 2
    if step == count:
        return 0
    if step == count + 1:
        return 1
    return step


def downgrade() -> None:
    connection = op.get_bind()
    comments = connection.execute(sa.text("SELECT id, items, step FROM comments")).fetchall()
    for comment_id, items, step in comments:
        count = len(_json(items))
        old = {0: count, 1: count + 1}.get(step, step - 2 if step < count + 2 else step)
        connection.execute(
            sa.text("UPDATE comments SET step = :step WHERE id = :id"),
            {"step": old, "id": comment_id},
        )
    op.drop_table("signatures")
