package org.spedbridge.sped.run;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.SourceFile;

/**
 * Stage "open": both files there and readable (else REFUSED), their SHA-256 and encoding (the facts the download
 * computed while it wrote the copies; files given by hand: one pass over each, both at once), runs a stopped
 * process left RUNNING recovered, the last applied run looked up (the pair is compared with it once both files'
 * facts are known: {@link CheckUnchanged}), then the run recorded RUNNING and its connections taken. A fetched
 * run's files are still arriving ({@link RunState#studentsArriving()}): they are recorded by their names, sizes and
 * times on the server, and checked when they have arrived ({@link FilesArrived}). Bound as {@code openRun}.
 */
public final class OpenRun extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(OpenRun.class);

    private final RunCleanup cleanup;

    public OpenRun(RunSetup setup, RunEnd end, RunCleanup cleanup) {
        super(setup, end);
        this.cleanup = cleanup;
    }

    @Override
    protected void work(RunState run) throws SQLException {
        boolean studentsArriving = run.studentsArriving();
        boolean servicesArriving = run.servicesArriving();
        String missing = (studentsArriving ? "" : missingFile(run.students(), "students"))
                + (servicesArriving ? "" : missingFile(run.services(), "services"));
        if (!missing.isEmpty()) {
            end.refusedBeforeReading(run, missing.strip());
            return;
        }
        try {
            // downloaded files: their facts were computed on the way (SftpSession); files given: read them now
            BackgroundTask<FileFacts> servicesScan = run.servicesFacts != null || servicesArriving ? null
                    : new BackgroundTask<>("siras-import-scan", () -> FileFacts.scan(run.services().localPath()));
            try {
                if (run.studentsFacts == null && !studentsArriving) {
                    run.studentsFacts = FileFacts.scan(run.students().localPath());
                }
            } finally {
                BackgroundTask.finish(servicesScan);
            }
            if (servicesScan != null) {
                run.servicesFacts = servicesScan.await();
            }
        } catch (IOException e) {
            end.failed(run, "The files could not be read from " + run.students().localPath().getParent() + ": "
                    + e.getMessage() + ". Check the disk and the work folder, then run the import again.");
            return;
        }
        try (Connection c = setup.database().connection()) {
            cleanup.recoverInterruptedRuns(c);
            run.lastApplied = setup.runs().lastApplied(c);
            long runId = setup.runs().nextId(c);
            setup.runs().insert(c, runId, run.trigger(), ImportRuns.RUNNING, run.started(), run.students(),
                    run.studentsFacts == null ? null : run.studentsFacts.sha256(), run.services(),
                    run.servicesFacts == null ? null : run.servicesFacts.sha256());
            run.runId = runId;
        }
        LOG.info("SIRAS import run {} started ({}): students {} bytes, services {} bytes{}, checked in {} ms",
                run.runId, run.trigger(), run.students().size(), run.services().size(),
                servicesArriving ? " (arriving)" : "", Duration.between(run.started(), Instant.now()).toMillis());
        // Staging rows, issues and the run's service rows are committed as they go (a big uncommitted transaction
        // is slow on H2); they change nothing current, and a run that is not applied deletes them again. The run
        // becomes current in one transaction on `records` (ApplyRecords, RecordRun).
        run.data = setup.database().connection();
        run.data.setAutoCommit(true);
        run.issueConnection = setup.database().connection();
        run.issueConnection.setAutoCommit(true);
        run.records = setup.database().connection();
        run.records.setAutoCommit(false);
        run.issues = IssueLog.open(run.issueConnection, setup.postgres(), setup.batchSize(), run.runId);
        run.opened = true;
    }

    private static String missingFile(SourceFile f, String which) {
        if (f == null || f.localPath() == null) {
            return "The " + which + " file was not given; both files are needed. ";
        }
        if (!Files.isRegularFile(f.localPath()) || !Files.isReadable(f.localPath())) {
            return "The " + which + " file " + f.localPath() + " does not exist or cannot be read; both files are needed. ";
        }
        return "";
    }
}
