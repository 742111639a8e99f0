package org.spedbridge.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The two databases every database test runs on: a fresh in-memory H2 and a fresh schema in the
 * local PostgreSQL server (127.0.0.1:5432, database {@code test}; override with SPEDBRIDGE_TEST_PG_URL).
 * Use as a JUnit {@code @MethodSource("org.spedbridge.support.TestDatabases#all")}.
 */
public final class TestDatabases {

    public static final String PG_BASE = System.getenv().getOrDefault("SPEDBRIDGE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("SPEDBRIDGE_TEST_PG_USER", "postgres");

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
            String schema = "t_" + id;
            try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException("The local PostgreSQL server is needed for this test (" + PG_BASE
                        + "). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
            }
            p.setProperty("db.url", PG_BASE + "?currentSchema=" + schema);
            p.setProperty("db.username", PG_USER);
            p.setProperty("db.password", "");
        }
        return p;
    }
}
