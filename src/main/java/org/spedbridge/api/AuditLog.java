package org.spedbridge.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.store.Database;

/**
 * The api_audit table, written with group commit: the rows of the requests waiting together are
 * inserted in one JDBC batch and committed in one transaction. No thread in between: the first waiting
 * request that finds no commit in progress writes every row waiting at that moment (its own included)
 * on its own thread, and the rows that arrive while that commit is on its way to disk gather for the
 * next one, which one of their requests writes as soon as the first is done. So under load many rows
 * share one commit (one WAL flush on PostgreSQL), an idle server commits a lone row at once, and a
 * request waits for at most the commit in flight and its own, without a hand-over to another thread
 * and back (on a busy machine each costs a wait for a core).
 * <p>
 * {@link #commit} returns only when the row is durable; the API answers after that (see
 * {@link ApiAudit}), so no answer leaves without its audit row, also when the process is killed.
 * Rows nobody waits for ({@link #submit}) are written by a background thread.
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
    /** Rows whose requests wait for them; taken only by the request holding {@link #writing}. */
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Held by the request that writes the waiting rows. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Completed when the commit in progress is done (replaced under {@link #writing} before it). */
    private volatile CompletableFuture<Void> round = new CompletableFuture<>();
    /** Rows nobody waits for, written by the background thread. */
    private final BlockingQueue<Pending> unwaited = new LinkedBlockingQueue<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final String insert;
    private volatile Thread writer;

    AuditLog(Database database) {
        this.database = database;
        // the id from the sequence inside the INSERT: a batch of rows is one round trip
        String next = database.isPostgres() ? "nextval('api_audit_seq')" : "NEXT VALUE FOR api_audit_seq";
        this.insert = "INSERT INTO api_audit (id, at_time, key_id, method, path, status, records, remote_address)"
                + " VALUES (" + next + ", ?, ?, ?, ?, ?, ?, ?)";
    }

    /** Writes the row with the others waiting and returns when it is committed; {@link Unwritten} when it was not. */
    void commit(Row row) {
        Pending p = new Pending(row, new CompletableFuture<>());
        queue.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            while (!p.done.isDone()) {
                // read before trying the lock: this round is completed only after its writer let go of the lock
                CompletableFuture<Void> current = round;
                if (writing.tryLock()) {
                    try {
                        if (!p.done.isDone()) {
                            // the row is still waiting (rows leave the queue only under the lock): write them all
                            writeWaiting();
                        }
                    } finally {
                        round = new CompletableFuture<>();
                        writing.unlock();
                        current.complete(null);
                    }
                } else {
                    // another request is writing: its commit may hold this row, else this request writes the next
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    current.get(left, TimeUnit.NANOSECONDS);
                }
            }
            p.done.get();
        } catch (ExecutionException e) {
            throw new Unwritten("The audit row could not be written: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new Unwritten("The audit row was not written within " + WAIT_SECONDS + " seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unwritten("Interrupted while the audit row was written", e);
        }
    }

    /**
     * Under {@link #writing}: takes a connection, then every row waiting (at most {@link #MAX_BATCH}), writes
     * and commits them and releases their requests, or fails them all.
     */
    private void writeWaiting() {
        List<Pending> batch = new ArrayList<>();
        try (Connection c = database.connection()) {
            // the rows that gathered while the connection was on its way go in this commit too
            queue.drainTo(batch, MAX_BATCH);
            write(c, batch);
        } catch (SQLException | RuntimeException e) {
            if (batch.isEmpty()) {
                // no connection: the rows waiting (this request's among them) fail now, as they would later
                queue.drainTo(batch, MAX_BATCH);
            }
            LOG.error("Could not write {} API audit rows: {}", batch.size(), e.getMessage());
            batch.forEach(p -> p.done.completeExceptionally(e));
            return;
        }
        commits.incrementAndGet();
        rows.addAndGet(batch.size());
        batch.forEach(p -> p.done.complete(null));
    }

    /** Writes the row with the next batch without waiting (nobody is answered after it). */
    void submit(Row row) {
        startWriter();
        unwaited.add(new Pending(row, new CompletableFuture<>()));
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

    /** The background thread: writes the rows nobody waits for, those waiting together in one commit. */
    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(unwaited.take());
                unwaited.drainTo(batch, MAX_BATCH - 1);
                try (Connection c = database.connection()) {
                    write(c, batch);
                }
                commits.incrementAndGet();
                rows.addAndGet(batch.size());
                batch.forEach(p -> p.done.complete(null));
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.error("Could not write {} API audit rows: {}", batch.size(), e.getMessage());
            }
            batch.clear();
        }
    }

    private void write(Connection c, List<Pending> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (Pending p : batch) {
                Row r = p.row;
                ps.setTimestamp(1, r.at());
                ps.setObject(2, r.keyId());
                ps.setString(3, truncate(r.method(), 10));
                ps.setString(4, truncate(r.path(), 500));
                ps.setInt(5, r.status());
                ps.setObject(6, r.records());
                ps.setString(7, truncate(r.address(), 64));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        if (!database.isPostgres()) {
            // H2 writes committed changes to its file in the background; a killed process would lose
            // them: write them now (PostgreSQL's commit already waited for its WAL flush)
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
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
