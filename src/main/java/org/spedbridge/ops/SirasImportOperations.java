package org.spedbridge.ops;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.run.HeldRuns;
import org.spedbridge.sped.run.ImportRuns;
import org.spedbridge.sped.run.NotReleasable;

/**
 * What ops can do with the import from outside (JMX, the admin endpoint): run it now through the same
 * route as the schedule, release a held run, read the last run and the held ones, see the next fire time of the
 * nightly trigger.
 */
public final class SirasImportOperations {

    /** The nightly trigger, as routes/siras-import.camel.yaml names it. */
    public static final TriggerKey NIGHTLY = TriggerKey.triggerKey("siras-import", "sped-bridge");

    private final CamelContext camel;

    public SirasImportOperations(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Runs the import through direct:siras-import with the given trigger name, after the run in progress
     * if there is one; returns the recorded result.
     */
    public ImportResult runNow(String trigger) {
        return run(trigger, false);
    }

    /**
     * Runs the import like {@link #runNow} when none is in progress anywhere (this process or another on the
     * database); {@link ImportLockBusy} at once, without waiting, when one is (started by the schedule, JMX,
     * the command line, another admin request or another instance).
     */
    public ImportResult runNowUnlessRunning(String trigger) {
        SirasImportLock lock = camel.getRegistry().lookupByNameAndType("sirasImportLock", SirasImportLock.class);
        try (SirasImportLock.Hold hold = lock.tryHold(trigger)) {
            return run(trigger, true);
        }
    }

    /**
     * Releases held run {@code heldRunId}: its kept files applied through direct:siras-import (trigger release),
     * after the run in progress if there is one; {@link NotReleasable} when it cannot be released.
     */
    public ImportResult release(long heldRunId) {
        return run(HeldRuns.TRIGGER, false, heldRunId);
    }

    /** {@link #release} when no import is in progress anywhere; {@link ImportLockBusy} at once when one is. */
    public ImportResult releaseUnlessRunning(long heldRunId) {
        SirasImportLock lock = camel.getRegistry().lookupByNameAndType("sirasImportLock", SirasImportLock.class);
        try (SirasImportLock.Hold hold = lock.tryHold(HeldRuns.TRIGGER)) {
            return run(HeldRuns.TRIGGER, true, heldRunId);
        }
    }

    /** The held runs that can still be released. */
    public List<HeldRuns.Held> heldRuns() {
        try {
            return camel.getRegistry().lookupByNameAndType("heldRuns", HeldRuns.class).waiting();
        } catch (SQLException e) {
            throw new IllegalStateException("The held runs cannot be read: " + e.getMessage(), e);
        }
    }

    private ImportResult run(String trigger, boolean lockHeld) {
        return run(trigger, lockHeld, null);
    }

    private ImportResult run(String trigger, boolean lockHeld, Long releaseRun) {
        ProducerTemplate template = camel.createProducerTemplate();
        Exchange done;
        try {
            done = template.send("direct:siras-import", e -> {
                e.getIn().setHeader("trigger", trigger);
                if (releaseRun != null) {
                    e.getIn().setHeader("releaseRun", releaseRun);
                }
                e.setProperty(SirasImportLock.HELD_BY_CALLER, lockHeld);
            });
        } finally {
            template.stop();
        }
        NotReleasable no = done.getProperty(HeldRuns.NOT_RELEASABLE, NotReleasable.class);
        if (no != null) {
            throw no;
        }
        if (done.getException() != null) {
            throw new IllegalStateException("The import could not run: " + done.getException().getMessage());
        }
        return done.getMessage().getBody(ImportResult.class);
    }

    public Optional<ImportResult> lastRun() {
        return camel.getRegistry().lookupByNameAndType("importRuns", ImportRuns.class).lastRun();
    }

    /** The next fire of the nightly trigger (empty when the schedule is off). */
    public Optional<Instant> nextFire() {
        try {
            QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
            if (quartz == null || quartz.getScheduler() == null) {
                return Optional.empty();
            }
            Trigger t = quartz.getScheduler().getTrigger(NIGHTLY);
            return t == null || t.getNextFireTime() == null ? Optional.empty()
                    : Optional.of(t.getNextFireTime().toInstant());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The report mail's plain-text body of a run, from its template (routes/report-mail.camel.yaml). */
    public String reportText(ImportResult r) {
        ProducerTemplate template = camel.createProducerTemplate();
        try {
            return template.requestBody("direct:report-mail-text", r, String.class);
        } finally {
            template.stop();
        }
    }

    /** The MBean over these operations. */
    public SirasImportMBean mbean() {
        return new SirasImportJmx(this::lastRun, () -> runNow("jmx"), this::nextFire, this::reportText, this::release,
                this::heldRuns);
    }
}
