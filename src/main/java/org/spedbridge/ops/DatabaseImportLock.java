package org.spedbridge.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.spedbridge.store.Database;

/**
 * The SIRAS import lock in the database, so that it covers every process and instance on that database
 * ({@code run}, {@code import-now}, {@code import-files}, other nodes). Each hold has a connection of its own,
 * outside the pool: the lock lives exactly as long as that session, so a process that dies (kill -9, power
 * loss) frees it with its connection, and nothing needs cleaning up.
 * <ul>
 *   <li>PostgreSQL: a session advisory lock ({@code pg_try_advisory_lock}) whose key is derived from the schema,
 *       so two deployments in one database (or the tests' schemas) do not block each other, and no transaction
 *       stays open during the run;</li>
 *   <li>H2 (embedded, or shared through its server mode, {@code AUTO_SERVER=TRUE}): the row of
 *       {@code import_lock} taken with {@code SELECT ... FOR UPDATE NOWAIT} in a transaction kept open for the run.</li>
 * </ul>
 * Who holds it (host, process, trigger) since when is written to {@code import_lock_holder} for those who wait.
 */
final class DatabaseImportLock {

    static final String NAME = "siras-import";

    /** H2's "Timeout trying to lock table" (also NOWAIT's answer). */
    private static final String H2_LOCK_TIMEOUT = "HYT00";

    private final Database database;

    DatabaseImportLock(Database database) {
        this.database = database;
    }

    /** A session of its own (a connection outside the pool) that asks for the lock until it has it, or gives up. */
    Session open() throws SQLException {
        return new Session(database.dedicatedConnection());
    }

    /** One session: {@link #tryLock} as often as needed; {@link #close()} frees the lock if it was taken. */
    final class Session implements AutoCloseable {

        private final Connection connection;
        private long pid;
        private Instant since;

        private Session(Connection connection) {
            this.connection = connection;
        }

        /** Takes the lock at once and records the holder; false when another session holds it. */
        boolean tryLock(String host, long pid, String trigger, Instant now) throws SQLException {
            boolean taken = database.isPostgres() ? advisoryLock(connection) : rowLock(connection);
            if (taken) {
                // as the column keeps it (the record is found again by it)
                this.since = now.truncatedTo(ChronoUnit.MILLIS);
                this.pid = pid;
                recordHolder(host, pid, trigger, since);
            }
            return taken;
        }

        @Override
        public void close() {
            try {
                if (since != null) {
                    clearHolder(pid, since);
                }
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // closing the session is what frees the lock; the server does it when the connection is gone
                }
            }
        }
    }

    private boolean advisoryLock(Connection session) throws SQLException {
        String schema;
        try (PreparedStatement ps = session.prepareStatement("SELECT current_schema()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            schema = rs.getString(1);
        }
        try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, advisoryKey(schema));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** A 64-bit key for this schema's import lock (advisory locks are per database, not per schema). */
    static long advisoryKey(String schema) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("sped-bridge/" + schema + "/" + NAME).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (h[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean rowLock(Connection session) throws SQLException {
        session.setAutoCommit(false);
        try (PreparedStatement ps = session.prepareStatement(
                "SELECT name FROM import_lock WHERE name = ? FOR UPDATE NOWAIT")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("The row '" + NAME + "' of import_lock is missing (migration V14)");
                }
                return true;
            }
        } catch (SQLException e) {
            if (H2_LOCK_TIMEOUT.equals(e.getSQLState())) {
                session.rollback();
                return false;
            }
            throw e;
        }
    }

    private void recordHolder(String host, long pid, String trigger, Instant since) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM import_lock_holder WHERE name = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO import_lock_holder"
                         + " (name, host, pid, trigger_name, since) VALUES (?, ?, ?, ?, ?)")) {
                del.setString(1, NAME);
                del.executeUpdate();
                ins.setString(1, NAME);
                ins.setString(2, host);
                ins.setLong(3, pid);
                ins.setString(4, trigger);
                ins.setTimestamp(5, Timestamp.from(since));
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Removes this hold's record (not a later holder's, should this one have lost its session meanwhile). */
    private void clearHolder(long pid, Instant since) {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM import_lock_holder WHERE name = ? AND pid = ? AND since = ?")) {
            ps.setString(1, NAME);
            ps.setLong(2, pid);
            ps.setTimestamp(3, Timestamp.from(since));
            ps.executeUpdate();
        } catch (SQLException e) {
            // the next holder replaces the record; the lock itself goes with the session
        }
    }

    /** Who holds the lock, as recorded by the holder (empty in the moment between taking it and recording). */
    Optional<ImportLockHolder> holder() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT host, pid, trigger_name, since FROM import_lock_holder WHERE name = ?")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ImportLockHolder(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())) : Optional.empty();
            }
        }
    }
}
