"""Alembic environment: uses the caller's connection when given one (upgrade_to_head),
otherwise the URL from the config or matcher.db.session.database_url()."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from matcher.db.metadata import all_metadata
from matcher.db.session import database_url, get_engine
from matcher.db.types import UTCDateTime

config = context.config
target_metadata = all_metadata()


def _render_item(type_: str, obj: object, autogen_context) -> str | bool:
    # Migrations are frozen history: spell our UTC TypeDecorator as the plain column type
    # it stores, so an old migration never imports today's Python code.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = get_engine(config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.connect() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
