package org.spedbridge.sped.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.spedbridge.sped.Issue;
import org.spedbridge.store.BulkInsert;

/** Streams a run's issues into import_issue (bulk) and counts them by kind. */
final class IssueLog implements AutoCloseable {

    private final BulkInsert sink;
    private final long runId;
    private int seq;
    private int errors;
    private int ignored;
    private int warnings;

    private static final List<BulkInsert.Column> COLUMNS = List.of(BulkInsert.Column.bigint("run_id"),
            BulkInsert.Column.integer("seq"), BulkInsert.Column.text("file_name"), BulkInsert.Column.integer("line_number"),
            BulkInsert.Column.text("ssid"), BulkInsert.Column.text("kind"), BulkInsert.Column.text("reason"));

    private IssueLog(BulkInsert sink, long runId) {
        this.sink = sink;
        this.runId = runId;
    }

    /** A log writing into import_issue on {@code c} (autocommit: issues are kept as they come). */
    static IssueLog open(Connection c, boolean postgres, int batchSize, long runId) throws SQLException {
        return new IssueLog(BulkInsert.open(c, postgres, "import_issue", COLUMNS, batchSize), runId);
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
