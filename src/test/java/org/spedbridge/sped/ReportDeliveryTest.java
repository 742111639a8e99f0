package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.spedbridge.sped.SpedKit.SERVICES_HEADER;
import static org.spedbridge.sped.SpedKit.STUDENTS_HEADER;
import static org.spedbridge.sped.SpedKit.lines;
import static org.spedbridge.sped.SpedKit.service;
import static org.spedbridge.sped.SpedKit.student;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.LogCapture;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TestDatabases;

/**
 * Every run's report reaches the staff (issue 10, item 4) when its outbox cannot take it: it goes directly through
 * SMTP (GreenMail); with SMTP down too, the log says why (ERROR naming the run and what to do) and the health check
 * sped-bridge/report-mail is DOWN until the report goes out, which the next import does first. The outbox is a
 * folder that cannot be created (a file is in its place: unwritable even for root) or a full disk (a small tmpfs,
 * where this machine lets the test mount one). The process killed right after its commit: packaged/ReportAfterKillIT.
 */
class ReportDeliveryTest {

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private static final String STUDENTS = lines(STUDENTS_HEADER, student("A", "1000000001", "", "Ana", "Ok", "20150101"));
    private static final String SERVICES = lines(SERVICES_HEADER, service("A", "1000000001", "", "330"));

    private static Map<String, String> settings(SirasSite site, Path outbox, int managementPort) {
        Map<String, String> s = new HashMap<>();
        site.settings().forEach((k, v) -> s.put((String) k, (String) v));
        s.put("report.mail.outbox-dir", outbox.toString());
        if (managementPort > 0) {
            s.put("management.enabled", "true");
            s.put("management.port", Integer.toString(managementPort));
        }
        return s;
    }

    /** Where the outbox should be, a file: the folder can be neither created nor written, also by root. */
    private Path blockedOutbox() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "a file where the outbox's parent should be");
        return notAFolder.resolve("outbox");
    }

    private static String delivery(SpedKit kit, long runId) throws Exception {
        return kit.one("SELECT CASE WHEN report_delivered_at IS NULL THEN 'not delivered' ELSE 'delivered' END"
                + " || ' / ' || COALESCE(report_problem, '-') FROM import_run WHERE id = " + runId);
    }

    private static String[] subjects(SirasSite site) throws Exception {
        return Arrays.stream(site.smtp.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void anOutboxThatCannotBeWrittenSendsTheReportDirectlyThroughSmtp(TestDatabases.Kind kind) throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.startSmtp();
            try (LogCapture log = new LogCapture(); SpedKit kit = new SpedKit(kind, tmp, settings(site, blockedOutbox(), 0))) {
                ImportResult r = kit.run(kit.file(STUDENTS), kit.file(SERVICES));
                assertThat(r.status()).isEqualTo(ImportStatus.APPLIED);
                await().atMost(Duration.ofSeconds(20)).until(() -> site.smtp.getReceivedMessages().length == 2);
                MimeMessage got = site.smtp.getReceivedMessages()[0];
                assertThat(got.getSubject()).startsWith("SIRAS import 1234567 ").endsWith(": APPLIED");
                assertThat(got.getContentType()).startsWith("multipart/mixed"); // with the report files
                assertThat(delivery(kit, r.runId())).isEqualTo("delivered / -");
                assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN The report mail of run " + r.runId()
                        + " (APPLIED) could not be written to the outbox") && l.contains("sent directly through SMTP"));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> site.smtp.getReceivedMessages().length == 2); // once, not again
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aFullDiskUnderTheOutboxSendsTheReportDirectlyThroughSmtp(TestDatabases.Kind kind) throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        Assumptions.assumeTrue(mountTmpfs(disk, "128k"), "mounting a small tmpfs needs root (mount -t tmpfs)");
        try {
            Path outbox = Files.createDirectories(disk.resolve("outbox"));
            fill(disk.resolve("filler"));
            try (SirasSite site = new SirasSite(tmp)) {
                site.startSmtp();
                try (LogCapture log = new LogCapture(); SpedKit kit = new SpedKit(kind, tmp, settings(site, outbox, 0))) {
                    ImportResult r = kit.run(kit.file(STUDENTS), kit.file(SERVICES));
                    assertThat(r.status()).isEqualTo(ImportStatus.APPLIED);
                    await().atMost(Duration.ofSeconds(20)).until(() -> site.smtp.getReceivedMessages().length == 2);
                    assertThat(subjects(site)).allMatch(s -> s.endsWith(": APPLIED"));
                    assertThat(delivery(kit, r.runId())).isEqualTo("delivered / -");
                    assertThat(log.lines()).anyMatch(l -> l.contains("could not be written to the outbox")
                            && l.contains("No space left on device") && l.contains("sent directly through SMTP"));
                    try (var left = Files.list(outbox)) {
                        assertThat(left).as("nothing half-written left in the outbox").isEmpty();
                    }
                }
            }
        } finally {
            run("umount", disk.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void withSmtpDownTooTheLogSaysWhyAndTheHealthCheckIsDownUntilTheReportGoesOut(TestDatabases.Kind kind)
            throws Exception {
        int port = FreePort.find();
        Path outbox = blockedOutbox();
        try (SirasSite site = new SirasSite(tmp)) {
            try (LogCapture log = new LogCapture(); SpedKit kit = new SpedKit(kind, tmp, settings(site, outbox, port))) {
                ImportResult r = kit.run(kit.file(STUDENTS), kit.file(SERVICES));
                assertThat(r.status()).isEqualTo(ImportStatus.APPLIED);
                assertThat(log.lines()).anyMatch(l -> l.startsWith("ERROR The report of SIRAS import run " + r.runId()
                        + " (APPLIED) reached no one: the outbox " + outbox.toAbsolutePath() + " could not be written")
                        && l.contains("sending it through SMTP 127.0.0.1 failed too") && l.contains("Fix the cause")
                        && l.contains("DOWN until then"));
                assertThat(delivery(kit, r.runId())).startsWith("not delivered / the outbox ");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    HttpResponse<String> health = get(port, "/observe/health?exposureLevel=full");
                    assertThat(health.statusCode()).isEqualTo(503);
                    assertThat(health.body()).contains("report-mail")
                            .contains("The report of SIRAS import run(s) [" + r.runId() + "] reached no one");
                });

                // fixed: the outbox can be written again and SMTP is back; the next import delivers the waiting
                // report before it starts (then its own, UNCHANGED)
                Files.delete(tmp.resolve("not-a-folder"));
                site.startSmtp();
                ImportResult next = kit.run(kit.file(STUDENTS), kit.file(SERVICES));
                assertThat(next.status()).isEqualTo(ImportStatus.UNCHANGED);
                await().atMost(Duration.ofSeconds(30)).until(() -> site.smtp.getReceivedMessages().length == 4);
                assertThat(subjects(site)).filteredOn(s -> s.endsWith(": APPLIED")).hasSize(2);
                assertThat(subjects(site)).filteredOn(s -> s.endsWith(": UNCHANGED")).hasSize(2);
                assertThat(delivery(kit, r.runId())).isEqualTo("delivered / -");
                assertThat(delivery(kit, next.runId())).isEqualTo("delivered / -");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(get(port, "/observe/health?exposureLevel=full").body()).doesNotContain("reached no one"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aReportFoundInTheOutboxIsRecordedNotWrittenTwice(TestDatabases.Kind kind) throws Exception {
        Path outbox = tmp.resolve("outbox");
        try (SpedKit kit = new SpedKit(kind, tmp, Map.of("report.mail.outbox-dir", outbox.toString(),
                "district.cds-code", "1234567"))) {
            ImportResult r = kit.run(kit.file(STUDENTS), kit.file(SERVICES));
            assertThat(r.status()).isEqualTo(ImportStatus.APPLIED);
            assertThat(delivery(kit, r.runId())).isEqualTo("delivered / -");
            // the process stopped after writing the report, before recording that it did
            kit.sql("UPDATE import_run SET report_delivered_at = NULL WHERE id = ?", r.runId());

            ImportResult next = kit.run(kit.file(STUDENTS), kit.file(SERVICES));
            assertThat(next.status()).isEqualTo(ImportStatus.UNCHANGED);
            assertThat(delivery(kit, r.runId())).isEqualTo("delivered / -");
            try (var mails = Files.list(outbox)) {
                assertThat(mails.map(p -> p.getFileName().toString()).sorted()).hasSize(2)
                        .anyMatch(n -> n.endsWith("-run" + r.runId() + "-APPLIED.eml"))
                        .anyMatch(n -> n.endsWith("-run" + next.runId() + "-UNCHANGED.eml"));
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean mountTmpfs(Path at, String size) {
        try {
            return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString()) == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Writes into {@code file} until the disk is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
    }
}
