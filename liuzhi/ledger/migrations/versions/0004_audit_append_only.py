"""audit_events is append-only: UPDATE, DELETE and TRUNCATE are refused by trigger

Revision ID: 0004
Revises: 0003

A trigger stops the application (and anyone without the right to drop or disable it)
from editing history in place. The owner of the table can still disable it, which is why
the ledger also publishes signed Merkle tree heads: see README, "What the audit log
protects". SQLite gets the same triggers, as a guard against accidents only: whoever can
write the file can drop them.
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

MESSAGE = "audit_events is append-only: the audit log cannot be edited or deleted"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION audit_events_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$""")
        op.execute("""
            CREATE TRIGGER audit_events_append_only
            BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()""")
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_events_no_{action.lower()}
                BEFORE {action} ON audit_events
                BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({action} refused)'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")
