package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.store.BulkInsert;

/**
 * Stage "match": each staged students-file row to a roster student by the {@link Matcher}'s rule
 * (MATCHED, UNMATCHED or DUPLICATE), written to sped_stage_match in one bulk insert. Bound as
 * {@code matchStudents}.
 */
public final class MatchStudents extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(MatchStudents.class);

    static final String TABLE = "sped_stage_match";
    private static final List<BulkInsert.Column> COLUMNS = List.of(BulkInsert.Column.bigint("run_id"),
            BulkInsert.Column.integer("line_number"), BulkInsert.Column.integer("student_id"),
            BulkInsert.Column.text("outcome"));

    public MatchStudents(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) throws SQLException, IOException {
        long t0 = System.nanoTime();
        Matcher.Roster roster = run.roster.await();
        try (BulkInsert out = BulkInsert.open(run.data, setup.postgres(), TABLE, COLUMNS, setup.batchSize())) {
            run.matcher.match(roster, (line, studentId, outcome) -> out.add(run.runId, line, studentId, outcome.name()));
        }
        LOG.info("SIRAS import run {} match against {} roster students: {} in {} ms", run.runId,
                roster.sortedIds().length, run.matcher.outcomes(), ms(t0));
    }
}
