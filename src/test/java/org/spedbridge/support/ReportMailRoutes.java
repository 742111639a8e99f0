package org.spedbridge.support;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.mail.ImportReportMail;
import org.spedbridge.mail.ReportDelivery;
import org.spedbridge.mail.ReportTemplates;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.run.ImportRuns;
import org.spedbridge.store.Database;

/**
 * routes/report-mail.camel.yaml alone on Camel Main with the beans it calls ({@code importReportMail}, the
 * {@code freemarker} component of {@link ReportTemplates} and {@code reportDelivery}, whose run records are in an
 * empty in-memory database): the report mail as the application writes it. Close it at the end of the test.
 */
public final class ReportMailRoutes implements AutoCloseable {

    private final Main main = new Main();
    private final Database database;
    private final ProducerTemplate template;

    public ReportMailRoutes(Settings settings) throws Exception {
        // the routes' placeholders; none of the runtime's camel.* settings (no server, no database, no JMX)
        Properties p = settings.resolved();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("camel.")).forEach(p::remove);
        p.putAll(DerivedSettings.of(settings));
        p.setProperty("camel.main.routes-include-pattern", "file:routes/report-mail.camel.yaml");
        p.setProperty("camel.main.jmx-enabled", "false");
        p.setProperty("report.mail.undelivered-check-enabled", "false"); // `run`'s background check: not this test's
        main.setDefaultPropertyPlaceholderLocation("false"); // these settings only, not application.properties
        main.setOverrideProperties(p);
        ImportReportMail reportMail = new ImportReportMail(settings);
        main.bind("importReportMail", reportMail);
        main.bind("freemarker", ReportTemplates.component(settings));
        database = Database.open(settings.with("db.url", "jdbc:h2:mem:reportmail" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        main.bind("reportDelivery", new ReportDelivery(
                new ImportRuns(database, Path.of(settings.require("siras.import.work-dir"))), reportMail, settings));
        main.start();
        template = main.getCamelContext().createProducerTemplate();
    }

    /** Sends the run's result through direct:report-mail; the .eml file it wrote, or the reason it wrote none. */
    public Path writeToOutbox(ImportResult r) throws Exception {
        Exchange done = template.send("direct:report-mail", e -> e.getIn().setBody(r));
        Exception caught = done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught != null) {
            throw caught;
        }
        return done.getProperty(ReportDelivery.OUTCOME, ReportDelivery.Outcome.class).outboxFile();
    }

    /** The mail of that result as it was written to the outbox. */
    public MimeMessage mail(ImportResult r) throws Exception {
        try (InputStream in = Files.newInputStream(writeToOutbox(r))) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    /** The report's plain-text body (what JMX lastReport() shows). */
    public String text(ImportResult r) {
        return template.requestBody("direct:report-mail-text", r, String.class);
    }

    @Override
    public void close() throws Exception {
        template.stop();
        main.stop();
        database.close();
    }
}
