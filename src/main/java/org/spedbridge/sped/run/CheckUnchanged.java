package org.spedbridge.sped.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ImportStatus;

/**
 * Stage "check unchanged", once both files' facts are known (a fetched run: after the services file arrived): the
 * services file recorded as it arrived, and the pair compared with the last applied one ({@link OpenRun} looked it
 * up). Byte-identical: UNCHANGED, nothing re-applied and what the run staged so far removed (specs/sped-files.md
 * rule 9), unless {@code siras.import.reapply-unchanged}. Bound as {@code checkUnchanged}.
 */
public final class CheckUnchanged extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(CheckUnchanged.class);

    public CheckUnchanged(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) throws SQLException {
        try (Connection c = setup.database().connection()) {
            setup.runs().servicesArrived(c, run.runId, run.services(), run.servicesFacts.sha256());
        }
        if (setup.reapplyUnchanged() || run.lastApplied.isEmpty()) {
            return;
        }
        ImportRuns.Applied last = run.lastApplied.get();
        if (run.studentsFacts.sha256().equals(last.studentsSha()) && run.servicesFacts.sha256().equals(last.servicesSha())) {
            LOG.info("SIRAS import run {}: UNCHANGED, same files as run {}", run.runId, last.id());
            end.unchanged(run, "The files were not refreshed since " + describe(last.finished()) + " (run " + last.id()
                    + "): nothing was re-applied.");
        }
    }

    private String describe(Instant t) {
        return t == null ? "an earlier run"
                : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(t.atZone(setup.zone()));
    }
}
