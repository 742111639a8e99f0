package org.spedbridge.sped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;

/**
 * The SIRAS import engine: two local files in, committed special-education data and the report's
 * CSV attachments out (specs/sped-files.md). The steps, each a small class:
 * {@link FileFacts} (SHA-256, encoding) → stale-pair gate → {@link SpedCsvReader} + {@link RowValidator}
 * → students: {@link BulkInsert} into sped_stage_student, each row matched while it is read against the
 * roster's keys ({@link RosterKeys}: SSID, then local ID), duplicates and outcomes into sped_stage_match
 * → then two things at once, on two connections: the services are written once, straight into sped_service
 * tagged with the run, and into the two services report files, while the services file is read; and the
 * records' side (mergeAndReport, a {@link BackgroundTask}) merges sped_record (whose services_run_id makes
 * the run's services current) and writes the students report files ({@link ReportFiles}) in the run's
 * transaction
 * → import_run / import_issue ({@link ImportRuns}) and the COMMIT of that transaction → after the commit,
 * the superseded services and the staging rows are removed.
 *
 * <p>All or nothing: until the apply commits, the run's sped_service rows are not current for anyone
 * (view sped_service_current); a refused or failed run deletes them, and a run left RUNNING by a process
 * that died is marked FAILED and cleaned up by the next run ({@code siras.import.stale-run-hours}).
 *
 * <p>Logs carry run ids, row counts and timings only, never a student's name.
 */
public final class SirasImporter {

    private static final Logger LOG = LoggerFactory.getLogger(SirasImporter.class);

    static final String INTERRUPTED = "interrupted: the process stopped during this run; nothing of it was applied";
    private static final String NOT_IN_STUDENTS_FILE = "the student is not in the students file";
    private static final Map<String, String> SERVICE_REASONS = Map.of(
            "UNMATCHED", "the student's row matched no student in the SIS",
            "DUPLICATE", "the student's SSID or local ID occurs more than once in the students file",
            "ERROR", "the student's row has errors",
            "IGNORED", "the student's row was ignored (Transaction Type)");

    private final Database database;
    private final Settings settings;
    private final ImportRuns runs;
    private final HeaderAliases aliases;
    private final int batchSize;
    private final Path workDir;
    private final boolean reapplyUnchanged;
    private final ZoneId zone;
    private final long staleRunHours;
    private final long maxAttachmentBytes;

    public SirasImporter(Database database, Settings settings) {
        this.database = database;
        this.settings = settings;
        this.runs = new ImportRuns(database.isPostgres());
        String extra = settings.get("siras.import.header-aliases-file");
        this.aliases = HeaderAliases.load(extra.isEmpty() ? null : Path.of(extra));
        this.batchSize = settings.getInt("siras.import.batch-size", 2000);
        this.workDir = Path.of(settings.get("siras.import.work-dir", "data/runs"));
        this.reapplyUnchanged = settings.getBoolean("siras.import.reapply-unchanged", false);
        this.zone = ZoneId.of(settings.get("district.time-zone", "America/Los_Angeles"));
        this.staleRunHours = settings.getInt("siras.import.stale-run-hours", 6);
        this.maxAttachmentBytes = settings.getInt("report.mail.max-attachments-mb", 15) * 1024L * 1024L;
    }

    // ------------------------------------------------------------------------------------------ API

    /** Imports a pair. Never throws for bad input (REFUSED); database or disk trouble gives FAILED (recorded). */
    public synchronized ImportResult importFiles(ImportRequest request) {
        Instant started = Instant.now();
        String trigger = request.trigger() == null || request.trigger().isBlank() ? "manual" : request.trigger();
        SourceFile students = request.students();
        SourceFile services = request.services();
        String missing = missingFile(students, "students") + missingFile(services, "services");
        if (!missing.isEmpty()) {
            return refuseBeforeReading(trigger, started, students, services, missing.strip());
        }
        FileFacts a;
        FileFacts b;
        try {
            BackgroundTask<FileFacts> servicesScan = new BackgroundTask<>("siras-import-scan",
                    () -> FileFacts.scan(services.localPath()));
            try {
                a = FileFacts.scan(students.localPath());
            } finally {
                BackgroundTask.finish(servicesScan);
            }
            b = servicesScan.await();
        } catch (IOException | SQLException e) {
            return recordFailure(trigger, "The files could not be read from " + students.localPath().getParent()
                    + ": " + e.getMessage() + ". Check the disk and the work folder, then run the import again.",
                    students, services);
        }
        long runId;
        try (Connection c = database.connection()) {
            recoverInterruptedRuns(c);
            Optional<ImportRuns.Applied> last = runs.lastApplied(c);
            runId = runs.nextId(c);
            if (!reapplyUnchanged && last.isPresent() && a.sha256().equals(last.get().studentsSha())
                    && b.sha256().equals(last.get().servicesSha())) {
                String message = "The files were not refreshed since " + describe(last.get().finished())
                        + " (run " + last.get().id() + "): nothing was re-applied.";
                runs.insert(c, runId, trigger, ImportStatus.UNCHANGED.name(), started, students, a.sha256(), services,
                        b.sha256());
                Instant finished = Instant.now();
                runs.finish(c, runId, ImportStatus.UNCHANGED, ImportCounts.NONE, message, finished);
                LOG.info("SIRAS import run {}: UNCHANGED, same files as run {}", runId, last.get().id());
                return new ImportResult(runId, ImportStatus.UNCHANGED, trigger, message, started, finished, students,
                        a.sha256(), services, b.sha256(), ImportCounts.NONE, List.of());
            }
            runs.insert(c, runId, trigger, ImportRuns.RUNNING, started, students, a.sha256(), services, b.sha256());
        } catch (SQLException e) {
            return recordFailure(trigger, databaseTrouble(e), students, services);
        }
        LOG.info("SIRAS import run {} started ({}): students {} bytes, services {} bytes, checked in {} ms", runId,
                trigger, a.size(), b.size(), Duration.between(started, Instant.now()).toMillis());
        Run run = new Run(runId, trigger, started, students, a, services, b);
        try {
            return run.execute();
        } finally {
            removeStaging(runId);
        }
    }

    /** Records a run that failed before the files could be imported (SFTP unreachable, host key, file missing). */
    public ImportResult recordFailure(String trigger, String reason, SourceFile studentsOrNull,
            SourceFile servicesOrNull) {
        Instant started = Instant.now();
        long runId = -1;
        try (Connection c = database.connection()) {
            runId = runs.nextId(c);
            runs.insert(c, runId, trigger, ImportStatus.FAILED.name(), started, studentsOrNull, null, servicesOrNull,
                    null);
            runs.finish(c, runId, ImportStatus.FAILED, ImportCounts.NONE, reason, Instant.now());
        } catch (SQLException e) {
            LOG.error("SIRAS import: the failed run could not be recorded either: {}", e.getMessage());
        }
        LOG.warn("SIRAS import run {} FAILED: {}", runId, reason);
        return new ImportResult(runId, ImportStatus.FAILED, trigger, reason, started, Instant.now(), studentsOrNull,
                null, servicesOrNull, null, ImportCounts.NONE, List.of());
    }

    /** The most recent finished run, if any (JMX, health); attachments are those still on disk. */
    public Optional<ImportResult> lastRun() {
        try (Connection c = database.connection()) {
            return runs.last(c).map(r -> new ImportResult(r.runId(), r.status(), r.trigger(), r.message(), r.started(),
                    r.finished(), r.students(), r.studentsSha256(), r.services(), r.servicesSha256(), r.counts(),
                    ReportFiles.onDisk(runDir(r.runId()), r.runId())));
        } catch (SQLException e) {
            LOG.warn("SIRAS import: cannot read the last run: {}", e.getMessage());
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------ one run

    /** One run from staging to its record. */
    private final class Run {
        final long runId;
        final String trigger;
        final Instant started;
        final SourceFile students;
        final FileFacts studentsFacts;
        final SourceFile services;
        final FileFacts servicesFacts;
        final boolean pg = database.isPostgres();
        /** SSID / local ID of a students-file row -> the roster student_id it imported, or why it did not. */
        final Map<String, Object> bySsid = new HashMap<>();
        final Map<String, Object> byLocalId = new HashMap<>();
        /** The accepted students-file rows in file order. */
        final List<Staged> staged = new ArrayList<>();
        /** SSID / local ID of an accepted row -> its first line; lines whose key occurs again are duplicates. */
        final Map<String, Integer> firstLineOfSsid = new HashMap<>();
        final Map<String, Integer> firstLineOfLocalId = new HashMap<>();
        final java.util.Set<Integer> duplicateLines = new java.util.HashSet<>();
        int rowsRead;
        int serviceRowsRead;
        int servicesImported;
        int servicesUnmatched;
        int errors;
        int ignored;
        int warnings;
        final Map<String, Integer> outcomes = new HashMap<>();

        Run(long runId, String trigger, Instant started, SourceFile students, FileFacts studentsFacts,
                SourceFile services, FileFacts servicesFacts) {
            this.runId = runId;
            this.trigger = trigger;
            this.started = started;
            this.students = students;
            this.studentsFacts = studentsFacts;
            this.services = services;
            this.servicesFacts = servicesFacts;
        }

        ImportResult execute() {
            try (Connection data = database.connection(); Connection issues = database.connection();
                 Connection records = database.connection()) {
                // Staging rows, issues and the run's service rows are committed as they go (a big uncommitted
                // transaction is slow on H2); they change nothing current, and a refused or failed run deletes
                // them again. The run becomes current in one transaction on `records`: sped_record is merged
                // there (on its own thread while the services are written), then the run is recorded and committed.
                data.setAutoCommit(true);
                issues.setAutoCommit(true);
                records.setAutoCommit(false);
                BackgroundTask<ReportFiles.Written> recordsSide = null;
                try {
                    try (IssueLog log = new IssueLog(BulkInsert.open(issues, pg, StagingTables.ISSUE_TABLE,
                            StagingTables.ISSUE_COLUMNS, batchSize), runId)) {
                        stageAndMatch(data, log);
                        recordsSide = new BackgroundTask<>("siras-import-records-" + runId,
                                () -> mergeAndReport(records));
                        writeServices(data, log);
                        errors = log.errors();
                        ignored = log.ignored();
                        warnings = log.warnings();
                    }
                    return apply(records, recordsSide.await());
                } catch (ImportRefused refused) {
                    BackgroundTask.finish(recordsSide);
                    rollback(records);
                    discardUnapplied();
                    return refuse(refused);
                } finally {
                    BackgroundTask.finish(recordsSide); // never close a connection the records' thread still uses
                }
            } catch (SQLException e) {
                discardUnapplied();
                return fail(databaseTrouble(e));
            } catch (IOException | RuntimeException e) {
                LOG.error("SIRAS import run {} failed", runId, e);
                discardUnapplied();
                return fail("The import stopped: " + e + ". Nothing was changed. Check the log of run " + runId
                        + " and the work folder " + runDir(runId) + ", then run the import again.");
            }
        }

        /** Removes what a run that will not be applied wrote: service rows, report files, issues, staging. */
        void discardUnapplied() {
            removeUnapplied(runId);
            try {
                ReportFiles.deleteAll(runDir(runId));
            } catch (IOException e) {
                LOG.warn("SIRAS import run {}: its report files could not be removed: {}", runId, e.getMessage());
            }
        }

        // ---------------------------------------------------------------- read, validate, stage, match

        /** Stages the students file and matches its rows to the roster; then the student keys for the services. */
        void stageAndMatch(Connection data, IssueLog issues) throws SQLException, IOException, ImportRefused {
            long t0 = System.nanoTime();
            // the roster's keys are read on another connection while the students file is read
            BackgroundTask<RosterKeys> roster = new BackgroundTask<>("siras-import-roster-" + runId, () -> {
                try (Connection c = database.connection()) {
                    return RosterKeys.read(c);
                }
            });
            try {
                stageStudents(data, issues);
            } finally {
                BackgroundTask.finish(roster);
            }
            LOG.info("SIRAS import run {} stage students: {} rows in {} ms", runId, rowsRead, ms(t0));
            t0 = System.nanoTime();
            RosterKeys keys = roster.await();
            match(data, keys);
            LOG.info("SIRAS import run {} match against {} roster students: {} in {} ms", runId,
                    keys.sortedIds().length, outcomes, ms(t0));
        }

        /**
         * The records' half of the apply, started once the students are matched: MERGE sped_record and write
         * the four students files on connection {@code records}, on a thread of its own while the services
         * are written on another connection. Not committed here: the run's transaction commits in
         * {@link #apply} once the services are all written.
         */
        ReportFiles.Written mergeAndReport(Connection records) throws SQLException, IOException {
            long t0 = System.nanoTime();
            // fresh statistics for the just-filled staging tables, so the planner uses their indexes; of the
            // students' 33 columns only the join key (all of them: 630 ms instead of 90 on PostgreSQL)
            analyze(records, StagingTables.STUDENT_TABLE, "run_id, line_number");
            analyze(records, StagingTables.MATCH_TABLE, null);
            int merged = mergeRecords(records, Timestamp.from(Instant.now()));
            LOG.info("SIRAS import run {} records: {} merged (their services now those of this run once it"
                    + " commits) in {} ms", runId, merged, ms(t0));
            t0 = System.nanoTime();
            ReportFiles.Written written = ReportFiles.writeStudents(records, runId, runDir(runId));
            LOG.info("SIRAS import run {} students files written in {} ms", runId, ms(t0));
            return written;
        }

        void stageStudents(Connection data, IssueLog issues) throws SQLException, IOException, ImportRefused {
            String name = students.name();
            try (SpedCsvReader reader = SpedCsvReader.open(students.localPath(), name, SpedFile.STUDENTS,
                    studentsFacts, aliases)) {
                if (!reader.has("ssid") && !reader.has("local_student_id")) {
                    throw new ImportRefused(name, "The students file " + name + " has neither an SSID nor a Local"
                            + " Student ID column, so no row can be matched. Nothing was imported. Check the header"
                            + " line (or add the column's name to the header aliases), then run the import again.");
                }
                headerWarnings(reader, name, issues);
                boolean tx = reader.has("transaction_type");
                try (BulkInsert stage = BulkInsert.open(data, pg, StagingTables.STUDENT_TABLE,
                        StagingTables.STUDENT_COLUMNS, batchSize)) {
                    SpedCsvReader.Row row;
                    while ((row = reader.next()) != null) {
                        rowsRead++;
                        RowValidator.Verdict v = RowValidator.student(row, tx);
                        for (String w : v.warnings()) {
                            issues.add(new Issue(name, row.line(), v.ssid(), Issue.Kind.WARNING, w));
                        }
                        if (v.accepted()) {
                            int line = (int) row.line();
                            stage.add(prepend(v.values(), runId, line));
                            staged.add(new Staged(line, v.ssid(), v.localId(), (Integer) v.values()[2]));
                            countKey(firstLineOfSsid, v.ssid(), line);
                            countKey(firstLineOfLocalId, v.localId(), line);
                        } else {
                            issues.add(new Issue(name, row.line(), v.ssid(), v.rejectedAs(), v.reason()));
                            rememberKey(v, v.rejectedAs().name());
                        }
                    }
                }
            }
        }

        /** Fresh statistics for a just-filled staging table (on PostgreSQL only {@code columns} when given). */
        void analyze(Connection c, String table, String columns) throws SQLException {
            update(c, pg ? "ANALYZE " + table + (columns == null ? "" : " (" + columns + ")") : "ANALYZE TABLE " + table);
        }

        void rememberKey(RowValidator.Verdict v, String why) {
            if (v.ssid() != null) {
                bySsid.putIfAbsent(v.ssid(), why);
            }
            if (v.localId() != null) {
                byLocalId.putIfAbsent(v.localId(), why);
            }
        }

        /** Notes a line's SSID or local ID; a second line with the same one makes both duplicates. */
        void countKey(Map<String, Integer> firstLines, String key, int line) {
            if (key != null) {
                Integer first = firstLines.putIfAbsent(key, line);
                if (first != null) {
                    duplicateLines.add(first);
                    duplicateLines.add(line);
                }
            }
        }

        /**
         * The outcome of every accepted students-file row (each was matched while it was read, SSID first,
         * then local ID): DUPLICATE when its SSID or local ID occurs on another line or another line matched
         * the same roster student, else MATCHED or UNMATCHED. Written to sped_stage_match in one bulk insert,
         * and kept for the services by SSID and local ID.
         */
        void match(Connection c, RosterKeys roster) throws SQLException {
            Integer[] matched = new Integer[staged.size()];
            Map<Integer, Integer> linesOfStudent = new HashMap<>();
            for (int i = 0; i < matched.length; i++) {
                Staged row = staged.get(i);
                matched[i] = roster.match(row.ssid(), row.localIdNumber());
                if (matched[i] != null) {
                    linesOfStudent.merge(matched[i], 1, Integer::sum);
                }
            }
            try (BulkInsert out = BulkInsert.open(c, pg, StagingTables.MATCH_TABLE, StagingTables.MATCH_COLUMNS,
                    batchSize)) {
                for (int i = 0; i < matched.length; i++) {
                    Staged row = staged.get(i);
                    Integer studentId = matched[i];
                    String outcome = duplicateLines.contains(row.line())
                            || (studentId != null && linesOfStudent.get(studentId) > 1) ? "DUPLICATE"
                            : studentId != null ? "MATCHED" : "UNMATCHED";
                    out.add(runId, row.line(), studentId, outcome);
                    outcomes.merge(outcome, 1, Integer::sum);
                    Object value = "MATCHED".equals(outcome) ? studentId : outcome;
                    if (row.ssid() != null) {
                        bySsid.put(row.ssid(), value);
                    }
                    if (row.localId() != null) {
                        byLocalId.put(row.localId(), value);
                    }
                }
            }
        }

        /**
         * Streams the services file: each row of a student imported in this run goes straight into sped_service
         * (tagged with the run, so not current until the apply commits) and into the imported services file;
         * every other accepted row into the unmatched services file with the reason.
         */
        void writeServices(Connection data, IssueLog issues) throws SQLException, IOException, ImportRefused {
            String name = services.name();
            long t0 = System.nanoTime();
            try (SpedCsvReader reader = SpedCsvReader.open(services.localPath(), name, SpedFile.SERVICES,
                    servicesFacts, aliases)) {
                if (!reader.has("ssid") && !reader.has("local_student_id")) {
                    throw new ImportRefused(name, "The services file " + name + " has neither an SSID nor a Local"
                            + " Student ID column, so no service can be given to a student. Nothing was imported."
                            + " Check the header line (or add the column's name to the header aliases), then run"
                            + " the import again.");
                }
                headerWarnings(reader, name, issues);
                boolean tx = reader.has("transaction_type");
                try (BulkInsert sink = BulkInsert.open(data, pg, StagingTables.SERVICE_TABLE,
                        StagingTables.SERVICE_COLUMNS, batchSize);
                     ReportFiles.ServiceLists lists = new ReportFiles.ServiceLists(runDir(runId))) {
                    SpedCsvReader.Row row;
                    while ((row = reader.next()) != null) {
                        serviceRowsRead++;
                        RowValidator.Verdict v = RowValidator.service(row, tx);
                        for (String w : v.warnings()) {
                            issues.add(new Issue(name, row.line(), v.ssid(), Issue.Kind.WARNING, w));
                        }
                        if (!v.accepted()) {
                            issues.add(new Issue(name, row.line(), v.ssid(), v.rejectedAs(), v.reason()));
                            continue;
                        }
                        Object student = v.ssid() == null ? null : bySsid.get(v.ssid());
                        if (student == null && v.localId() != null) {
                            student = byLocalId.get(v.localId());
                        }
                        Object[] values = v.values();
                        String serviceCode = (String) values[3];
                        if (student instanceof Integer studentId) {
                            servicesImported++;
                            sink.add(StagingTables.serviceRow(runId, studentId, (int) row.line(), values));
                            lists.imported(row.line(), v.ssid(), studentId, serviceCode);
                        } else {
                            servicesUnmatched++;
                            lists.unmatched(row.line(), v.ssid(), v.localId(), serviceCode,
                                    student == null ? NOT_IN_STUDENTS_FILE : SERVICE_REASONS.get((String) student));
                        }
                    }
                }
            }
            LOG.info("SIRAS import run {} write services: {} rows ({} written to sped_service, {} unmatched) in {} ms",
                    runId, serviceRowsRead, servicesImported, servicesUnmatched, ms(t0));
        }

        void headerWarnings(SpedCsvReader reader, String name, IssueLog issues) throws SQLException {
            for (String w : reader.headerWarnings()) {
                issues.add(new Issue(name, 1, null, Issue.Kind.WARNING, w));
            }
        }

        // ---------------------------------------------------------------- apply, report, record

        /** Records the run on the records' connection and commits: the one moment the run becomes current. */
        ImportResult apply(Connection c, ReportFiles.Written studentsReport) throws SQLException, IOException {
            long t0 = System.nanoTime();
            ImportResult result;
            try {
                Path dir = runDir(runId);
                List<Path> files = new ArrayList<>(studentsReport.files());
                files.add(dir.resolve(ReportFiles.SERVICES_IMPORTED));
                files.add(dir.resolve(ReportFiles.SERVICES_UNMATCHED));
                files.add(ReportFiles.writeErrors(c, runId, dir));
                ImportCounts counts = counts(studentsReport.notInFile());
                Instant finished = Instant.now();
                String message = "Imported " + counts.matched() + " of " + counts.rowsRead() + " student rows and "
                        + counts.servicesImported() + " of " + counts.serviceRowsRead() + " service rows.";
                runs.finish(c, runId, ImportStatus.APPLIED, counts, message, finished);
                c.commit();
                LOG.info("SIRAS import run {} APPLIED ({} files in {}; errors file and commit {} ms): {}", runId,
                        files.size(), dir, ms(t0), counts);
                result = new ImportResult(runId, ImportStatus.APPLIED, trigger, message, started, finished, students,
                        studentsFacts.sha256(), services, servicesFacts.sha256(), counts,
                        ReportFiles.forMail(files, runId, maxAttachmentBytes));
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(c);
                throw e;
            }
            removeSuperseded(c);
            return result;
        }

        /**
         * After the commit: the services that this run's students had before (older runs, or 0) are no longer
         * current; delete them. Failing here changes nothing visible (the next run of those students retries).
         */
        void removeSuperseded(Connection c) {
            long t0 = System.nanoTime();
            try {
                c.setAutoCommit(true);
                int deleted = update(c, "DELETE FROM sped_service sv WHERE sv.last_import_run_id < ? AND EXISTS"
                        + " (SELECT 1 FROM sped_record r WHERE r.student_id = sv.student_id AND r.services_run_id = ?)",
                        runId, runId);
                LOG.info("SIRAS import run {} cleanup: {} superseded services removed in {} ms", runId, deleted, ms(t0));
            } catch (SQLException e) {
                LOG.warn("SIRAS import run {}: superseded services could not be removed (they are not current;"
                        + " the next run of these students removes them): {}", runId, e.getMessage());
            }
        }

        int mergeRecords(Connection c, Timestamp now) throws SQLException {
            List<String> fields = StagingTables.RECORD_FIELDS;
            StringBuilder sql = new StringBuilder("MERGE INTO sped_record t USING (SELECT st.*, m.student_id"
                    + " FROM sped_stage_student st JOIN sped_stage_match m ON m.run_id = st.run_id"
                    + " AND m.line_number = st.line_number WHERE st.run_id = ? AND m.outcome = 'MATCHED') s"
                    + " ON (t.student_id = s.student_id)"
                    + " WHEN MATCHED THEN UPDATE SET state_student_id = COALESCE(s.ssid, t.state_student_id)");
            for (String f : fields) {
                sql.append(", ").append(f).append(" = s.").append(f);
            }
            sql.append(", last_import_run_id = ?, services_run_id = ?, updated_at = ? WHEN NOT MATCHED THEN INSERT"
                    + " (student_id, state_student_id, ").append(String.join(", ", fields))
                    .append(", last_import_run_id, services_run_id, updated_at) VALUES (s.student_id, s.ssid");
            for (String f : fields) {
                sql.append(", s.").append(f);
            }
            sql.append(", ?, ?, ?)");
            return update(c, sql.toString(), runId, runId, runId, now, runId, runId, now);
        }

        ImportCounts counts(int notInFile) {
            return new ImportCounts(rowsRead, outcomes.getOrDefault("MATCHED", 0),
                    outcomes.getOrDefault("UNMATCHED", 0), outcomes.getOrDefault("DUPLICATE", 0), errors, ignored,
                    warnings, serviceRowsRead, servicesImported, servicesUnmatched, notInFile);
        }

        ImportResult refuse(ImportRefused refused) {
            Instant finished = Instant.now();
            List<Path> files = List.of();
            try (Connection c = database.connection()) {
                runs.issue(c, runId, 1, new Issue(refused.fileName(), 0, null, Issue.Kind.ERROR, refused.getMessage()));
                runs.finish(c, runId, ImportStatus.REFUSED, ImportCounts.NONE, refused.getMessage(), finished);
                files = List.of(ReportFiles.writeErrors(c, runId, runDir(runId)));
            } catch (SQLException | IOException e) {
                LOG.error("SIRAS import run {}: the refusal could not be recorded: {}", runId, e.getMessage());
            }
            LOG.warn("SIRAS import run {} REFUSED: {}", runId, refused.getMessage());
            return new ImportResult(runId, ImportStatus.REFUSED, trigger, refused.getMessage(), started, finished,
                    students, studentsFacts.sha256(), services, servicesFacts.sha256(), ImportCounts.NONE, files);
        }

        ImportResult fail(String reason) {
            Instant finished = Instant.now();
            try (Connection c = database.connection()) {
                runs.finish(c, runId, ImportStatus.FAILED, ImportCounts.NONE, reason, finished);
            } catch (SQLException e) {
                LOG.error("SIRAS import run {}: the failure could not be recorded: {}", runId, e.getMessage());
            }
            LOG.warn("SIRAS import run {} FAILED: {}", runId, reason);
            return new ImportResult(runId, ImportStatus.FAILED, trigger, reason, started, finished, students,
                    studentsFacts.sha256(), services, servicesFacts.sha256(), ImportCounts.NONE, List.of());
        }
    }

    /** An accepted students-file row: its line and its keys (the local ID as a number when it is one). */
    record Staged(int line, String ssid, String localId, Integer localIdNumber) {
    }

    // ------------------------------------------------------------------------------------------ helpers

    private ImportResult refuseBeforeReading(String trigger, Instant started, SourceFile students, SourceFile services,
            String reason) {
        try (Connection c = database.connection()) {
            long runId = runs.nextId(c);
            runs.insert(c, runId, trigger, ImportRuns.RUNNING, started, students, null, services, null);
            runs.issue(c, runId, 1, new Issue(students == null ? "students" : students.name(), 0, null,
                    Issue.Kind.ERROR, reason));
            Instant finished = Instant.now();
            runs.finish(c, runId, ImportStatus.REFUSED, ImportCounts.NONE, reason, finished);
            Path errors = ReportFiles.writeErrors(c, runId, runDir(runId));
            LOG.warn("SIRAS import run {} REFUSED: {}", runId, reason);
            return new ImportResult(runId, ImportStatus.REFUSED, trigger, reason, started, finished, students, null,
                    services, null, ImportCounts.NONE, List.of(errors));
        } catch (SQLException e) {
            return recordFailure(trigger, databaseTrouble(e), students, services);
        } catch (IOException e) {
            return recordFailure(trigger, "The report could not be written to " + workDir + ": " + e.getMessage(),
                    students, services);
        }
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

    /** Deletes everything a run that was not applied left in the database: service rows, issues, staging. */
    private void removeUnapplied(long runId) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            update(c, "DELETE FROM sped_service WHERE last_import_run_id = ?", runId);
            update(c, "DELETE FROM import_issue WHERE run_id = ?", runId);
        } catch (SQLException e) {
            LOG.warn("SIRAS import run {}: its unapplied service rows could not be removed (they are not current;"
                    + " the next run removes them): {}", runId, e.getMessage());
        }
        removeStaging(runId);
    }

    /**
     * Runs left RUNNING by a process that stopped (started more than siras.import.stale-run-hours ago) are
     * marked FAILED; then the service rows and staging of every run that was never applied are removed.
     */
    private void recoverInterruptedRuns(Connection c) throws SQLException {
        Timestamp before = Timestamp.from(Instant.now().minus(Duration.ofHours(staleRunHours)));
        List<Long> interrupted = ids(c, "SELECT id FROM import_run WHERE status = 'RUNNING' AND started_at < ?", before);
        for (long id : interrupted) {
            update(c, "UPDATE import_run SET status = 'FAILED', finished_at = ?, message = ? WHERE id = ?"
                    + " AND status = 'RUNNING'", Timestamp.from(Instant.now()), INTERRUPTED, id);
            LOG.warn("SIRAS import run {} was left RUNNING since before {}: marked FAILED ({})", id, before, INTERRUPTED);
        }
        // cheap: sped_service's primary key starts with the run; runs that were not applied normally left nothing
        for (long id : ids(c, "SELECT r.id FROM import_run r WHERE r.status IN ('FAILED', 'REFUSED') AND EXISTS"
                + " (SELECT 1 FROM sped_service sv WHERE sv.last_import_run_id = r.id)")) {
            int n = update(c, "DELETE FROM sped_service WHERE last_import_run_id = ?", id);
            LOG.info("SIRAS import: removed {} service rows of run {}, which was not applied", n, id);
        }
        for (long id : interrupted) {
            removeStaging(id);
        }
    }

    private static List<Long> ids(Connection c, String sql, Object... params) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /**
     * Removes a run's staging rows (every run, applied or not, once it is over). When no other run is in
     * progress the staging tables are emptied with TRUNCATE: deleting 100,000 rows one by one takes seconds
     * on H2. Runs of one process never overlap (importFiles is synchronized) and the nightly job fires once
     * in a cluster, so another run is only seen when an operator imports by hand on another node.
     */
    private void removeStaging(long runId) {
        long t0 = System.nanoTime();
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            boolean alone = ids(c, "SELECT id FROM import_run WHERE status = 'RUNNING' AND id <> ?", runId).isEmpty();
            if (alone) {
                update(c, "TRUNCATE TABLE sped_stage_student");
                update(c, "TRUNCATE TABLE sped_stage_match");
            } else {
                update(c, "DELETE FROM sped_stage_student WHERE run_id = ?", runId);
                update(c, "DELETE FROM sped_stage_match WHERE run_id = ?", runId);
            }
            LOG.info("SIRAS import run {} staging removed ({}) in {} ms", runId, alone ? "truncated" : "deleted",
                    ms(t0));
        } catch (SQLException e) {
            LOG.warn("SIRAS import run {}: staging rows could not be removed (the next run is not affected): {}",
                    runId, e.getMessage());
        }
    }

    private Path runDir(long runId) {
        return workDir.resolve(Long.toString(runId));
    }

    private String describe(Instant t) {
        return t == null ? "an earlier run"
                : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(t.atZone(zone));
    }

    private static String databaseTrouble(SQLException e) {
        return "A database error stopped the import: " + e.getMessage() + ". Nothing was changed: the data is as it"
                + " was before this run. Check that the database is reachable and has room, then run the import again.";
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static Object[] prepend(Object[] values, Object... first) {
        Object[] all = new Object[first.length + values.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(values, 0, all, first.length, values.length);
        return all;
    }

    private static void rollback(Connection... connections) {
        for (Connection c : connections) {
            try {
                c.rollback();
            } catch (SQLException e) {
                LOG.warn("SIRAS import: rollback failed: {}", e.getMessage());
            }
        }
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
