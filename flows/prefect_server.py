"""The Prefect server `reelflow serve` starts: Prefect's own, with its SQLite write transactions taking
the write lock when they begin.

Why: on SQLite, Prefect begins most API transactions DEFERRED (a read lock first, the write lock
when the first write comes). When another connection writes in between, SQLite refuses that upgrade
at once ("database is locked", SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT in WAL mode) without waiting out
the busy timeout, and the API answers 503. While a batch renders (task states, logs, artifacts written
every moment) that hit 17 of 40 reviewers' Submits, each within a second (bench/RESULTS.md), and the
run stayed paused. `BEGIN IMMEDIATE` takes the write lock first, waiting up to the busy timeout
(60 s) for it, so a Submit waits its turn instead of failing: 0 of 40. On PostgreSQL
(PREFECT_API_DATABASE_CONNECTION_URL) nothing is changed.

Run as `python -m flows.prefect_server start --host H --port P` (the arguments of `prefect server`).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any


def immediate_sqlite_writes() -> None:
    """Make every transaction Prefect's server begins on SQLite a `BEGIN IMMEDIATE` one."""
    from prefect.server.database.configurations import AioSqliteConfiguration

    if getattr(AioSqliteConfiguration.begin_transaction, "reelflow_immediate", False):
        return
    begin = AioSqliteConfiguration.begin_transaction

    @asynccontextmanager
    async def begin_transaction(self: AioSqliteConfiguration, session: Any, with_for_update: bool = False
                                ) -> AsyncGenerator[Any, None]:
        async with begin(self, session, with_for_update=True) as transaction:
            yield transaction

    begin_transaction.reelflow_immediate = True  # type: ignore[attr-defined]
    AioSqliteConfiguration.begin_transaction = begin_transaction  # type: ignore[method-assign]


def main(argv: list[str]) -> None:
    immediate_sqlite_writes()
    from prefect.cli import app

    sys.argv = ["prefect", "server", *argv]  # Prefect's CLI reads its arguments from sys.argv
    app()


if __name__ == "__main__":
    main(sys.argv[1:])
