package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ImportRefused;
import org.spedbridge.sped.NotReady;

/**
 * One stage of the import (a step of routes/siras-import.camel.yaml), with one job, on the run's state.
 * A run that has ended passes through untouched; a stage that cannot go on ends the run here, in one
 * place: REFUSED for files that cannot be imported, FAILED for anything else (database, disk, a bug),
 * and either way nothing of the run is applied ({@link RunEnd}).
 */
public abstract class Stage {

    private static final Logger LOG = LoggerFactory.getLogger(Stage.class);

    protected final RunSetup setup;
    protected final RunEnd end;

    protected Stage(RunSetup setup, RunEnd end) {
        this.setup = setup;
        this.end = end;
    }

    /** The route's step: does the stage's job unless the run has ended. */
    public final void run(RunState run) {
        if (run.ended()) {
            return;
        }
        try {
            work(run);
        } catch (ImportRefused refused) {
            end.refused(run, refused);
        } catch (NotReady notReady) {
            LOG.warn("SIRAS import run {}: files not imported: {}", run.runId(), notReady.getMessage());
            end.failed(run, notReady.getMessage());
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.error("SIRAS import run {} failed in {}", run.runId(), getClass().getSimpleName(), e);
            end.failed(run, end.reason(e));
        }
    }

    protected abstract void work(RunState run) throws SQLException, IOException, ImportRefused, NotReady;

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
