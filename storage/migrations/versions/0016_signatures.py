"""逐级点评, finished: organizers sign with a real name and title (``signatures``); a comment
written in the chat asks its two required fields first (``comments.step`` renumbered: 优点 0,
需改进 1, then the 点评内容); and the audit log names a member who commented, never their
account (rows already written lose the account). On PostgreSQL, ``pingyi_answer`` also takes the
presser's member account and leaves a bound member's press to the full path, whose ballot skips
their own questions.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 13:00:00
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEMBER_ACTOR = -1  # evaluation.callers.MEMBER
OLD_SIGNATURE = (
    "integer, varchar, varchar, integer, integer[], smallint[], date, boolean, integer, boolean"
)
NEW_SIGNATURE = (
    "integer, varchar, varchar, varchar, integer, integer[], smallint[], date, boolean, integer, "
    "boolean"
)

FUNCTION = """
CREATE OR REPLACE FUNCTION pingyi_answer(
    p_campaign integer,
    p_respondent varchar,
    p_account varchar,
    p_token varchar,
    p_step integer,
    p_questions integer[],
    p_ratings smallint[],
    p_today date,
    p_ask_category boolean,
    p_question_count integer,
    p_ask_suggestion boolean
) RETURNS TABLE (
    outcome text,
    step integer,
    category varchar,
    suggestion text,
    suggestion_done boolean,
    questions integer[],
    ratings smallint[]
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    draft ballots%ROWTYPE;
    running record;
    target integer;
BEGIN
    SELECT ballots.* INTO draft
    FROM draft_links JOIN ballots ON ballots.id = draft_links.ballot_id
    WHERE draft_links.campaign_id = p_campaign
      AND draft_links.respondent = p_respondent
      AND NOT ballots.submitted
    FOR UPDATE OF ballots;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'none'::text, NULL::integer, NULL::varchar, NULL::text,
            NULL::boolean, NULL::integer[], NULL::smallint[];
        RETURN;
    END IF;
    -- Not the snapshot: the questionnaire is the large column, and the caller has it.
    SELECT campaigns.token, campaigns.status, campaigns.deadline, campaigns.organization_id
    INTO running
    FROM campaigns WHERE campaigns.id = draft.campaign_id;
    outcome := CASE
        WHEN running.token IS DISTINCT FROM p_token THEN 'changed'
        WHEN running.status <> 'open' OR running.deadline < p_today THEN 'closed'
        WHEN draft.step <> p_step THEN 'stale'
        -- A member bound in the organization: their ballot skips their own questions, which
        -- only the full path knows.
        WHEN EXISTS (
            SELECT 1 FROM member_bindings
            WHERE member_bindings.organization_id = running.organization_id
              AND member_bindings.account = p_account
        ) THEN 'member'
    END;
    IF outcome IS NOT NULL THEN
        RETURN QUERY SELECT outcome, NULL::integer, NULL::varchar, NULL::text,
            NULL::boolean, NULL::integer[], NULL::smallint[];
        RETURN;
    END IF;
    INSERT INTO answers (ballot_id, question, rating)
    SELECT draft.id, pressed.question, pressed.rating
    FROM unnest(p_questions, p_ratings) AS pressed (question, rating)
    ON CONFLICT (ballot_id, question) DO UPDATE SET rating = excluded.rating;
    SELECT array_agg(answers.question ORDER BY answers.question),
           array_agg(answers.rating ORDER BY answers.question)
    INTO questions, ratings
    FROM answers WHERE answers.ballot_id = draft.id;
    -- first_open_step: the category if asked and missing, else the first unanswered
    -- question (the numbers are 0 … count-1, sorted: the first one out of place), else the
    -- opinion if asked and not done, else the review.
    IF p_ask_category AND draft.category IS NULL THEN
        target := -1;
    ELSE
        target := NULL;
        FOR number IN 0 .. p_question_count - 1 LOOP
            IF questions[number + 1] IS DISTINCT FROM number THEN
                target := number;
                EXIT;
            END IF;
        END LOOP;
        IF target IS NULL THEN
            target := CASE WHEN p_ask_suggestion AND NOT draft.suggestion_done
                THEN p_question_count ELSE p_question_count + 1 END;
        END IF;
    END IF;
    UPDATE ballots SET step = target WHERE ballots.id = draft.id;
    RETURN QUERY SELECT 'moved'::text, target, draft.category, draft.suggestion,
        draft.suggestion_done, questions, ratings;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION pingyi_answer({OLD_SIGNATURE})")
        op.execute(FUNCTION)
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
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION pingyi_answer({NEW_SIGNATURE})")
        op.execute(_function_of_0014())


def _function_of_0014() -> str:
    path = Path(__file__).with_name("0014_press_function.py")
    spec = importlib.util.spec_from_file_location("pingyi_migration_0014", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FUNCTION
