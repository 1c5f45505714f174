"""The press path on PostgreSQL: ``pingyi_answer``, one answer press in one round trip
(storage/presses.py). SQLite has no server functions; its press runs in one hop to a thread.

The function locks the draft (FOR UPDATE, as the ORM path did), refuses without writing when
the press is not the plain case, else upserts the answers and moves the step to the first open
screen: evaluation/navigation.py's ``first_open_step``, which tests/db/test_presses.py checks
it against.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 01:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE OR REPLACE FUNCTION pingyi_answer(
    p_campaign integer,
    p_respondent varchar,
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
    SELECT campaigns.token, campaigns.status, campaigns.deadline INTO running
    FROM campaigns WHERE campaigns.id = draft.campaign_id;
    outcome := CASE
        WHEN running.token IS DISTINCT FROM p_token THEN 'changed'
        WHEN running.status <> 'open' OR running.deadline < p_today THEN 'closed'
        WHEN draft.step <> p_step THEN 'stale'
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
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION pingyi_answer(integer, varchar, varchar, integer, integer[], "
            "smallint[], date, boolean, integer, boolean)"
        )
