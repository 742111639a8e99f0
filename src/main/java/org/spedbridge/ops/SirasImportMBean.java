package org.spedbridge.ops;

/** JMX view of the nightly import: {@code org.spedbridge:type=SirasImport}. Counts and hashes only; no student data. */
public interface SirasImportMBean {

    long getLastRunId();

    /** APPLIED, UNCHANGED, REFUSED, FAILED or HELD; NONE before the first run. */
    String getLastStatus();

    String getLastTrigger();

    String getLastStart();

    String getLastEnd();

    String getLastMessage();

    int getRowsRead();

    int getMatched();

    int getUnmatched();

    int getDuplicates();

    int getErrors();

    int getServicesImported();

    String getStudentsFileSha256();

    String getServicesFileSha256();

    /** The next scheduled fire time (ISO-8601), or "not scheduled". */
    String getNextScheduledFireTime();

    /** Runs the import now (same as {@code import-now}); returns the summary. */
    String importNow();

    /** The ids of the HELD runs that can still be released (empty when none waits). */
    long[] getHeldRunIds();

    /** The HELD runs that can still be released, one line each (id, when, why), or "none". */
    String getHeldRuns();

    /**
     * Releases a HELD run (same as {@code import-release RUN_ID}): applies the files kept in its run folder,
     * trigger release; returns the summary, or why it was not released.
     */
    String releaseHeld(long runId);

    /** The last run's report as plain text (what the e-mail says, without attachments). */
    String lastReport();
}
