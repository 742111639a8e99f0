package org.spedbridge.ops;

import java.sql.Connection;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.spedbridge.store.Database;

/** Readiness: the database answers and every schema migration is applied. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final Database database;

    public DatabaseHealthCheck(Database database) {
        super("sped-bridge", "database");
        this.database = database;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = database.connection()) {
            if (!c.isValid(5)) {
                builder.message("The database does not answer").down();
                return;
            }
        } catch (Exception e) {
            builder.message("The database is unreachable: " + e.getMessage()).down();
            return;
        }
        int pending = database.pendingMigrations();
        builder.detail("migrations.pending", pending);
        if (pending > 0) {
            builder.message(pending + " schema migrations are not applied").down();
        } else {
            builder.up();
        }
    }
}
