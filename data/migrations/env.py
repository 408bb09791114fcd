"""Alembic environment: runs on the engine the app hands over (``config.attributes['engine']``).

On SQLite, Alembic changes a table by copying it into a new one ("batch" mode) and dropping the old one;
with foreign keys on, dropping a table that other tables point to is refused. So foreign keys are off
while migrating (SQLite ignores that pragma inside a transaction: it is set before), checked afterwards
with ``PRAGMA foreign_key_check``, and switched on again before the connection goes back to the pool.
"""

from alembic import context
from sqlmodel import SQLModel

import data.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.commit()
    try:
        context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=sqlite)
        with connection.begin():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"Migratie gestopt: verwijzingen kloppen niet meer ({broken[:3]}).")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.commit()
