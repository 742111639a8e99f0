package org.spedbridge.ops;

/** JMX view of the nightly import: {@code org.spedbridge:type=SirasImport}. Counts and hashes only; no student data. */
public interface SirasImportMBean {

    long getLastRunId();

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

    /** The last run's report as plain text (what the e-mail says, without attachments). */
    String lastReport();
}
