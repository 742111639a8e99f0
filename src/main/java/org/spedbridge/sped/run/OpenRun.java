package org.spedbridge.sped.run;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.SourceFile;

/**
 * Stage "open": both files there and readable (else REFUSED), their SHA-256 and encoding (the facts the download
 * computed while it wrote the copies; files given by hand: one pass over each, both at once), runs a stopped
 * process left RUNNING recovered, the pair compared with the last
 * applied one (byte-identical: UNCHANGED, nothing re-applied; specs/sped-files.md rule 9), then the run
 * recorded RUNNING and its connections taken. Bound as {@code openRun}.
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
        String missing = missingFile(run.students(), "students") + missingFile(run.services(), "services");
        if (!missing.isEmpty()) {
            end.refusedBeforeReading(run, missing.strip());
            return;
        }
        try {
            // downloaded files: their facts were computed on the way (SftpSession); files given: read them now
            BackgroundTask<FileFacts> servicesScan = run.servicesFacts != null ? null
                    : new BackgroundTask<>("siras-import-scan", () -> FileFacts.scan(run.services().localPath()));
            try {
                if (run.studentsFacts == null) {
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
        String studentsSha = run.studentsFacts.sha256();
        String servicesSha = run.servicesFacts.sha256();
        try (Connection c = setup.database().connection()) {
            cleanup.recoverInterruptedRuns(c);
            Optional<ImportRuns.Applied> last = setup.runs().lastApplied(c);
            long runId = setup.runs().nextId(c);
            if (!setup.reapplyUnchanged() && last.isPresent() && studentsSha.equals(last.get().studentsSha())
                    && servicesSha.equals(last.get().servicesSha())) {
                unchanged(run, c, runId, last.get());
                return;
            }
            setup.runs().insert(c, runId, run.trigger(), ImportRuns.RUNNING, run.started(), run.students(),
                    studentsSha, run.services(), servicesSha);
            run.runId = runId;
        }
        LOG.info("SIRAS import run {} started ({}): students {} bytes, services {} bytes, checked in {} ms", run.runId,
                run.trigger(), run.studentsFacts.size(), run.servicesFacts.size(),
                Duration.between(run.started(), Instant.now()).toMillis());
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

    /** The same pair as the last applied run: recorded UNCHANGED, nothing re-applied. */
    private void unchanged(RunState run, Connection c, long runId, ImportRuns.Applied last) throws SQLException {
        String message = "The files were not refreshed since " + describe(last.finished()) + " (run " + last.id()
                + "): nothing was re-applied.";
        setup.runs().insert(c, runId, run.trigger(), ImportStatus.UNCHANGED.name(), run.started(), run.students(),
                run.studentsFacts.sha256(), run.services(), run.servicesFacts.sha256());
        Instant finished = Instant.now();
        setup.runs().finish(c, runId, ImportStatus.UNCHANGED, ImportCounts.NONE, message, finished);
        run.runId = runId;
        LOG.info("SIRAS import run {}: UNCHANGED, same files as run {}", runId, last.id());
        run.end(RunEnd.result(run, ImportStatus.UNCHANGED, message, finished, List.of()));
    }

    private String describe(Instant t) {
        return t == null ? "an earlier run"
                : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(t.atZone(setup.zone()));
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
