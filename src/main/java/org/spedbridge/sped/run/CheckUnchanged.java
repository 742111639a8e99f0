package org.spedbridge.sped.run;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.FileFacts;

/**
 * Stage "check unchanged", before anything of the pair is applied or written: the pair compared with the last applied
 * one ({@link OpenRun} looked it up). Byte-identical: UNCHANGED, nothing re-applied and what the run staged so far
 * removed (specs/sped-files.md rule 9), unless {@code siras.import.reapply-unchanged}. The students file has arrived
 * by now (stage students read it to its end); a services file still arriving is waited for only when the pair could
 * be the same: the students file is (its SHA-256) and the services file has the same size on the server; otherwise
 * the pair has changed whatever the rest of its bytes, and the services are written as they arrive. Bound as
 * {@code checkUnchanged}.
 */
public final class CheckUnchanged extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(CheckUnchanged.class);

    public CheckUnchanged(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) throws IOException {
        if (setup.reapplyUnchanged() || run.lastApplied.isEmpty()) {
            return;
        }
        ImportRuns.Applied last = run.lastApplied.get();
        FileFacts students = arrived(run.studentsArrival(), run.studentsFacts);
        if (students == null || !students.sha256().equals(last.studentsSha())) {
            return;
        }
        ArrivingFile servicesArriving = run.servicesArrival();
        if (servicesArriving != null && run.services().size() != last.servicesSize()) {
            return;
        }
        FileFacts services = arrived(servicesArriving, run.servicesFacts);
        if (services == null || !services.sha256().equals(last.servicesSha())) {
            return;
        }
        LOG.info("SIRAS import run {}: UNCHANGED, same files as run {}", run.runId, last.id());
        end.unchanged(run, "The files were not refreshed since " + describe(last.finished()) + " (run " + last.id()
                + "): nothing was re-applied.");
    }

    /** A file's facts: known, or once it has arrived; null when its download failed (files fetched says why). */
    private static FileFacts arrived(ArrivingFile arriving, FileFacts known) throws IOException {
        if (arriving == null) {
            return known;
        }
        try {
            return arriving.awaitFacts();
        } catch (ArrivingFile.DownloadFailed e) {
            return null;
        }
    }

    private String describe(Instant t) {
        return t == null ? "an earlier run"
                : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(t.atZone(setup.zone()));
    }
}
