package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SirasLayout;

/**
 * Stage "apply": the matched students' special-education records MERGEd into sped_record (the layout's
 * stored columns, each from its staging column; their services_run_id makes this run's services current),
 * then the four students report files written, all in the run's one transaction and on a thread of its own
 * while the next stage writes the services. Nothing is committed here: {@link RecordRun} waits for it and
 * commits. Bound as {@code applyRecords}.
 */
public final class ApplyRecords extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyRecords.class);

    /** The MERGE, derived from the layout's stored columns: keys and run bookkeeping are this stage's own. */
    static final String MERGE = merge(SirasLayout.STUDENTS.storedColumns());

    public ApplyRecords(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) {
        run.applied = new BackgroundTask<>("siras-import-records-" + run.runId, () -> mergeAndReport(run));
    }

    private ReportFiles.Written mergeAndReport(RunState run) throws SQLException, IOException {
        Connection c = run.records;
        long t0 = System.nanoTime();
        // fresh statistics for the just-filled staging tables, so the planner uses their indexes; of the
        // students' 33 columns only the join key (all of them: 630 ms instead of 90 on PostgreSQL)
        analyze(c, StageStudents.table(), "run_id, line_number");
        analyze(c, MatchStudents.TABLE, null);
        Timestamp now = Timestamp.from(Instant.now());
        long id = run.runId;
        int merged = RunCleanup.update(c, MERGE, id, id, id, now, id, id, now);
        LOG.info("SIRAS import run {} records: {} merged (their services now those of this run once it"
                + " commits) in {} ms", id, merged, ms(t0));
        t0 = System.nanoTime();
        ReportFiles.Written written = ReportFiles.writeStudents(c, id, setup.runDir(id));
        LOG.info("SIRAS import run {} students files written in {} ms", id, ms(t0));
        return written;
    }

    /** Fresh statistics for a just-filled staging table (on PostgreSQL only {@code columns} when given). */
    private void analyze(Connection c, String table, String columns) throws SQLException {
        RunCleanup.update(c, setup.postgres() ? "ANALYZE " + table + (columns == null ? "" : " (" + columns + ")")
                : "ANALYZE TABLE " + table);
    }

    private static String merge(List<SirasLayout.Column> stored) {
        List<String> set = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (SirasLayout.Column c : stored) {
            set.add(c.name() + " = " + (c.keepOld() ? "COALESCE(s." + c.from() + ", t." + c.name() + ")" : "s." + c.from()));
            names.add(c.name());
            values.add("s." + c.from());
        }
        return "MERGE INTO sped_record t USING (SELECT st.*, m.student_id FROM " + StageStudents.table() + " st"
                + " JOIN " + MatchStudents.TABLE + " m ON m.run_id = st.run_id AND m.line_number = st.line_number"
                + " WHERE st.run_id = ? AND m.outcome = 'MATCHED') s ON (t.student_id = s.student_id)"
                + " WHEN MATCHED THEN UPDATE SET " + String.join(", ", set)
                + ", last_import_run_id = ?, services_run_id = ?, updated_at = ?"
                + " WHEN NOT MATCHED THEN INSERT (student_id, " + String.join(", ", names)
                + ", last_import_run_id, services_run_id, updated_at) VALUES (s.student_id, " + String.join(", ", values)
                + ", ?, ?, ?)";
    }
}
