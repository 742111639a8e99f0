package org.spedbridge.ops;

/**
 * Another SIRAS import held the import lock for longer than this one would wait (or, for the admin endpoint,
 * at all): this one did not start and changed nothing. The message names who holds the lock since when.
 */
public final class ImportLockBusy extends RuntimeException {

    private final String holder;

    ImportLockBusy(String message, String holder) {
        super(message);
        this.holder = holder;
    }

    /** Who holds the lock, e.g. "trigger 'schedule' on host app-1 (process 4242) since 2026-12-02 04:00:01 PST". */
    public String holder() {
        return holder;
    }
}
