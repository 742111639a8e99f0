package org.spedbridge.sped.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs leave behind and who removes it: staging rows (every run, once it is over), the rows of a run
 * that was not applied, the services an applied run superseded, and runs a stopped process left RUNNING.
 * Bound as {@code closeRun}: the route's last step of every run ({@link #close}); a dry run leaves no row behind.
 */
public final class RunCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(RunCleanup.class);

    static final String INTERRUPTED = "interrupted: the process stopped during this run; nothing of it was applied";

    private final RunSetup setup;

    public RunCleanup(RunSetup setup) {
        this.setup = setup;
    }

    /** The run is over, however it ended: it lets go of its connections and its staging rows are removed. */
    public void close(RunState run) {
        run.release();
        if (run.opened) {
            removeStaging(run.runId);
        }
        if (run.dryRun() && run.result() != null && run.result().runId() >= 0) {
            setup.runs().forget(run.result().runId());
        }
    }

    /** Deletes everything a run that was not applied left in the database: service rows, issues, staging. */
    void removeUnapplied(long runId) {
        try (Connection c = setup.database().connection()) {
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
     * After the commit: the services that this run's students had before (older runs, or 0) are no longer
     * current; delete them. Failing here changes nothing visible (the next run of those students retries).
     */
    void removeSuperseded(Connection c, long runId) {
        long t0 = System.nanoTime();
        try {
            c.setAutoCommit(true);
            int deleted = update(c, "DELETE FROM sped_service sv WHERE sv.last_import_run_id < ? AND EXISTS"
                    + " (SELECT 1 FROM sped_record r WHERE r.student_id = sv.student_id AND r.services_run_id = ?)",
                    runId, runId);
            LOG.info("SIRAS import run {} cleanup: {} superseded services removed in {} ms", runId, deleted,
                    Stage.ms(t0));
        } catch (SQLException e) {
            LOG.warn("SIRAS import run {}: superseded services could not be removed (they are not current;"
                    + " the next run of these students removes them): {}", runId, e.getMessage());
        }
    }

    /**
     * Runs left RUNNING by a process that stopped (started more than siras.import.stale-run-hours ago) are
     * marked FAILED; then the service rows and staging of every run that was never applied are removed.
     */
    void recoverInterruptedRuns(Connection c) throws SQLException {
        Timestamp before = Timestamp.from(Instant.now().minus(setup.staleAfter()));
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

    /**
     * Removes a run's staging rows. When no other run is in progress the staging tables are emptied with
     * TRUNCATE: deleting 100,000 rows one by one takes seconds on H2. Runs of one process never overlap (the
     * route's lock) and the nightly job fires once in a cluster, so another run is only seen when an operator
     * imports by hand on another node.
     */
    void removeStaging(long runId) {
        long t0 = System.nanoTime();
        try (Connection c = setup.database().connection()) {
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
                    Stage.ms(t0));
        } catch (SQLException e) {
            LOG.warn("SIRAS import run {}: staging rows could not be removed (the next run is not affected): {}",
                    runId, e.getMessage());
        }
    }

    private static List<Long> ids(Connection c, String sql, Object... params) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
        return ps;
    }
}
