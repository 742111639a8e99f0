package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;

/** Readiness turns DOWN when a migration is not applied; the migrations are counted at most once a minute. */
class DatabaseHealthCheckTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static HealthCheck.Result call(DatabaseHealthCheck check) {
        return check.call(Map.of());
    }

    @Test
    void aMigrationThatIsNoLongerAppliedTurnsReadinessDownWithinAMinute() throws Exception {
        TestClock clock = new TestClock();
        try (Database db = Database.open(Settings.load(null, Map.of(), TestDatabases.fresh(TestDatabases.Kind.H2)));
             DefaultCamelContext camel = new DefaultCamelContext()) {
            DatabaseHealthCheck check = new DatabaseHealthCheck(db, clock);
            check.setCamelContext(camel);
            assertThat(call(check).getState()).isEqualTo(HealthCheck.State.UP);

            // the schema is rolled back behind the running process (a restore from an old backup)
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '11'");
            }
            clock.now = clock.now.plusSeconds(30);
            assertThat(call(check).getState()).as("counted a moment ago: not counted again").isEqualTo(HealthCheck.State.UP);

            clock.now = clock.now.plus(DatabaseHealthCheck.MIGRATIONS_RECOUNT);
            HealthCheck.Result r = call(check);
            assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(r.getMessage()).hasValue("1 schema migrations are not applied");
        }
    }
}
