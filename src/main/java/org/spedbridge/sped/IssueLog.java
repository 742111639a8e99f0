package org.spedbridge.sped;

import java.sql.SQLException;

/** Streams a run's issues into import_issue (bulk) and counts them by kind. */
final class IssueLog implements AutoCloseable {

    private final BulkInsert sink;
    private final long runId;
    private int seq;
    private int errors;
    private int ignored;
    private int warnings;

    IssueLog(BulkInsert sink, long runId) {
        this.sink = sink;
        this.runId = runId;
    }

    void add(Issue issue) throws SQLException {
        switch (issue.kind()) {
            case ERROR -> errors++;
            case IGNORED -> ignored++;
            case WARNING -> warnings++;
        }
        sink.add(runId, ++seq, ImportRuns.clip(issue.fileName(), 255), issue.line() > 0 ? (int) issue.line() : null,
                ImportRuns.clip(issue.ssid(), 20), issue.kind().label(), ImportRuns.clip(issue.reason(), 1000));
    }

    int errors() {
        return errors;
    }

    int ignored() {
        return ignored;
    }

    int warnings() {
        return warnings;
    }

    @Override
    public void close() throws SQLException {
        sink.close();
    }
}
