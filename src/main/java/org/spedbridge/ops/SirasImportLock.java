package org.spedbridge.ops;

import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One SIRAS import at a time in this process, from the SFTP fetch to the report. The import route
 * ({@code direct:siras-import}) enters it first: the schedule, JMX and the command line wait there for
 * a run in progress to end, as they always did. The admin endpoint does not wait: it asks
 * {@link #tryHold()} first and answers 409 when a run is in progress ({@link SirasImportOperations#runNowUnlessRunning}).
 * <p>
 * Other processes (an {@code import-now} beside {@code run}, another node of a cluster) are not seen
 * here; their rows stay apart in the database, each tagged with its run (see RunCleanup).
 */
public final class SirasImportLock {

    /** Exchange property: the caller already holds the lock for this run (and releases it). */
    static final String HELD_BY_CALLER = "sirasImportLockHeld";

    private final Semaphore running = new Semaphore(1, true);

    /** The route's first step: waits while another run is in progress; this run leaves when its exchange is done. */
    public void enter(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(HELD_BY_CALLER, false, Boolean.class)) {
            return;
        }
        running.acquire();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.release();
            }
        });
    }

    /** Takes the lock at once, or false when a run is in progress; the caller must {@link #release()} it. */
    boolean tryHold() {
        return running.tryAcquire();
    }

    void release() {
        running.release();
    }
}
