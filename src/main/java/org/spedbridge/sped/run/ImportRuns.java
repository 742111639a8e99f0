package org.spedbridge.sped.run;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.Issue;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.store.Database;

/**
 * The import_run and import_issue rows: each run's record of what happened. Bound as {@code importRuns}
 * (JMX, health and the admin endpoint read the last run here).
 */
public final class ImportRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRuns.class);

    static final String RUNNING = "RUNNING";

    private final Database database;
    private final boolean postgres;
    private final Path workDir;

    public ImportRuns(Database database, Path workDir) {
        this.database = database;
        this.postgres = database.isPostgres();
        this.workDir = workDir;
    }

    /** A run's folder: its report files ({@code <siras.import.work-dir>/<run id>}). */
    Path runDir(long runId) {
        return workDir.resolve(Long.toString(runId));
    }

    /** Records a run that failed before its files could be read (SFTP, host key, a file missing, ...). */
    public ImportResult recordFailure(String trigger, String reason, SourceFile studentsOrNull,
            SourceFile servicesOrNull) {
        Instant started = Instant.now();
        long runId = -1;
        try (Connection c = database.connection()) {
            runId = nextId(c);
            insert(c, runId, trigger, ImportStatus.FAILED.name(), started, studentsOrNull, null, servicesOrNull, null);
            finish(c, runId, ImportStatus.FAILED, ImportCounts.NONE, reason, Instant.now());
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
            return last(c).map(r -> new ImportResult(r.runId(), r.status(), r.trigger(), r.message(), r.started(),
                    r.finished(), r.students(), r.studentsSha256(), r.services(), r.servicesSha256(), r.counts(),
                    ReportFiles.onDisk(runDir(r.runId()), r.runId())));
        } catch (SQLException e) {
            LOG.warn("SIRAS import: cannot read the last run: {}", e.getMessage());
            return Optional.empty();
        }
    }

    long nextId(Connection c) throws SQLException {
        String sql = postgres ? "SELECT nextval('import_run_seq')" : "SELECT NEXT VALUE FOR import_run_seq";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Inserts the run as it starts (status RUNNING, or a final status for runs that end at once). */
    void insert(Connection c, long id, String trigger, String status, Instant started, SourceFile students,
            String studentsSha, SourceFile services, String servicesSha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_run (id, trigger_name, status, started_at,"
                + " students_file, students_size, students_modified, students_sha256,"
                + " services_file, services_size, services_modified, services_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, id);
            ps.setString(2, clip(trigger, 20));
            ps.setString(3, status);
            ps.setTimestamp(4, Timestamp.from(started));
            file(ps, 5, students, studentsSha);
            file(ps, 9, services, servicesSha);
            ps.executeUpdate();
        }
    }

    /** The run's two files as they arrived (a fetched run is recorded before they have). */
    void filesArrived(Connection c, long id, SourceFile students, String studentsSha, SourceFile services,
            String servicesSha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE import_run SET students_file = ?, students_size = ?,"
                + " students_modified = ?, students_sha256 = ?, services_file = ?, services_size = ?,"
                + " services_modified = ?, services_sha256 = ? WHERE id = ?")) {
            file(ps, 1, students, studentsSha);
            file(ps, 5, services, servicesSha);
            ps.setLong(9, id);
            ps.executeUpdate();
        }
    }

    private static void file(PreparedStatement ps, int at, SourceFile f, String sha) throws SQLException {
        ps.setString(at, f == null ? null : clip(f.name(), 255));
        if (f == null) {
            ps.setNull(at + 1, Types.BIGINT);
        } else {
            ps.setLong(at + 1, f.size());
        }
        ps.setTimestamp(at + 2, f == null || f.modified() == null ? null : Timestamp.from(f.modified()));
        ps.setString(at + 3, sha);
    }

    void finish(Connection c, long id, ImportStatus status, ImportCounts k, String message, Instant finished)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE import_run SET status = ?, finished_at = ?,"
                + " rows_read = ?, matched = ?, unmatched = ?, duplicates = ?, errors = ?, ignored = ?, warnings = ?,"
                + " service_rows_read = ?, services_imported = ?, services_unmatched = ?, not_in_file = ?, message = ?"
                + " WHERE id = ?")) {
            ps.setString(1, status.name());
            ps.setTimestamp(2, Timestamp.from(finished));
            int[] v = {k.rowsRead(), k.matched(), k.unmatched(), k.duplicates(), k.errors(), k.ignored(), k.warnings(),
                k.serviceRowsRead(), k.servicesImported(), k.servicesUnmatched(), k.notInFile()};
            for (int i = 0; i < v.length; i++) {
                ps.setInt(3 + i, v[i]);
            }
            ps.setString(14, clip(message, 2000));
            ps.setLong(15, id);
            ps.executeUpdate();
        }
    }

    void issue(Connection c, long runId, int seq, Issue issue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_issue (run_id, seq, file_name, line_number,"
                + " ssid, kind, reason) VALUES (?,?,?,?,?,?,?)")) {
            ps.setLong(1, runId);
            ps.setInt(2, seq);
            ps.setString(3, clip(issue.fileName(), 255));
            if (issue.line() > 0) {
                ps.setInt(4, (int) issue.line());
            } else {
                ps.setNull(4, Types.INTEGER);
            }
            ps.setString(5, clip(issue.ssid(), 20));
            ps.setString(6, issue.kind().label());
            ps.setString(7, clip(issue.reason(), 1000));
            ps.executeUpdate();
        }
    }

    /** The last APPLIED run: its id, when it finished, the SHA-256 of its two files and its students rows. */
    record Applied(long id, Instant finished, String studentsSha, String servicesSha, long servicesSize, int rowsRead) {
    }

    Optional<Applied> lastApplied(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, finished_at, students_sha256, services_sha256,"
                + " services_size, rows_read FROM import_run WHERE status = 'APPLIED' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Timestamp t = rs.getTimestamp(2);
            return Optional.of(new Applied(rs.getLong(1), t == null ? null : t.toInstant(), rs.getString(3),
                    rs.getString(4), rs.getLong(5), rs.getInt(6)));
        }
    }

    /** The held run {@code heldId} was released: {@code byRun} applied its files (in that run's transaction). */
    void released(Connection c, long heldId, long byRun) throws SQLException {
        RunCleanup.update(c, "UPDATE import_run SET released_by_run = ? WHERE id = ?", byRun, heldId);
    }

    /** Held runs before {@code byRun} that still wait can no longer be released: a newer pair was applied or held. */
    void supersedeHeld(Connection c, long byRun) throws SQLException {
        int n = RunCleanup.update(c, "UPDATE import_run SET superseded_by_run = ? WHERE status = 'HELD' AND id < ?"
                + " AND released_by_run IS NULL AND superseded_by_run IS NULL", byRun, byRun);
        if (n > 0) {
            LOG.info("SIRAS import run {}: {} held run(s) before it superseded (they can no longer be released)", byRun, n);
        }
    }

    /** Removes every row of a dry run (its record, issues and service rows): the database is as it was. */
    void forget(long runId) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            RunCleanup.update(c, "DELETE FROM sped_service WHERE last_import_run_id = ?", runId);
            RunCleanup.update(c, "DELETE FROM import_issue WHERE run_id = ?", runId);
            RunCleanup.update(c, "DELETE FROM import_run WHERE id = ?", runId);
        } catch (SQLException e) {
            LOG.warn("SIRAS import dry run {}: its rows could not be removed: {}", runId, e.getMessage());
        }
    }

    /** The most recent finished run as a result (attachments are filled in by the caller). */
    private Optional<ImportResult> last(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM import_run WHERE status <> 'RUNNING'"
                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(result(rs, List.of())) : Optional.empty();
        }
    }

    /** A recorded run as its result, with these attachments. */
    private static ImportResult result(ResultSet rs, List<Path> attachments) throws SQLException {
        ImportCounts counts = new ImportCounts(rs.getInt("rows_read"), rs.getInt("matched"), rs.getInt("unmatched"),
                rs.getInt("duplicates"), rs.getInt("errors"), rs.getInt("ignored"), rs.getInt("warnings"),
                rs.getInt("service_rows_read"), rs.getInt("services_imported"), rs.getInt("services_unmatched"),
                rs.getInt("not_in_file"));
        return new ImportResult(rs.getLong("id"), ImportStatus.valueOf(rs.getString("status")),
                rs.getString("trigger_name"), rs.getString("message"), instant(rs, "started_at"),
                instant(rs, "finished_at"), source(rs, "students"), rs.getString("students_sha256"),
                source(rs, "services"), rs.getString("services_sha256"), counts, attachments);
    }

    // ------------------------------------------------------------------ whether a run's report reached the staff

    /** Whether a finished run waits for its report (cheap: asked before the import lock is taken for it). */
    public boolean anyUndeliveredReport() throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM import_run WHERE report_delivered_at IS NULL AND status <> 'RUNNING'"
                        + " FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * The reports of the finished runs that reached neither the outbox nor SMTP (the process stopped after the
     * run was recorded, or the outbox and SMTP both failed), oldest first, derived from what was recorded: the
     * import_run row and the report files in the run's folder (zipped now when too large and not zipped yet;
     * FAILED and UNCHANGED runs carry none). The same report as the run would have sent.
     */
    public List<ImportResult> undeliveredReports(long maxAttachmentBytes) throws SQLException {
        List<ImportResult> reports = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM import_run WHERE report_delivered_at IS NULL AND status <> 'RUNNING' ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong("id");
                ImportStatus status = ImportStatus.valueOf(rs.getString("status"));
                boolean carriesFiles = status != ImportStatus.FAILED && status != ImportStatus.UNCHANGED;
                reports.add(result(rs, carriesFiles ? ReportFiles.forMail(runDir(id), id, maxAttachmentBytes)
                        : List.of()));
            }
        }
        return reports;
    }

    /** The run's report is in the outbox or was taken by SMTP: it is not delivered again. */
    public void reportDelivered(long runId) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE import_run SET report_delivered_at = ?, report_problem = NULL WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }

    /** The run's report reached neither the outbox nor SMTP, for this reason (the report-mail health check). */
    public void reportNotDelivered(long runId, String problem) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE import_run SET report_problem = ? WHERE id = ? AND report_delivered_at IS NULL")) {
            ps.setString(1, clip(problem, 1000));
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static SourceFile source(ResultSet rs, String prefix) throws SQLException {
        String name = rs.getString(prefix + "_file");
        if (name == null) {
            return null;
        }
        return new SourceFile(name, rs.getLong(prefix + "_size"), instant(rs, prefix + "_modified"), null);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
