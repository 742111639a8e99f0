package org.spedbridge.ops;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.spedbridge.store.Database;

/**
 * Readiness: the database answers and every schema migration is applied. The connection is checked at every call;
 * the migrations are counted at most once a minute: Camel's CLI runtime ({@code camel run}) asks for health every few
 * seconds for {@code camel get health}, and each count reads Flyway's history (and logs two lines).
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    static final Duration MIGRATIONS_RECOUNT = Duration.ofMinutes(1);

    private final Database database;
    private final Clock clock;
    private Instant countedAt;
    private int pending;

    public DatabaseHealthCheck(Database database) {
        this(database, Clock.systemUTC());
    }

    DatabaseHealthCheck(Database database, Clock clock) {
        super("sped-bridge", "database");
        this.database = database;
        this.clock = clock;
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
        int pending = pendingMigrations();
        builder.detail("migrations.pending", pending);
        if (pending > 0) {
            builder.message(pending + " schema migrations are not applied").down();
        } else {
            builder.up();
        }
    }

    private synchronized int pendingMigrations() {
        Instant now = clock.instant();
        if (countedAt == null || !now.isBefore(countedAt.plus(MIGRATIONS_RECOUNT))) {
            pending = database.pendingMigrations();
            countedAt = now;
        }
        return pending;
    }
}
