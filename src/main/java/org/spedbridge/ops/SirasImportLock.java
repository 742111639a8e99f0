package org.spedbridge.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;

/**
 * One SIRAS import at a time, from the SFTP fetch to the report, across threads, processes and instances on
 * the same database: the schedule, JMX, the admin endpoint, {@code import-now} and {@code import-files}, on
 * this host or another. Within a process the runs queue in order (a fair semaphore); across processes the
 * lock is in the database ({@link DatabaseImportLock}: an advisory lock on PostgreSQL, a row lock on H2).
 * <p>
 * The import route ({@code direct:siras-import}) enters it first ({@link #enter}): every caller (the schedule, JMX,
 * the admin endpoint, {@code import-now}, {@code import-files}) comes through that route. A run waits for a run in
 * progress up to {@code siras.import.lock-wait-seconds}, then gives up with {@link ImportLockBusy}, whose message
 * names who holds the lock since when; nothing was changed. The admin endpoint does not wait: {@link #tryHold}
 * (409 at once, {@link SirasImportOperations#runNowUnlessRunning}).
 */
public final class SirasImportLock {

    private static final Logger LOG = LoggerFactory.getLogger(SirasImportLock.class);

    /** Exchange property: the caller already holds the lock for this run (and releases it). */
    static final String HELD_BY_CALLER = "sirasImportLockHeld";

    /** How often a waiting run asks the database again. */
    private static final long POLL_MILLIS = 500;

    private final Semaphore local = new Semaphore(1, true);
    private final DatabaseImportLock database;
    private final Duration wait;
    private final ZoneId zone;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();

    public SirasImportLock(Database database, Settings settings) {
        this.database = new DatabaseImportLock(database);
        this.wait = Duration.ofSeconds(settings.getInt("siras.import.lock-wait-seconds"));
        this.zone = ZoneId.of(settings.get("district.time-zone"));
    }

    /** A hold of the lock: closing it (once is enough; more is harmless) lets the next run in. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** The route's first step: waits for a run in progress (up to the wait); this run leaves when its exchange is done. */
    public void enter(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(HELD_BY_CALLER, false, Boolean.class)) {
            return;
        }
        Hold hold = hold(exchange.getIn().getHeader("trigger", "unknown", String.class));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                hold.close();
            }
        });
    }

    /**
     * Takes the lock at once for this exchange (released when it is done), or answers false when an import is in
     * progress anywhere: for work that must not overlap an import but need not wait for one (the check for
     * reports that were not delivered; an import delivers them itself before it starts).
     */
    public boolean enterUnlessBusy(Exchange exchange) {
        Hold hold;
        try {
            hold = tryHold(exchange.getIn().getHeader("trigger", "unknown", String.class));
        } catch (ImportLockBusy e) {
            return false;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                hold.close();
            }
        });
        return true;
    }

    /** Takes the lock for a run started by {@code trigger}, waiting for a run in progress up to the configured time. */
    public Hold hold(String trigger) throws InterruptedException {
        return acquire(trigger, wait);
    }

    /** Takes the lock at once, or throws {@link ImportLockBusy} when a run is in progress anywhere. */
    Hold tryHold(String trigger) {
        try {
            return acquire(trigger, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while taking the import lock", e);
        }
    }

    private Hold acquire(String trigger, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean told = false;
        if (!local.tryAcquire()) {
            tellWaiting(trigger, maxWait);
            told = true;
            if (!local.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw busy(trigger, maxWait);
            }
        }
        DatabaseImportLock.Session session = null;
        try {
            session = database.open();
            while (!session.tryLock(host, pid, trigger, Instant.now())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw busy(trigger, maxWait);
                }
                if (!told) {
                    tellWaiting(trigger, maxWait);
                    told = true;
                }
                Thread.sleep(Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
        } catch (SQLException e) {
            giveUp(session);
            throw new IllegalStateException("The SIRAS import lock could not be taken: a database error: "
                    + e.getMessage() + ". Nothing was imported; check that the database is reachable.", e);
        } catch (RuntimeException | InterruptedException e) {
            giveUp(session);
            throw e;
        }
        DatabaseImportLock.Session held = session;
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                giveUp(held);
            }
        };
    }

    /** Ends the database session (which frees the lock, if it had it) and lets the next run of this process in. */
    private void giveUp(DatabaseImportLock.Session session) {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            local.release();
        }
    }

    private void tellWaiting(String trigger, Duration maxWait) {
        if (!maxWait.isZero()) {
            LOG.info("Another SIRAS import is running ({}): this one (trigger '{}') waits up to {} s for it"
                    + " (siras.import.lock-wait-seconds)", holder(), trigger, maxWait.toSeconds());
        }
    }

    private ImportLockBusy busy(String trigger, Duration waited) {
        String holder = holder();
        String message = "Another SIRAS import is running: " + holder + ". This import (trigger '" + trigger + "') "
                + (waited.isZero() ? "did not wait"
                        : "waited " + waited.toSeconds() + " s for it (siras.import.lock-wait-seconds)")
                + " and did not start; nothing was changed. Run it again when that import has finished.";
        return new ImportLockBusy(message, holder);
    }

    /** Who holds the lock, in words. */
    private String holder() {
        try {
            return database.holder().map(h -> h.describe(zone))
                    .orElse("who holds the import lock is not recorded yet (it was taken a moment ago)");
        } catch (SQLException e) {
            return "who holds the import lock cannot be read (" + e.getMessage() + ")";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown host");
        }
    }
}
