package org.spedbridge.sped.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.spedbridge.sped.Issue;
import org.spedbridge.store.BulkInsert;

/** Streams a run's issues into import_issue (bulk) and counts them by kind. */
final class IssueLog implements AutoCloseable {

    private final Connection connection;
    private final boolean postgres;
    private final int batchSize;
    private BulkInsert sink;
    private final long runId;
    private int seq;
    private int errors;
    private int ignored;
    private int warnings;

    private static final List<BulkInsert.Column> COLUMNS = List.of(BulkInsert.Column.bigint("run_id"),
            BulkInsert.Column.integer("seq"), BulkInsert.Column.text("file_name"), BulkInsert.Column.integer("line_number"),
            BulkInsert.Column.text("ssid"), BulkInsert.Column.text("kind"), BulkInsert.Column.text("reason"));

    private IssueLog(Connection connection, boolean postgres, int batchSize, long runId) throws SQLException {
        this.connection = connection;
        this.postgres = postgres;
        this.batchSize = batchSize;
        this.runId = runId;
        this.sink = openSink();
    }

    private BulkInsert openSink() throws SQLException {
        return BulkInsert.open(connection, postgres, "import_issue", COLUMNS, batchSize);
    }

    /** A log writing into import_issue on {@code c} (autocommit: issues are kept as they come). */
    static IssueLog open(Connection c, boolean postgres, int batchSize, long runId) throws SQLException {
        return new IssueLog(c, postgres, batchSize, runId);
    }

    /** Where the log is now: {@link #rewind} forgets what is added after it. */
    record Mark(int seq, int errors, int ignored, int warnings) {
    }

    Mark mark() {
        return new Mark(seq, errors, ignored, warnings);
    }

    /** Forgets the issues added since {@code mark} (those written already are deleted) and goes on from there. */
    void rewind(Mark mark) throws SQLException {
        sink.close();
        RunCleanup.update(connection, "DELETE FROM import_issue WHERE run_id = ? AND seq > ?", runId, mark.seq());
        seq = mark.seq();
        errors = mark.errors();
        ignored = mark.ignored();
        warnings = mark.warnings();
        sink = openSink();
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
