"""Database engine, models, the queries (one module per feature) and Alembic migrations."""
