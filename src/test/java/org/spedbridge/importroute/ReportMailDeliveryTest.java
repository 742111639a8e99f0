package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/** The outbox: a report waits there while SMTP is down and is delivered once it is back. */
class ReportMailDeliveryTest {

    @TempDir
    Path tmp;

    private static ImportResult failed() {
        Instant now = Instant.now();
        return new ImportResult(3, ImportStatus.FAILED, "schedule", "SIRAS' SFTP server could not be reached.", now, now,
                null, null, null, null, ImportCounts.NONE, List.of());
    }

    private static List<Path> emlIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".eml")).toList();
        }
    }

    @Test
    void smtpDownThenUpDeliversTheReportLater() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            Path outbox = tmp.resolve("outbox");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, site.settings()))) {
                NotifyBuilder attempts = new NotifyBuilder(app.camelContext()).from("file:*").whenReceived(1).create();
                app.camelContext().createProducerTemplate().sendBody("direct:report-mail", failed());
                assertThat(emlIn(outbox)).hasSize(1);
                Path eml = emlIn(outbox).get(0);

                // SMTP is down: the sender tries, fails, and the mail stays in the outbox
                assertThat(attempts.matches(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                        .until(() -> Files.exists(eml) && emlIn(outbox.resolve("sent")).isEmpty());

                site.startSmtp();
                await().atMost(Duration.ofSeconds(20)).until(() -> site.smtp.getReceivedMessages().length == 2);
                await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(eml)
                        && emlIn(outbox.resolve("sent")).size() == 1);
                MimeMessage got = site.smtp.getReceivedMessages()[0];
                assertThat(got.getSubject()).startsWith("SIRAS import 1234567 ").endsWith(": FAILED");
                assertThat(site.smtp.getReceivedMessagesForDomain("district.example")).hasSize(2);
            }
        }
    }

    @Test
    void blankSmtpHostKeepsTheMailAsAFileOnly() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            Properties s = site.settings();
            s.setProperty("mail.smtp.host", "");
            site.startSmtp();
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, s))) {
                assertThat(app.camelContext().getRoute("report-mail-send")).isNull();
                ImportResult r = app.camelContext().createProducerTemplate().requestBody("direct:report-mail", failed(),
                        ImportResult.class);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED); // the body is still the result
                assertThat(emlIn(tmp.resolve("outbox"))).hasSize(1);
                assertThat(site.smtp.getReceivedMessages()).isEmpty();
            }
        }
    }

    @Test
    void logsInToSmtpWithAPasswordFullOfSpecialCharacters() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            String password = "p@ss w&rd%+1=?";
            site.startSmtp();
            site.smtp.setUser("bridge@district.example", "bridge", password);
            Properties s = site.settings();
            s.setProperty("mail.smtp.username", "bridge");
            s.setProperty("mail.smtp.password", password);
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, s))) {
                app.camelContext().createProducerTemplate().sendBody("direct:report-mail", failed());
                await().atMost(Duration.ofSeconds(20)).until(() -> site.smtp.getReceivedMessages().length == 2);
            }
        }
    }

    @Test
    void aWrongSmtpPasswordKeepsTheMailInTheOutbox() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.startSmtp();
            site.smtp.setUser("bridge@district.example", "bridge", "right");
            Properties s = site.settings();
            s.setProperty("mail.smtp.username", "bridge");
            s.setProperty("mail.smtp.password", "wrong");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, s))) {
                java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
                var counter = new org.apache.camel.support.EventNotifierSupport() {
                    @Override
                    public void notify(org.apache.camel.spi.CamelEvent event) {
                        if (event instanceof org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent) {
                            retries.incrementAndGet();
                        }
                    }
                };
                app.camelContext().getManagementStrategy().addEventNotifier(counter);
                counter.start();
                app.camelContext().createProducerTemplate().sendBody("direct:report-mail", failed());
                await().atMost(Duration.ofSeconds(20)).until(() -> retries.get() >= 2); // refused, retried, refused again
                assertThat(emlIn(tmp.resolve("outbox"))).hasSize(1);
                assertThat(site.smtp.getReceivedMessages()).isEmpty();
            }
        }
    }
}
