package org.spedbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.spedbridge.store.migration.V11__sped_record_fillfactor;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;

/** The connection pool and the schema migrations (H2 embedded by default, PostgreSQL in production). */
public final class Database implements AutoCloseable {

    private static final String POSTGRES_URL = "jdbc:postgresql:";

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens the pool and applies the migrations; fails with a clear message when the database is unreachable. */
    public static Database open(Settings settings) {
        String url = settings.require("db.url");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        // the driver by name, from this class's own class loader: under Camel JBang's `camel run --dep ...` the jar is
        // on a child class loader, whose drivers java.sql.DriverManager does not see ("No suitable driver")
        if (url.startsWith("jdbc:h2:")) {
            config.setDriverClassName("org.h2.Driver");
        } else if (url.startsWith(POSTGRES_URL)) {
            config.setDriverClassName("org.postgresql.Driver");
        }
        config.setUsername(settings.get("db.username"));
        config.setPassword(settings.get("db.password"));
        config.setMaximumPoolSize(settings.getInt("db.pool-size"));
        config.setPoolName("sped-bridge-db");
        config.setConnectionTimeout(settings.getInt("db.connect-timeout-seconds") * 1000L);
        config.setInitializationFailTimeout(1);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (h2FileInUse(e)) {
                throw new ConfigException("The H2 database " + safeUrl(url) + " is open in another process (is `run`"
                        + " running?). To run a command beside it, put both on a shared database: add AUTO_SERVER=TRUE"
                        + " to db.url (in every process's settings; the first to open the file serves it to the others),"
                        + " or use PostgreSQL. (" + rootMessage(e) + ")", e);
            }
            throw new ConfigException("Cannot connect to the database at " + safeUrl(url) + ": " + rootMessage(e)
                    + ". Check db.url, db.username and DB_PASSWORD, and that the database server is running.", e);
        }
        Database db = new Database(ds);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new ConfigException("The database schema migration failed on " + safeUrl(url) + ": "
                    + rootMessage(e) + ". Nothing was started; fix the database and start again.", e);
        }
        return db;
    }

    private Flyway flyway() {
        return Flyway.configure(Database.class.getClassLoader()) // where db/migration is, whichever loader runs this
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // the one migration that is not the same SQL on every database (storage settings)
                .javaMigrations(new V11__sped_record_fillfactor())
                .load();
    }

    private void migrate() {
        flyway().migrate();
    }

    /**
     * How many of the jar's migrations the database lacks (readiness wants 0): pending ones, and ones that
     * Flyway calls IGNORED, missing below the newest applied version (e.g. a history restored from an old backup).
     */
    public int pendingMigrations() {
        return (int) java.util.Arrays.stream(flyway().info().all())
                .filter(m -> m.getState() == org.flywaydb.core.api.MigrationState.PENDING
                        || m.getState() == org.flywaydb.core.api.MigrationState.IGNORED)
                .count();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A connection of its own, outside the pool, for a session whose life is the point (the import lock: it is
     * held exactly as long as this connection is open). The caller closes it.
     */
    public Connection dedicatedConnection() throws SQLException {
        return DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
    }

    /**
     * Makes what {@code c} committed survive a killed process now. PostgreSQL's commit already waited for its WAL
     * flush; H2 writes committed changes to its file in the background, so a process killed a moment after a
     * commit would lose it: CHECKPOINT writes them at once.
     */
    public void writeCommittedToDisk(Connection c) throws SQLException {
        if (!isPostgres()) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    /** True for PostgreSQL, false for H2: the only place that asks (bulk paths differ). */
    public boolean isPostgres() {
        return dataSource.getJdbcUrl().startsWith(POSTGRES_URL);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** The URL without credentials or parameters, fit for logs and messages. */
    public static String safeUrl(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int semi = base.indexOf(';');
        return semi < 0 ? base : base.substring(0, semi);
    }

    /** H2's "Database may be already in use" (90020): an embedded H2 file another process has open. */
    private static boolean h2FileInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
