package org.spedbridge.ops;

import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.spedbridge.config.Settings;

/** {@code check mail}: sends a test message to {@code report.mail.to} through the configured SMTP server (camel-mail). */
public final class MailCheck {

    private final Settings settings;

    public MailCheck(Settings settings) {
        this.settings = settings;
    }

    /** Returns 0 when the SMTP server took the message, 4 when it did not. */
    public int run(PrintWriter out) throws Exception {
        String host = settings.require("mail.smtp.host");
        int port = settings.getInt("mail.smtp.port");
        String to = settings.require("report.mail.to");
        String from = settings.require("report.mail.from");
        out.printf("SMTP server   %s port %d%s%n", host, port,
                settings.get("mail.smtp.username").isEmpty() ? "" : ", user " + settings.get("mail.smtp.username"));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setOverrideProperties(settings.resolved());
            camel.start();
            ProducerTemplate mail = camel.createProducerTemplate();
            Exchange sent = mail.send(SmtpEndpoint.uri(settings), exchange -> {
                exchange.getIn().setHeaders(Map.of("To", to, "From", from,
                        "Subject", "sped-bridge test message " + ZonedDateTime.now().withNano(0)));
                exchange.getIn().setBody("This is a test message from sped-bridge (check mail). The nightly SIRAS import "
                        + "reports will reach these addresses: " + to + "\n");
            });
            if (sent.getException() != null) {
                out.println("FAILED: the SMTP server did not take the message: " + rootMessage(sent.getException())
                        + ". Check mail.smtp.host, mail.smtp.port, mail.smtp.username, MAIL_SMTP_PASSWORD and mail.smtp.starttls.");
                return 4;
            }
            out.println("sent          a test message to " + to);
            return 0;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
