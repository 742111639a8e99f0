package org.spedbridge.sped.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ChangeHold;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SourceFile;

/**
 * Stage "hold check" (issue 10), between "write services" and "record": once {@link ApplyRecords} is done, what
 * the uncommitted run would change is measured against the current (committed) data: the share of students with
 * a special-education record who would be "not in file", the share of current services that would be removed
 * (a student the run imports with fewer services in the file than now), and how many fewer students rows the file
 * has than the last applied run. Over a {@code siras.import.hold.*} threshold the run ends HELD ({@link RunEnd#held}):
 * nothing is written, its two files are kept in its run folder ({@link HeldRuns#keptFiles}) for a person to release.
 * A released run (trigger release) is not checked again; the first import (no run applied yet) is measured, never
 * held. Bound as {@code holdCheck}.
 * <p>
 * It runs in two steps of the route: {@link #measureCurrent} right before "write services" reads the current data
 * on a thread of its own while the services are written (nothing else changes it meanwhile: one import at a time,
 * and the run's own changes are not committed); {@link #run} after them compares this run's services, counted per
 * student as they were written, with it.
 */
public final class HoldCheck extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(HoldCheck.class);

    static final String NOT_IN_FILE = "siras.import.hold.not-in-file-percent";
    static final String SERVICES_REMOVED = "siras.import.hold.services-removed-percent";
    /**
     * How many services are current (what view sped_service_current holds), counted from sped_record: one look-up on
     * sped_service's primary key (run, student) per record, plus services of no import (run 0) without a record.
     * The same number as COUNT(*) over the view, which on H2 joins every sped_service row (the run's new ones too):
     * 9-11 s against 2.3 s for 1,000,000 services (PostgreSQL 0.3 s either way).
     */
    private static final String CURRENT_SERVICES = "SELECT (SELECT COUNT(*) FROM sped_record r JOIN sped_service sv"
            + " ON sv.last_import_run_id = r.services_run_id AND sv.student_id = r.student_id)"
            + " + (SELECT COUNT(*) FROM sped_service sv WHERE sv.last_import_run_id = 0"
            + " AND NOT EXISTS (SELECT 1 FROM sped_record r WHERE r.student_id = sv.student_id))";
    static final String ROWS_DROP = "siras.import.hold.rows-drop-percent";

    private final Double notInFile;
    private final Double servicesRemoved;
    private final Double rowsDrop;

    public HoldCheck(RunSetup setup, RunEnd end, Settings settings) {
        super(setup, end);
        this.notInFile = threshold(settings, NOT_IN_FILE);
        this.servicesRemoved = threshold(settings, SERVICES_REMOVED);
        this.rowsDrop = threshold(settings, ROWS_DROP);
    }

    /** A threshold in per cent; blank or {@code off}: the check is off (null). */
    static Double threshold(Settings settings, String key) {
        String v = settings.get(key);
        if (v.isEmpty() || v.toLowerCase(Locale.ROOT).equals("off")) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || d > 100 || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException("The setting '" + key + "' must be a per cent from 0 to 100 (e.g. 5 or 2.5), or"
                    + " off (or blank) to turn the check off, not '" + v + "'.");
        }
    }

    /** The services a run would remove, and from how many students (the held file's rows and its Removed column). */
    record Removed(long students, long services) {
    }

    /** The current data the check compares with: sped_record's rows, the current services, per matched student. */
    record Current(long records, long services, Map<Integer, Integer> perStudent, long millis) {

        /** The services this run would remove (students with fewer in the file than now), and from how many students. */
        Removed removedBy(Map<Integer, int[]> inFile) {
            long students = 0;
            long services = 0;
            for (Map.Entry<Integer, Integer> e : perStudent.entrySet()) {
                int[] n = inFile.get(e.getKey());
                int lost = e.getValue() - (n == null ? 0 : n[0]);
                if (lost > 0) {
                    students++;
                    services += lost;
                }
            }
            return new Removed(students, services);
        }
    }

    /**
     * The route's step before "write services": the current data, read on a thread of its own (a connection of its
     * own) while the services are written. Not for a run that has ended or releases a held one (not checked again).
     */
    public void measureCurrent(RunState run) {
        if (run.ended() || run.releasing() >= 0) {
            return;
        }
        long runId = run.runId;
        run.current = new BackgroundTask<>("siras-import-hold-" + runId, () -> {
            try (Connection c = setup.database().connection()) {
                return current(c, runId);
            }
        });
    }

    private static Current current(Connection c, long runId) throws SQLException {
        long t0 = System.nanoTime();
        Map<Integer, Integer> perStudent = ReportFiles.currentServicesPerStudent(c, runId);
        return new Current(count(c, "SELECT COUNT(*) FROM sped_record"), count(c, CURRENT_SERVICES), perStudent,
                ms(t0));
    }

    @Override
    protected void work(RunState run) throws SQLException, IOException {
        ReportFiles.Written students = run.applied.await();
        if (run.releasing() >= 0) {
            LOG.info("SIRAS import run {} releases held run {}: the change hold is not checked again", run.runId,
                    run.releasing());
            return;
        }
        long t0 = System.nanoTime();
        Path dir = setup.runDir(run.runId);
        // read while the services were written (measureCurrent); here only when the route did not ask for it first
        if (run.current == null) {
            LOG.warn("SIRAS import run {}: the route has no step holdCheck.measureCurrent before writeServices; the"
                    + " hold check reads the current data now (slower)", run.runId);
        }
        Current now = run.current != null ? run.current.await() : current(run.data, run.runId);
        // counted only: Special_Ed_Services_Removed.csv is written below for a held run, the only one that attaches it
        Removed removed = now.removedBy(run.servicesPerStudent);
        var lastApplied = setup.runs().lastApplied(run.data);
        int lastRows = lastApplied.map(ImportRuns.Applied::rowsRead).orElse(0);
        ChangeHold hold = new ChangeHold(List.of(
                new ChangeHold.Measure("students with a special-education record not in the file", NOT_IN_FILE,
                        students.notInFile(), now.records(), notInFile),
                new ChangeHold.Measure("current services removed", SERVICES_REMOVED, removed.services(),
                        now.services(), servicesRemoved),
                new ChangeHold.Measure("fewer students rows than the last applied run", ROWS_DROP,
                        Math.max(0, lastRows - run.rowsRead), lastRows, rowsDrop)), lastApplied.isEmpty());
        run.hold = hold;
        for (ChangeHold.Measure m : hold.measures()) {
            LOG.info("SIRAS import run {} hold check: {}", run.runId, m.describe());
        }
        LOG.info("SIRAS import run {} hold check: {} in {} ms (the current data read beside write services in {} ms)",
                run.runId, hold.holds() ? "HELD" : hold.firstImport() ? "passed (the first import is never held)"
                : "passed", ms(t0), now.millis());
        if (!hold.holds()) {
            return;
        }
        long t1 = System.nanoTime();
        ReportFiles.Removed listed = ReportFiles.writeServicesRemoved(run.data, run.runId, dir);
        if (listed.services() != removed.services() || listed.students() != removed.students()) {
            LOG.warn("SIRAS import run {}: {} lists {} services removed from {} students, the hold check counted {}"
                    + " from {}", run.runId, ReportFiles.SERVICES_REMOVED, listed.services(), listed.students(),
                    removed.services(), removed.students());
        }
        LOG.info("SIRAS import run {} hold check: {} written in {} ms", run.runId, ReportFiles.SERVICES_REMOVED,
                ms(t1));
        IssueLog issues = run.issues;
        issues.close();
        run.issues = null;
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(ReportFiles.NOT_IN_FILE));
        files.add(listed.file());
        files.add(ReportFiles.writeErrors(run.data, run.runId, dir));
        ImportCounts counts = RecordRun.counts(run, issues, students.notInFile());
        if (!run.dryRun()) {
            keep(run.students(), HeldRuns.keptFile(dir, "students", run.students().name()));
            keep(run.services(), HeldRuns.keptFile(dir, "services", run.services().name()));
        }
        end.held(run, counts, heldMessage(run, hold), ReportFiles.forMail(files, run.runId, setup.maxAttachmentBytes()));
    }

    private static String heldMessage(RunState run, ChangeHold hold) {
        return "HELD by the change hold: " + hold.reasons() + ". Nothing was written. "
                + (run.dryRun() ? "(A dry run: nothing is kept to release.)"
                : "Check the attached lists; to apply this pair anyway release run " + run.runId()
                + " (import-release " + run.runId() + ", JMX releaseHeld(" + run.runId()
                + ") or POST /admin/import-release/" + run.runId() + "); a newer pair supersedes it.");
    }

    private static void keep(SourceFile file, Path kept) throws IOException {
        Files.createDirectories(kept.getParent());
        Files.copy(file.localPath(), kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
