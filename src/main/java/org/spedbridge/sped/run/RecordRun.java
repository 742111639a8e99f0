package org.spedbridge.sped.run;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.ReportFiles;

/**
 * Stage "record": once {@link ApplyRecords} is done, the run's issues are complete (Special_Ed_Errors.csv),
 * its counts and status APPLIED go into import_run, and the run's one transaction COMMITs: the one moment
 * the run becomes current (on H2 written to the file at once, so that it survives a process killed right after).
 * After the commit the report's files are zipped when they are too large for the mail ({@link ReportFiles#forMail})
 * and the services the run superseded are removed; a process stopped before its report went out delivers it at
 * the next start ({@code mail.ReportDelivery}). A release (trigger release) marks its held run released, and every
 * older held run is superseded, in the same transaction. A dry run rolls back instead and ends "would be APPLIED".
 * Bound as {@code recordRun}.
 */
public final class RecordRun extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRun.class);

    private final RunCleanup cleanup;

    public RecordRun(RunSetup setup, RunEnd end, RunCleanup cleanup) {
        super(setup, end);
        this.cleanup = cleanup;
    }

    @Override
    protected void work(RunState run) throws SQLException, IOException {
        IssueLog issues = run.issues;
        issues.close(); // the last of them written while the records' side finishes
        run.issues = null;
        ReportFiles.Written students = run.applied.await();
        long t0 = System.nanoTime();
        Path dir = setup.runDir(run.runId);
        List<Path> files = new ArrayList<>(students.files());
        files.add(dir.resolve(ReportFiles.SERVICES_IMPORTED));
        files.add(dir.resolve(ReportFiles.SERVICES_UNMATCHED));
        files.add(ReportFiles.writeErrors(run.records, run.runId, dir));
        ImportCounts counts = counts(run, issues, students.notInFile());
        Instant finished = Instant.now();
        String message = "Imported " + counts.matched() + " of " + counts.rowsRead() + " student rows and "
                + counts.servicesImported() + " of " + counts.serviceRowsRead() + " service rows.";
        if (run.dryRun()) {
            run.records.rollback();
            message = "Dry run: nothing was written. It would have imported " + counts.matched() + " of "
                    + counts.rowsRead() + " student rows and " + counts.servicesImported() + " of "
                    + counts.serviceRowsRead() + " service rows.";
            LOG.info("SIRAS import run {}: dry run, would be APPLIED; rolled back: {}", run.runId, counts);
        } else {
            if (run.releasing() >= 0) {
                message += " Released held run " + run.releasing() + ".";
                setup.runs().released(run.records, run.releasing(), run.runId);
            }
            setup.runs().finish(run.records, run.runId, ImportStatus.APPLIED, counts, message, finished);
            setup.runs().supersedeHeld(run.records, run.runId);
            run.records.commit();
            run.committed = true;
            setup.database().writeCommittedToDisk(run.records); // H2: the applied run survives a process killed now
            FaultInjection.haltAfterCommitIfAsked(run.runId);
            LOG.info("SIRAS import run {} APPLIED ({} files in {}; errors file and commit {} ms): {}", run.runId,
                    files.size(), dir, ms(t0), counts);
        }
        run.end(new ImportResult(run.runId, ImportStatus.APPLIED, run.trigger(), message, run.started(), finished,
                run.students(), run.studentsFacts.sha256(), run.services(), run.servicesFacts.sha256(), counts,
                ReportFiles.forMail(files, run.runId, setup.maxAttachmentBytes())));
        if (run.committed) {
            cleanup.removeSuperseded(run.records, run.runId);
        }
    }

    /** The run's counts once its issues are complete and the records' side is done. */
    static ImportCounts counts(RunState run, IssueLog issues, int notInFile) {
        return new ImportCounts(run.rowsRead, run.matcher.count(Matcher.Outcome.MATCHED),
                run.matcher.count(Matcher.Outcome.UNMATCHED), run.matcher.count(Matcher.Outcome.DUPLICATE),
                issues.errors(), issues.ignored(), issues.warnings(), run.serviceRowsRead, run.servicesImported,
                run.servicesUnmatched, notInFile);
    }
}
