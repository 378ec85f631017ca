"""Add books.published_year, with a range check and an index for "by author, by year".

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-13 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# --8<-- [start:upgrade]
def upgrade() -> None:
    # batch_alter_table: SQLite cannot add a CHECK constraint in place, so Alembic
    # copies the table there; on PostgreSQL the same code runs plain ALTER TABLEs.
    with op.batch_alter_table("books") as batch_op:
        batch_op.add_column(sa.Column("published_year", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_books_published_year_range"), "published_year BETWEEN 1450 AND 2100"
        )
        # The composite index also serves lookups by author_id alone (its leftmost column).
        batch_op.drop_index(op.f("ix_books_author_id"))
        batch_op.create_index("ix_books_author_id_published_year", ["author_id", "published_year"])


def downgrade() -> None:
    with op.batch_alter_table("books") as batch_op:
        batch_op.drop_index("ix_books_author_id_published_year")
        batch_op.create_index(op.f("ix_books_author_id"), ["author_id"])
        batch_op.drop_constraint(op.f("ck_books_published_year_range"), type_="check")
        batch_op.drop_column("published_year")


# --8<-- [end:upgrade]
