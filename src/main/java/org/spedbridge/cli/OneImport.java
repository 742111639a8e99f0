package org.spedbridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportResult;

/**
 * One SIRAS import in a process of its own ({@code import-now}, {@code import-files}): the application
 * without the nightly schedule, the outbox sender and the ports ({@link SpedBridgeApp#createOneOff}), so it runs
 * beside {@code run}; one exchange through the route every import
 * takes ({@code direct:siras-import}), then one try to send its report mail (a mail SMTP did not take waits
 * in the outbox for {@code run}).
 */
final class OneImport implements AutoCloseable {

    /** The run's result (null when the route itself failed, see {@link #problem}) and its report mail. */
    record Outcome(ImportResult result, String problem, String mail) {
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

    /** Runs the import: {@code body} null to fetch over SFTP, or the files given (ImportRequest). */
    Outcome run(String trigger, Object body) {
        ProducerTemplate template = app.camelContext().createProducerTemplate();
        Exchange done = template.send("direct:siras-import", e -> {
            e.getIn().setHeader("trigger", trigger);
            e.getIn().setBody(body);
        });
        if (done.getException() != null) {
            return new Outcome(null, done.getException().getMessage(), null);
        }
        Path mail = done.getMessage().getHeader("reportMailFile", Path.class);
        boolean sentDirectly = done.getMessage().getHeader("reportMailSentDirectly", false, Boolean.class);
        return new Outcome(done.getMessage().getBody(ImportResult.class), null,
                sentDirectly ? "sent directly to " + settings.get("report.mail.to")
                        + " (the outbox could not be written: see the log)" : deliverOnce(template, mail));
    }

    /** One attempt, bounded by mail.smtp.timeout-seconds; a mail SMTP did not take stays in the outbox. */
    private String deliverOnce(ProducerTemplate template, Path mail) {
        if (mail == null) {
            return "not delivered (see the log); it is delivered at the next start of `run` or before the next import";
        }
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
