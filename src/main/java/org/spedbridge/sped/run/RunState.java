package org.spedbridge.sped.run;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.ChangeHold;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SourceFile;

/**
 * One import run, as it passes the stages of routes/siras-import.camel.yaml (it is the route's body):
 * who asked and when, the two files, the run's id once it is recorded, what it holds open while the
 * stages run (three connections, the issue log, the work on other threads), its counts, and at the end
 * its result. A stage that ends the run (UNCHANGED, REFUSED, FAILED) sets the result; the stages after it
 * pass the run on untouched ({@link Stage}).
 */
public final class RunState {

    private static final Logger LOG = LoggerFactory.getLogger(RunState.class);

    private final String trigger;
    private final Instant started = Instant.now();
    private final boolean filesGiven;
    private final Path spool;
    private SourceFile students;
    private SourceFile services;
    private String fetchProblem;
    /** The files while they arrive (fetch students, then fetch services, on a thread of their own). */
    private ArrivingFile studentsArrival;
    private ArrivingFile servicesArrival;
    private ImportResult result;
    private boolean dryRun;
    private long releasing = -1;
    /** What the fetch left running for the run (its SSH session, the services' download): closed when it lets go. */
    private final Deque<AutoCloseable> fetchHeld = new ArrayDeque<>();

    // from OpenRun on
    long runId = -1;
    /** The last applied run (OpenRun), whose pair an identical one is compared with (CheckUnchanged). */
    Optional<ImportRuns.Applied> lastApplied = Optional.empty();
    /** The files' facts: computed by their download (fetched), else by OpenRun reading the local copies. */
    FileFacts studentsFacts;
    FileFacts servicesFacts;
    /** Staging, services (autocommit); the issues (autocommit); the run's one transaction (sped_record, import_run). */
    Connection data;
    Connection issueConnection;
    Connection records;
    IssueLog issues;
    /** The run got past OpenRun (its staging is removed when it is over). */
    boolean opened;
    boolean committed;
    /** The students' keys (a new one when a first reading of the students file is forgotten). */
    Matcher matcher = new Matcher();
    /** The roster's keys, read while the students file is read; the records' side (ApplyRecords). */
    BackgroundTask<Matcher.Roster> roster;
    BackgroundTask<ReportFiles.Written> applied;
    /** The hold check's measure of the current (committed) data, taken on its own thread while the services are written. */
    BackgroundTask<HoldCheck.Current> current;
    /** This run's services per student it imports (student id -> count), counted as they are written. */
    final Map<Integer, int[]> servicesPerStudent = new HashMap<>();
    int rowsRead;
    int serviceRowsRead;
    int servicesImported;
    int servicesUnmatched;
    /** What the change hold measured (HoldCheck). */
    ChangeHold hold;

    private RunState(String trigger, boolean filesGiven, Path spool, SourceFile students, SourceFile services) {
        this.trigger = trigger == null || trigger.isBlank() ? "manual" : trigger;
        this.filesGiven = filesGiven;
        this.spool = spool;
        this.students = students;
        this.services = services;
    }

    /** A run whose files are fetched from SIRAS' SFTP server into {@code spool}. */
    public static RunState toFetch(String trigger, Path spool) {
        return new RunState(trigger, false, spool, null, null);
    }

    /** A run of two files given by hand (import-files, tests). */
    public static RunState ofFiles(ImportRequest request) {
        return new RunState(request.trigger(), true, null, request.students(), request.services());
    }

    public String trigger() {
        return trigger;
    }

    public Instant started() {
        return started;
    }

    /**
     * A dry run (import-now --dry-run, import-files --dry-run): every stage runs, the report is written, and the
     * database is left as it was (record rolls back; the run's rows are removed when it is closed).
     */
    public boolean dryRun() {
        return dryRun;
    }

    public RunState dryRun(boolean dry) {
        this.dryRun = dry;
        return this;
    }

    /** The held run whose kept files this run applies (trigger release), or -1. */
    public long releasing() {
        return releasing;
    }

    public RunState releasing(long heldRunId) {
        this.releasing = heldRunId;
        return this;
    }

    /** The files are still to come from SIRAS' SFTP server: not given by hand, and the run has not ended. */
    public boolean fetching() {
        return !filesGiven && !ended();
    }

    public Path spool() {
        return spool;
    }

    public SourceFile students() {
        return students;
    }

    public SourceFile services() {
        return services;
    }

    public long runId() {
        return runId;
    }

    /**
     * The files as fetched (either may be null: not on the server), each with the {@link FileFacts} its download
     * computed while it wrote the local copy (null: not known, "open" reads the copy to know them).
     */
    public void fetched(SourceFile studentsFile, FileFacts studentsDownloaded, SourceFile servicesFile,
            FileFacts servicesDownloaded) {
        this.students = studentsFile;
        this.services = servicesFile;
        this.studentsFacts = studentsFile == null ? null : studentsDownloaded;
        this.servicesFacts = servicesFile == null ? null : servicesDownloaded;
    }

    /**
     * The students file is still being downloaded (fetch students runs on its own thread while the run opens and
     * stages it): known so far by its name, size and time on the server; its copy and facts come with "files fetched".
     */
    public boolean studentsArriving() {
        return !filesGiven && (students == null || students.localPath() == null);
    }

    /** The same for the services file (fetched after the students file, while the students are staged and matched). */
    public boolean servicesArriving() {
        return !filesGiven && (services == null || services.localPath() == null);
    }

    /** Fetch students started the students file's download into {@code file}, which may be read as it arrives. */
    public void downloadingStudentsInto(ArrivingFile file) {
        this.studentsArrival = file;
    }

    /** Fetch services started the services file's download into {@code file}, which may be read as it arrives. */
    public void downloadingServicesInto(ArrivingFile file) {
        this.servicesArrival = file;
    }

    /**
     * A run that ends before "files fetched" takes the facts of the files that did arrive complete (for its record
     * and report); true when it took any.
     */
    boolean takeArrivedFacts() {
        boolean took = false;
        if (studentsFacts == null && studentsArrival != null && studentsArrival.factsIfComplete() != null) {
            studentsFacts = studentsArrival.factsIfComplete();
            took = true;
        }
        if (servicesFacts == null && servicesArrival != null && servicesArrival.factsIfComplete() != null) {
            servicesFacts = servicesArrival.factsIfComplete();
            took = true;
        }
        return took;
    }

    /** The students file as it arrives, until "files fetched" hands the complete file over; else null. */
    public ArrivingFile studentsArrival() {
        return studentsArriving() ? studentsArrival : null;
    }

    /** The services file as it arrives, until "files fetched" hands the complete file over; else null. */
    public ArrivingFile servicesArrival() {
        return servicesArriving() ? servicesArrival : null;
    }

    /**
     * The fetch hands the run what it leaves running (the SSH session, the services' download): the run closes each,
     * the last handed first, when it lets go ({@link #release}), however it ended.
     */
    public void holds(AutoCloseable fetchPart) {
        fetchHeld.push(fetchPart);
    }

    /** Why the fetch did not bring both files, complete (null when it did). */
    public String fetchProblem() {
        return fetchProblem;
    }

    public void fetchFailed(String why) {
        this.fetchProblem = why;
    }

    public boolean ended() {
        return result != null;
    }

    /** How the run ended (null while it goes on). */
    public ImportResult result() {
        return result;
    }

    void end(ImportResult how) {
        this.result = dryRun || hold != null ? new ImportResult(how.runId(), how.status(), how.trigger(), how.message(),
                how.started(), how.finished(), how.students(), how.studentsSha256(), how.services(),
                how.servicesSha256(), how.counts(), how.attachments(), dryRun, hold) : how;
    }

    /**
     * Lets go of what the run holds: ends what the fetch left running, waits for its other threads (never close a connection one still uses),
     * closes the issue log, rolls the run's transaction back unless it committed, closes the connections.
     * Safe to call more than once.
     */
    void release() {
        while (!fetchHeld.isEmpty()) {
            try {
                fetchHeld.pop().close();
            } catch (Exception e) {
                LOG.debug("SIRAS import run {}: ending the fetch: {}", runId, e.getMessage());
            }
        }
        BackgroundTask.finish(roster);
        BackgroundTask.finish(applied);
        BackgroundTask.finish(current);
        if (issues != null) {
            try {
                issues.close();
            } catch (SQLException e) {
                LOG.debug("SIRAS import run {}: issue log: {}", runId, e.getMessage());
            }
            issues = null;
        }
        if (records != null && !committed) {
            try {
                records.rollback();
            } catch (SQLException e) {
                LOG.warn("SIRAS import: rollback failed: {}", e.getMessage());
            }
        }
        for (Connection c : new Connection[] {data, issueConnection, records}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    LOG.debug("SIRAS import run {}: closing a connection: {}", runId, e.getMessage());
                }
            }
        }
        data = null;
        issueConnection = null;
        records = null;
    }
}
