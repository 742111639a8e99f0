package org.spedbridge.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.store.Database;

/**
 * The api_audit table, written with group commit: one writer thread takes every row that is waiting,
 * inserts them in one statement that commits them together, then releases their requests.
 * While a commit is on its way to disk the next requests' rows gather for the next one, so under load
 * many rows share one commit (one WAL flush on PostgreSQL) and an idle server commits a lone row at
 * once: a request waits for at most the commit in flight and its own. (Waiting up to 1 ms for more rows
 * was measured: four rows per commit instead of 1.7 and less of PostgreSQL's CPU, but a wake-up of this
 * thread per row and fewer requests per second: bench/RESULTS.md, 2026-12-08.)
 * <p>
 * {@link #commit} returns only when the row is durable; the API answers after that (see
 * {@link ApiAudit}), so no answer leaves without its audit row, also when the process is killed.
 */
final class AuditLog {

    /** One api_audit row (never the key: its id). */
    record Row(Timestamp at, Long keyId, String method, String path, int status, Integer records, String address) {
    }

    /** The row could not be written: the request must not be answered with data. */
    static final class Unwritten extends RuntimeException {
        Unwritten(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_BATCH = 500;
    private static final long WAIT_SECONDS = 60;

    private final Database database;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final String insert;
    private final String values;
    private volatile Thread writer;

    AuditLog(Database database) {
        this.database = database;
        // the id from the sequence inside the INSERT: a batch of rows is one round trip
        String next = database.isPostgres() ? "nextval('api_audit_seq')" : "NEXT VALUE FOR api_audit_seq";
        this.insert = "INSERT INTO api_audit (id, at_time, key_id, method, path, status, records, remote_address) VALUES";
        this.values = "(" + next + ", ?, ?, ?, ?, ?, ?, ?)";
    }

    /** Writes the row with the others waiting and returns when it is committed; {@link Unwritten} when it was not. */
    void commit(Row row) {
        Pending p = enqueue(row);
        try {
            p.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new Unwritten("The audit row could not be written: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new Unwritten("The audit row was not written within " + WAIT_SECONDS + " seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unwritten("Interrupted while the audit row was written", e);
        }
    }

    /** Writes the row with the next batch without waiting (nobody is answered after it). */
    void submit(Row row) {
        enqueue(row);
    }

    private Pending enqueue(Row row) {
        startWriter();
        Pending p = new Pending(row, new CompletableFuture<>());
        queue.add(p);
        return p;
    }

    private void startWriter() {
        if (writer == null) {
            synchronized (this) {
                if (writer == null) {
                    Thread t = new Thread(this::run, "api-audit-writer");
                    t.setDaemon(true);
                    t.start();
                    writer = t;
                }
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                commits.incrementAndGet();
                rows.addAndGet(batch.size());
                batch.forEach(p -> p.done.complete(null));
            } catch (InterruptedException e) {
                batch.forEach(p -> p.done.completeExceptionally(e));
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.error("Could not write {} API audit rows: {}", batch.size(), e.getMessage());
                batch.forEach(p -> p.done.completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /**
     * The batch as one INSERT of all its rows, committed by itself (auto-commit): one statement is all or
     * nothing, and one round trip to the database carries the rows and their commit (a transaction around
     * a JDBC batch takes two: the batch, then COMMIT).
     */
    private void write(List<Pending> batch) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(insert(batch.size()))) {
            int i = 1;
            for (Pending p : batch) {
                Row r = p.row;
                ps.setTimestamp(i++, r.at());
                ps.setObject(i++, r.keyId());
                ps.setString(i++, truncate(r.method(), 10));
                ps.setString(i++, truncate(r.path(), 500));
                ps.setInt(i++, r.status());
                ps.setObject(i++, r.records());
                ps.setString(i++, truncate(r.address(), 64));
            }
            ps.executeUpdate();
            database.writeCommittedToDisk(c); // H2 would write them in the background: a killed process would lose them
        }
    }

    /** INSERT ... VALUES (...), (...): the statement for a batch of {@code rows} rows. */
    private String insert(int rows) {
        StringBuilder sql = new StringBuilder(insert.length() + rows * values.length() + rows * 2).append(insert);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? " " : ", ").append(values);
        }
        return sql.toString();
    }

    /** Commits so far, and the rows they wrote: rows / commits is how many requests shared a commit. */
    long commits() {
        return commits.get();
    }

    long rows() {
        return rows.get();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private record Pending(Row row, CompletableFuture<Void> done) {
    }
}
