package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.FileFacts;

/**
 * Stage "check unchanged", before anything of the pair is applied or written: the pair compared with the last applied
 * one ({@link OpenRun} looked it up). Byte-identical: UNCHANGED, nothing re-applied and what the run staged so far
 * removed (specs/sped-files.md rule 9), unless {@code siras.import.reapply-unchanged}. A services file still arriving
 * is waited for only when the pair could be the same: the students file is (its SHA-256) and the services file has
 * the same size on the server; otherwise the pair has changed whatever the rest of its bytes, and the services are
 * written as they arrive. Bound as {@code checkUnchanged}.
 */
public final class CheckUnchanged extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(CheckUnchanged.class);

    public CheckUnchanged(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) throws SQLException, IOException {
        if (setup.reapplyUnchanged() || run.lastApplied.isEmpty()) {
            return;
        }
        ImportRuns.Applied last = run.lastApplied.get();
        if (!run.studentsFacts.sha256().equals(last.studentsSha())) {
            return;
        }
        ArrivingFile arriving = run.servicesArrival();
        FileFacts services = run.servicesFacts;
        if (arriving != null) {
            if (run.services().size() != last.servicesSize()) {
                return;
            }
            try {
                services = arriving.awaitFacts();
            } catch (ArrivingFile.DownloadFailed e) {
                return; // services fetched says why
            }
        }
        if (services.sha256().equals(last.servicesSha())) {
            if (arriving != null) {
                run.servicesFacts = services;
                try (Connection c = setup.database().connection()) {
                    setup.runs().servicesArrived(c, run.runId, run.services(), services.sha256());
                }
            }
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
