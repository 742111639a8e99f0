package org.spedbridge.sped.run;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportRefused;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.Issue;
import org.spedbridge.sped.ReportFiles;

/**
 * How a run ends when it is not applied: REFUSED (the files cannot be imported), UNCHANGED (the last applied pair),
 * HELD (the change hold) or FAILED (anything else).
 * What the run wrote is removed (its service rows, issues, staging and report files), the run is recorded
 * with the reason, and the run's result says it. Bound as {@code runEnd} (the route's last resort).
 */
public final class RunEnd {

    private static final Logger LOG = LoggerFactory.getLogger(RunEnd.class);

    private final RunSetup setup;
    private final RunCleanup cleanup;

    public RunEnd(RunSetup setup, RunCleanup cleanup) {
        this.setup = setup;
        this.cleanup = cleanup;
    }

    /** The files cannot be imported: nothing of the run stays but its record and the errors file. */
    void refused(RunState run, ImportRefused refused) {
        discard(run);
        Issue issue = new Issue(refused.fileName(), 0, null, Issue.Kind.ERROR, refused.getMessage());
        refuse(run, issue, refused.getMessage());
    }

    /** The files given are missing or unreadable: REFUSED before anything is read. */
    void refusedBeforeReading(RunState run, String reason) {
        Issue issue = new Issue(run.students() == null ? "students" : run.students().name(), 0, null,
                Issue.Kind.ERROR, reason);
        try (Connection c = setup.database().connection()) {
            run.runId = setup.runs().nextId(c);
            setup.runs().insert(c, run.runId, run.trigger(), ImportRuns.RUNNING, run.started(), run.students(), null,
                    run.services(), null);
        } catch (SQLException e) {
            failed(run, reason(e));
            return;
        }
        refuse(run, issue, reason);
    }

    private void refuse(RunState run, Issue issue, String reason) {
        Instant finished = Instant.now();
        List<Path> files = List.of();
        try (Connection c = setup.database().connection()) {
            recordArrived(c, run);
            setup.runs().issue(c, run.runId, 1, issue);
            setup.runs().finish(c, run.runId, ImportStatus.REFUSED, ImportCounts.NONE, reason, finished);
            files = List.of(ReportFiles.writeErrors(c, run.runId, setup.runDir(run.runId)));
        } catch (SQLException | IOException e) {
            LOG.error("SIRAS import run {}: the refusal could not be recorded: {}", run.runId, e.getMessage());
        }
        LOG.warn("SIRAS import run {} REFUSED: {}", run.runId, reason);
        run.end(result(run, ImportStatus.REFUSED, reason, finished, files));
    }

    /** Something else stopped the run: FAILED, the data as it was. */
    public void failed(RunState run, String reason) {
        if (run.runId < 0) {
            run.release();
            run.end(setup.runs().recordFailure(run.trigger(), reason, run.students(), run.services()));
            return;
        }
        endUnapplied(run, ImportStatus.FAILED, reason);
        LOG.warn("SIRAS import run {} FAILED: {}", run.runId, reason);
    }

    /**
     * The pair is the last applied one ({@link CheckUnchanged}): recorded UNCHANGED, and what the run wrote so far
     * (staging, issues, report files) removed; nothing of it is applied.
     */
    void unchanged(RunState run, String message) {
        endUnapplied(run, ImportStatus.UNCHANGED, message);
    }

    /** What the run wrote removed ({@link #discard}), the run recorded with this status and message, its result set. */
    private void endUnapplied(RunState run, ImportStatus status, String message) {
        discard(run);
        Instant finished = Instant.now();
        try (Connection c = setup.database().connection()) {
            recordArrived(c, run);
            setup.runs().finish(c, run.runId, status, ImportCounts.NONE, message, finished);
        } catch (SQLException e) {
            LOG.error("SIRAS import run {}: {} could not be recorded: {}", run.runId, status, e.getMessage());
        }
        run.end(result(run, status, message, finished, List.of()));
    }

    /**
     * The change hold stopped the run ({@link HoldCheck}): rolled back and its rows removed like a refusal, but
     * its report files {@code files} (who would lose what, the row issues) and its kept files stay; recorded
     * HELD with the counts it would have applied. Older held runs are superseded by it. A dry run records
     * nothing that stays ({@link RunCleanup#close}).
     */
    void held(RunState run, ImportCounts counts, String message, List<Path> files) {
        run.release();
        cleanup.removeUnapplied(run.runId);
        try {
            ReportFiles.deleteAllBut(setup.runDir(run.runId), ReportFiles.HELD);
        } catch (IOException e) {
            LOG.warn("SIRAS import run {}: its other report files could not be removed: {}", run.runId, e.getMessage());
        }
        Instant finished = Instant.now();
        try (Connection c = setup.database().connection()) {
            c.setAutoCommit(true);
            setup.runs().finish(c, run.runId, ImportStatus.HELD, counts, message, finished);
            if (!run.dryRun()) {
                setup.runs().supersedeHeld(c, run.runId);
            }
        } catch (SQLException e) {
            LOG.error("SIRAS import run {}: the hold could not be recorded: {}", run.runId, e.getMessage());
        }
        LOG.warn("SIRAS import run {} HELD{}: {}", run.runId, run.dryRun() ? " (dry run)" : "", message);
        run.end(new ImportResult(run.runId, ImportStatus.HELD, run.trigger(), message, run.started(), finished,
                run.students(), run.studentsFacts.sha256(), run.services(), run.servicesFacts.sha256(), counts, files));
    }

    /** A fetched run that ends before "files arrived": the files that did arrive recorded with their SHA-256. */
    private void recordArrived(Connection c, RunState run) throws SQLException {
        if (run.takeArrivedFacts()) {
            setup.runs().filesArrived(c, run.runId, run.students(),
                    run.studentsFacts == null ? null : run.studentsFacts.sha256(), run.services(),
                    run.servicesFacts == null ? null : run.servicesFacts.sha256());
        }
    }

    /** The route's last resort: a stage itself threw (it should end the run instead); a report still goes out. */
    public void unexpected(RunState run, Exception error) {
        LOG.error("SIRAS import: the import stopped unexpectedly", error);
        if (!run.ended()) {
            failed(run, reason(error));
        }
    }

    /** Removes what a run that will not be applied wrote: service rows, issues, staging, report files. */
    private void discard(RunState run) {
        run.release();
        cleanup.removeUnapplied(run.runId);
        try {
            ReportFiles.deleteAll(setup.runDir(run.runId));
        } catch (IOException e) {
            LOG.warn("SIRAS import run {}: its report files could not be removed: {}", run.runId, e.getMessage());
        }
    }

    static ImportResult result(RunState run, ImportStatus status, String message, Instant finished, List<Path> files) {
        return new ImportResult(run.runId, status, run.trigger(), message, run.started(), finished, run.students(),
                run.studentsFacts == null ? null : run.studentsFacts.sha256(), run.services(),
                run.servicesFacts == null ? null : run.servicesFacts.sha256(), ImportCounts.NONE, files);
    }

    /**
     * The FAILED message for what stopped a run: its cause named with what to do ({@link FailureCause}: the local
     * disk full or unwritable, the database), or, for anything else, that it stopped unexpectedly.
     */
    public String reason(Throwable error) {
        return FailureCause.of(error).map(cause -> cause.describe(error, setup.workDir()))
                .orElseGet(() -> unexpected(error));
    }

    static String unexpected(Throwable error) {
        return "The import stopped unexpectedly (" + (error == null ? "unknown error" : rootMessage(error))
                + "). Nothing was written; the log has the details, and the next run tries again.";
    }

    /** The innermost cause as "Type: message", for people (never holds a password: JSch does not print it). */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
