package org.spedbridge.sped.run;

/** A held run that cannot be released, and why (for people: the command, JMX and the admin endpoint say it). */
public final class NotReleasable extends RuntimeException {

    /** Why not. */
    public enum Why {
        /** No run with that id. */
        UNKNOWN,
        /** The run was not held (APPLIED, REFUSED, ...). */
        NOT_HELD,
        /** It was released already. */
        RELEASED,
        /** A newer pair was applied or held after it. */
        SUPERSEDED,
        /** Its kept files are gone (siras.import.keep-days) or it was a dry run. */
        FILES_GONE
    }

    private final Why why;

    NotReleasable(Why why, String message) {
        super(message);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
