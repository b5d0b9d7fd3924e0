from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from liuzhi.ledger import Ledger
from liuzhi.ledger.database import head_revision
from liuzhi.ledger.models import Base


def test_migrations_build_exactly_the_models(ledger: Ledger) -> None:
    with ledger.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, Base.metadata) == []


def test_opening_twice_migrates_once(database_url: str) -> None:
    Ledger(database_url).close()
    ledger = Ledger(database_url)  # already at head: nothing to do, no error
    assert ledger.counts() == {"regions": 0, "sources": 0, "figures": 0}
    ledger.close()
