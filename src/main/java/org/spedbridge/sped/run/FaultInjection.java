package org.spedbridge.sped.run;

/**
 * For the tests of what survives a killed process, and nothing else: with the JVM system property
 * {@code -Dspedbridge.fault.halt-after-commit=true} the process stops dead right after a run's commit
 * ({@link Runtime#halt}: no shutdown hooks, no finally blocks, no report mail; what {@code kill -9} does at that
 * moment). Read only there ({@link RecordRun}); it is not a setting and is never set in production.
 */
final class FaultInjection {

    static final String HALT_AFTER_COMMIT = "spedbridge.fault.halt-after-commit";
    /** The exit status of a process stopped this way. */
    static final int HALTED = 86;

    private FaultInjection() {
    }

    static void haltAfterCommitIfAsked(long runId) {
        if (Boolean.getBoolean(HALT_AFTER_COMMIT)) {
            System.err.println("sped-bridge: " + HALT_AFTER_COMMIT + ": halting right after the commit of run " + runId);
            System.err.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
