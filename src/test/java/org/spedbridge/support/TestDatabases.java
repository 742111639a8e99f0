package org.spedbridge.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The two databases every database test runs on: a fresh in-memory H2 and a fresh schema in PostgreSQL, the
 * local server (127.0.0.1:5432, database {@code test}; override with SPEDBRIDGE_TEST_PG_URL and
 * SPEDBRIDGE_TEST_PG_USER) or, when none answers there, an embedded one started for the run ({@link TestPostgres}).
 * Use as a JUnit {@code @MethodSource("org.spedbridge.support.TestDatabases#all")}.
 */
public final class TestDatabases {

    /** The PostgreSQL server the tests ask for first (the one they use may be an embedded one: {@link TestPostgres}). */
    public static final String PG_BASE = TestPostgres.setting(TestPostgres.URL_SETTING, "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = TestPostgres.setting("SPEDBRIDGE_TEST_PG_USER", "postgres");

    private TestDatabases() {
    }

    public enum Kind { H2, POSTGRES }

    public static List<Kind> all() {
        return List.of(Kind.H2, Kind.POSTGRES);
    }

    /** Settings (db.url, db.username, db.password) for a brand-new, empty database of that kind. */
    public static Properties fresh(Kind kind) {
        Properties p = new Properties();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind == Kind.H2) {
            p.setProperty("db.url", "jdbc:h2:mem:t" + id + ";DB_CLOSE_DELAY=-1");
            p.setProperty("db.username", "sa");
            p.setProperty("db.password", "");
        } else {
            TestPostgres.Use pg = TestPostgres.use(PG_BASE, PG_USER);
            String schema = "t_" + id;
            try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException("The PostgreSQL server of the tests stopped answering (" + pg.url()
                        + "): " + e.getMessage(), e);
            }
            p.setProperty("db.url", pg.url() + "?currentSchema=" + schema);
            p.setProperty("db.username", pg.user());
            p.setProperty("db.password", "");
        }
        return p;
    }
}
