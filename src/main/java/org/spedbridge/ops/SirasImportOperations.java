package org.spedbridge.ops;

import java.time.Instant;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.spedbridge.mail.ImportReportMail;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.SirasImporter;

/**
 * What ops can do with the import from outside (JMX today): run it now through the same route as the
 * schedule, read the last run, see the next fire time of the nightly trigger.
 */
public final class SirasImportOperations {

    /** The nightly trigger, as routes/siras-import.camel.yaml names it. */
    public static final TriggerKey NIGHTLY = TriggerKey.triggerKey("siras-import", "sped-bridge");

    private final CamelContext camel;

    public SirasImportOperations(CamelContext camel) {
        this.camel = camel;
    }

    /** Runs the import through direct:siras-import with the given trigger name; returns the recorded result. */
    public ImportResult runNow(String trigger) {
        Exchange done = camel.createProducerTemplate()
                .send("direct:siras-import", e -> e.getIn().setHeader("trigger", trigger));
        if (done.getException() != null) {
            throw new IllegalStateException("The import could not run: " + done.getException().getMessage());
        }
        return done.getMessage().getBody(ImportResult.class);
    }

    public Optional<ImportResult> lastRun() {
        return camel.getRegistry().lookupByNameAndType("sirasImporter", SirasImporter.class).lastRun();
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

    public String reportText(ImportResult r) {
        return camel.getRegistry().lookupByNameAndType("importReportMail", ImportReportMail.class).text(r);
    }

    /** The MBean over these operations. */
    public SirasImportMBean mbean() {
        return new SirasImportJmx(this::lastRun, () -> runNow("jmx"), this::nextFire, this::reportText);
    }
}
