"""Database engine, models, repositories and Alembic migrations."""
