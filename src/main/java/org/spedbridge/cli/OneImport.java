package org.spedbridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.Settings;
import org.spedbridge.mail.ReportDelivery;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.run.FailureCause;
import org.spedbridge.sped.run.HeldRuns;
import org.spedbridge.sped.run.NotReleasable;

/**
 * One SIRAS import in a process of its own ({@code import-now}, {@code import-files}): the application
 * without the nightly schedule, the outbox sender and the ports ({@link SpedBridgeApp#createOneOff}), so it runs
 * beside {@code run}; one exchange through the route every import
 * takes ({@code direct:siras-import}), then one try to send its report mail (a mail SMTP did not take waits
 * in the outbox for {@code run}).
 */
final class OneImport implements AutoCloseable {

    /**
     * The run's result (null when the route itself failed, see {@link #problem}; {@link #notReleasable} when a
     * release was asked for a run that cannot be released) and its report mail.
     */
    record Outcome(ImportResult result, String problem, String mail, boolean notReleasable) {
    }

    private final SpedBridgeApp app;
    private final Settings settings;

    private OneImport(SpedBridgeApp app, Settings settings) {
        this.app = app;
        this.settings = settings;
    }

    /** Starts the application for one run: no schedule, no outbox sender, no API or management port. */
    static OneImport start(Settings settings) throws Exception {
        return new OneImport(SpedBridgeApp.createOneOff(settings).start(), settings);
    }

    /**
     * Runs the import: {@code body} null to fetch over SFTP, or the files given (ImportRequest); {@code dryRun}
     * leaves the database as it was.
     */
    Outcome run(String trigger, Object body, boolean dryRun) {
        return run(trigger, body, dryRun, null);
    }

    /** Releases held run {@code heldRunId}: its kept files applied through the same route (trigger release). */
    Outcome release(long heldRunId) {
        return run(HeldRuns.TRIGGER, null, false, heldRunId);
    }

    private Outcome run(String trigger, Object body, boolean dryRun, Long releaseRun) {
        ProducerTemplate template = app.camelContext().createProducerTemplate();
        Exchange done = template.send("direct:siras-import", e -> {
            e.getIn().setHeader("trigger", trigger);
            e.getIn().setHeader("dryRun", dryRun);
            if (releaseRun != null) {
                e.getIn().setHeader("releaseRun", releaseRun);
            }
            e.getIn().setBody(body);
        });
        NotReleasable no = done.getProperty(HeldRuns.NOT_RELEASABLE, NotReleasable.class);
        if (no != null) {
            return new Outcome(null, no.getMessage(), null, true);
        }
        if (done.getException() != null) {
            return new Outcome(null, problem(done.getException()), null, false);
        }
        ReportDelivery.Outcome report = reportDelivery(done);
        String problem = report.problem() == null ? "see the log" : report.problem();
        String mailState = report.sentDirectly()
                ? "sent directly to " + settings.get("report.mail.to") + " (the outbox " + settings.get("report.mail.outbox-dir")
                        + " could not be written: " + problem + ")"
                : report.outboxFile() == null
                ? "not written to the outbox " + settings.get("report.mail.outbox-dir") + " (" + problem + ") nor sent; the run "
                        + "itself is recorded and its report is delivered at the next start of `run` or before the next import"
                : deliverOnce(template, report.outboxFile());
        return new Outcome(done.getMessage().getBody(ImportResult.class), null, mailState, false);
    }

    /** How the run's report went out, as the report route said once ({@link ReportDelivery#OUTCOME}). */
    static ReportDelivery.Outcome reportDelivery(Exchange done) {
        return done.getProperty(ReportDelivery.OUTCOME) instanceof ReportDelivery.Outcome o ? o
                : ReportDelivery.Outcome.UNKNOWN;
    }

    /**
     * Why the route stopped before a run could end (the import lock not taken, the database gone): the cause named
     * with what to do where it is a local one ({@link FailureCause}), otherwise the error's own message.
     */
    private String problem(Exception error) {
        return FailureCause.of(error)
                .map(cause -> cause.describe(error, Path.of(settings.require("siras.import.work-dir"))))
                .orElse(error.getMessage());
    }

    /** One attempt, bounded by mail.smtp.timeout-seconds; a mail SMTP did not take stays in the outbox. */
    private String deliverOnce(ProducerTemplate template, Path mail) {
        if (settings.get("mail.smtp.host").isEmpty()) {
            return "kept in the outbox (mail.smtp.host is blank): " + mail;
        }
        Exchange sent = template.send("direct:report-mail-smtp", e -> e.getIn().setBody(mail.toFile()));
        if (sent.getException() != null) {
            return "not sent now (" + sent.getException().getMessage() + "); it waits in the outbox for `run` to send: "
                    + mail;
        }
        try {
            Path sentDir = mail.getParent().resolve("sent");
            Files.createDirectories(sentDir);
            Path moved = Files.move(mail, sentDir.resolve(mail.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return "sent to " + settings.get("report.mail.to") + " (" + moved + ")";
        } catch (IOException e) {
            return "sent to " + settings.get("report.mail.to") + ", but could not be moved to sent/ (" + e.getMessage()
                    + "): remove " + mail + " so that it is not sent again";
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
