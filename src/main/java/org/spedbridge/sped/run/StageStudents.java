package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.ImportRefused;
import org.spedbridge.sped.NotReady;
import org.spedbridge.sped.SirasLayout;
import org.spedbridge.store.BulkInsert;

/**
 * Stage "stage students": the students file read and validated ({@link ReadAndValidate}); each imported row
 * into sped_stage_student (the layout's staging columns) and its keys to the {@link Matcher}, while the
 * roster's keys are read on another connection. A fetched file is read as it arrives ({@link RunState#studentsArrival()},
 * {@link ReadAndValidate#readFile}). Bound as {@code stageStudents}.
 */
public final class StageStudents extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(StageStudents.class);

    private static final SirasLayout.Table STAGING = SirasLayout.STUDENTS.stagingTable(List.of(
            BulkInsert.Column.bigint("run_id"), BulkInsert.Column.integer("line_number")));

    public StageStudents(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    /** The staging table's name (the report and the MERGE read it). */
    static String table() {
        return STAGING.name();
    }

    @Override
    protected void work(RunState run) throws SQLException, IOException, ImportRefused, NotReady {
        long t0 = System.nanoTime();
        run.roster = new BackgroundTask<>("siras-import-roster-" + run.runId, () -> {
            try (Connection c = setup.database().connection()) {
                return Matcher.Roster.read(c);
            }
        });
        ArrivingFile arriving = run.studentsArrival();
        if (ReadAndValidate.readFile(SirasLayout.STUDENTS, run.students(), run.studentsFacts, arriving, setup.aliases(),
                run.issues, file -> stage(run, file), () -> forget(run))) {
            LOG.info("SIRAS import run {} stage students: {} rows{} in {} ms", run.runId, run.rowsRead,
                    arriving == null ? "" : " as they arrived", ms(t0));
        }
    }

    private void stage(RunState run, ReadAndValidate.Opener file) throws SQLException, IOException, ImportRefused {
        try (BulkInsert stage = BulkInsert.open(run.data, setup.postgres(), STAGING.name(), STAGING.columns(),
                setup.batchSize())) {
            run.rowsRead = ReadAndValidate.read(SirasLayout.STUDENTS, run.students().name(), file, run.issues,
                    (line, v) -> {
                        if (v.accepted()) {
                            stage.add(STAGING.row(v.values(), run.runId, line));
                            run.matcher.accepted(line, v.ssid(), v.localId());
                        } else {
                            run.matcher.rejected(v.ssid(), v.localId(), v.rejectedAs());
                        }
                    });
        }
    }

    /** What a first reading of the students file staged, forgotten: its staging rows, its keys in the matcher. */
    private static void forget(RunState run) throws SQLException {
        RunCleanup.update(run.data, "DELETE FROM " + table() + " WHERE run_id = ?", run.runId);
        run.matcher = new Matcher();
        run.rowsRead = 0;
    }
}
