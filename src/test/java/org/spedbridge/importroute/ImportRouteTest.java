package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.spedbridge.support.SirasSite.runNow;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.ops.SirasImportMBean;
import org.spedbridge.ops.SirasImportOperations;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.support.LogCapture;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * The nightly import route end to end: real SFTP server (MINA SSHD), real SMTP server (GreenMail),
 * H2 and PostgreSQL. Each failure must be FAILED, write nothing, and say why in the report.
 */
class ImportRouteTest {

    static final String STUDENTS_HEADER = "Record Type Code,Transaction Type Code,Reporting LEA,School of Attendance,"
            + "Academic Year ID,SSID,Local Student ID,Student Legal First Name,Student Legal Last Name,Student Birth Date,"
            + "Education Plan Type Code,Disability 1 Code";
    static final String SERVICES_HEADER = "Record Type Code,Transaction Type Code,SSID,Local Student ID,"
            + "Special Education Service Code,Special Education Service Provider Code,Service Location Code,"
            + "Service Frequency Code,Service Duration,Nonpublic Agency Identifier,Service Start Date,Service End Date";
    static final String STUDENTS = STUDENTS_HEADER + "\n"
            + "SPED,A,1964212,1964212,2025-2026,1000000001,1001,Ana,Lopez,20150101,100,240\n"
            + "SPED,A,1964212,1964212,2025-2026,1000000002,,Ben,Kim,20140202,100,290\n"
            + "SPED,A,1964212,1964212,2025-2026,1000000099,9999,Un,Matched,20160101,100,290\n";
    static final String SERVICES = SERVICES_HEADER + "\n"
            + "SSRV,A,1000000001,,330,100,100,2,30,,20240315,20250315\n"
            + "SSRV,A,1000000002,,415,100,100,2,30,,20240315,20250315\n";
    static final long OLD = 3600;

    @TempDir
    Path tmp;


    static void roster(SpedBridgeApp app) throws Exception {
        try (Connection c = app.database().connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO student (student_id, school_code, state_student_id,"
                     + " first_name, last_name, grade) VALUES (?, 10, ?, ?, ?, ?)")) {
            Object[][] rows = {{1001, "1000000001", "Ana", "Lopez", 3}, {1002, "1000000002", "Ben", "Kim", 4}};
            for (Object[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    ps.setObject(i + 1, r[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long count(SpedBridgeApp app, String sql) throws Exception {
        try (Connection c = app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The one .eml the run left in the outbox (SMTP not configured), as text. */
    static String outboxMail(Path outbox) throws Exception {
        try (Stream<Path> s = Files.list(outbox)) {
            List<Path> eml = s.filter(p -> p.toString().endsWith(".eml")).toList();
            assertThat(eml).hasSize(1);
            MimeMessage m;
            try (InputStream in = Files.newInputStream(eml.get(0))) {
                m = new MimeMessage(jakarta.mail.Session.getInstance(new Properties()), in);
            }
            MimeMultipart alt = (MimeMultipart) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
            return m.getSubject() + "\n" + alt.getBodyPart(0).getContent();
        }
    }

    private Properties fileOnlyMail(SirasSite site) {
        Properties p = site.settings();
        p.setProperty("mail.smtp.host", "");
        return p;
    }

    private static void assertNothingWritten(SpedBridgeApp app) throws Exception {
        assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isZero();
        assertThat(count(app, "SELECT COUNT(*) FROM sped_service")).isZero();
        assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE status = 'FAILED'")).isEqualTo(1);
    }

    @Test
    void largeAttachmentsAreZippedOnceWithTheRunsFilesAndReadingTheReportWritesNothing() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, OLD);
            Properties p = fileOnlyMail(site);
            p.setProperty("report.mail.max-attachments-mb", "0"); // every report is "too large": one zip
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                roster(app);
                ImportResult r = runNow(app);
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                Path runDir = tmp.resolve("runs").resolve(Long.toString(r.runId()));
                Path zip = runDir.resolve(ReportFiles.zipName(r.runId()));
                assertThat(r.attachments()).containsExactly(zip);
                assertThat(outboxMail(tmp.resolve("outbox"))).contains(zip.getFileName().toString(),
                        "(in the zip) " + ReportFiles.IMPORTED);
                FileTime made = Files.getLastModifiedTime(zip);

                // JMX lastReport() reads the report: it shows the zip and writes nothing
                SirasImportMBean jmx = new SirasImportOperations(app.camelContext()).mbean();
                assertThat(jmx.lastReport()).contains(zip.getFileName().toString(), "(in the zip) " + ReportFiles.ERRORS);
                assertThat(Files.getLastModifiedTime(zip)).isEqualTo(made);
                Files.delete(zip);
                assertThat(jmx.lastReport()).contains(ReportFiles.IMPORTED).doesNotContain("(in the zip)");
                try (Stream<Path> files = Files.list(runDir)) {
                    assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".zip"));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void appliesThePairFromSftpAndMailsTheReportWithEveryAttachment(TestDatabases.Kind kind) throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, OLD);
            site.startSmtp();
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, tmp, site.settings()))) {
                roster(app);
                ImportResult r = runNow(app);

                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                assertThat(r.trigger()).isEqualTo("now");
                assertThat(r.counts().rowsRead()).isEqualTo(3);
                assertThat(r.counts().matched()).isEqualTo(2);
                assertThat(r.counts().unmatched()).isEqualTo(1);
                assertThat(r.counts().servicesImported()).isEqualTo(2);
                assertThat(r.students().name()).isEqualTo("tableA.csv");
                assertThat(r.students().size()).isEqualTo(STUDENTS.getBytes(StandardCharsets.UTF_8).length);
                assertThat(Files.readString(r.students().localPath())).isEqualTo(STUDENTS);
                assertThat(Files.readString(r.services().localPath())).isEqualTo(SERVICES);
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isEqualTo(2);
                // the remote files stay where they are (SIRAS owns them; noop)
                assertThat(site.sftpRoot.resolve("tableA.csv")).exists();

                await().atMost(Duration.ofSeconds(20)).until(() -> site.smtp.getReceivedMessages().length == 2);
                MimeMessage m = site.smtp.getReceivedMessages()[0];
                assertThat(m.getSubject()).matches("SIRAS import 1234567 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d: APPLIED");
                MimeMultipart mixed = (MimeMultipart) m.getContent();
                MimeMultipart alt = (MimeMultipart) mixed.getBodyPart(0).getContent();
                assertThat((String) alt.getBodyPart(0).getContent()).contains("tableA.csv", "tableB.csv")
                        .containsPattern("Student rows read\\s+3").containsPattern("Matched\\s+2")
                        .containsPattern("Unmatched\\s+1").containsPattern("Services imported\\s+2");
                assertThat(alt.getBodyPart(1).getContentType()).startsWith("text/html");
                List<String> names = new ArrayList<>();
                for (int i = 1; i < mixed.getCount(); i++) {
                    BodyPart part = mixed.getBodyPart(i);
                    names.add(part.getFileName());
                    assertThat(part.getContentType()).startsWith("text/csv");
                    Path onDisk = r.attachments().get(i - 1);
                    assertThat(part.getFileName()).isEqualTo(onDisk.getFileName().toString());
                    assertThat(part.getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(onDisk));
                }
                assertThat(names).containsExactlyElementsOf(ReportFiles.ORDER);
                String imported = new String(mixed.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(imported).contains("1000000001", "1000000002").doesNotContain("1000000099");
                String unmatched = new String(mixed.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(unmatched).contains("1000000099");
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    try (Stream<Path> s = Files.list(tmp.resolve("outbox").resolve("sent"))) {
                        return s.count() == 1;
                    }
                });

                // the same pair again the next night: fetched again (no idempotent filter), reported UNCHANGED
                ImportResult again = runNow(app);
                assertThat(again.status()).as(again.message()).isEqualTo(ImportStatus.UNCHANGED);
                assertThat(again.message()).contains("not refreshed since");
            }
        }
    }

    @Test
    void aDownloadedPairIsNotReadAgainByOpenTheSamePairTwiceIsUnchangedAndGivenFilesAreRead() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, OLD);
            String studentsSha = sha256(STUDENTS);
            String servicesSha = sha256(SERVICES);
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, fileOnlyMail(site)))) {
                roster(app);
                long scans = FileFacts.scans();
                ImportResult r = runNow(app);
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                // "open" used the facts the download computed: no file was read a second time
                assertThat(FileFacts.scans() - scans).as("files FileFacts.scan read during a downloaded run").isZero();
                assertThat(r.studentsSha256()).isEqualTo(studentsSha);
                assertThat(r.servicesSha256()).isEqualTo(servicesSha);
                assertThat(Files.readString(r.students().localPath())).isEqualTo(STUDENTS);

                // the same pair downloaded again: UNCHANGED, still without a second read
                ImportResult again = runNow(app);
                assertThat(again.status()).as(again.message()).isEqualTo(ImportStatus.UNCHANGED);
                assertThat(again.studentsSha256()).isEqualTo(studentsSha);
                assertThat(again.servicesSha256()).isEqualTo(servicesSha);
                assertThat(FileFacts.scans() - scans).isZero();
                try (Connection c = app.database().connection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT students_sha256, services_sha256 FROM import_run ORDER BY id")) {
                    for (int row = 0; row < 2; row++) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo(studentsSha);
                        assertThat(rs.getString(2)).isEqualTo(servicesSha);
                    }
                }

                // files given by hand (import-files) are read by "open": both, once each; the same pair, UNCHANGED
                Path given = Files.createDirectories(tmp.resolve("given"));
                Path a = Files.writeString(given.resolve("tableA.csv"), STUDENTS);
                Path b = Files.writeString(given.resolve("tableB.csv"), SERVICES);
                scans = FileFacts.scans();
                ImportResult byHand = app.camelContext().createProducerTemplate().requestBody("direct:siras-import",
                        new ImportRequest("manual", SourceFile.local(a), SourceFile.local(b)), ImportResult.class);
                assertThat(byHand.status()).as(byHand.message()).isEqualTo(ImportStatus.UNCHANGED);
                assertThat(FileFacts.scans() - scans).as("files read by open for import-files").isEqualTo(2);
                assertThat(byHand.studentsSha256()).isEqualTo(studentsSha);
            }
        }
    }

    private static String sha256(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wrongPasswordFailsWritesNothingAndTheMailSaysWhy() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, OLD);
            Properties p = fileOnlyMail(site);
            p.setProperty("siras.sftp.password", "not-the-password");
            try (LogCapture log = new LogCapture();
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                roster(app);
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("refused the login", "SIRAS_SFTP_PASSWORD").doesNotContain("not-the-password");
                assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.contains("not-the-password"));
                assertNothingWritten(app);
                assertThat(outboxMail(tmp.resolve("outbox"))).contains(": FAILED", "refused the login of user '1234567'");
            }
        }
    }

    @Test
    void changedHostKeyFailsAndTheMailSaysHostKey() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, OLD);
            site.restartWithNewHostKey();
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, fileOnlyMail(site)))) {
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("host key", "does not match", site.knownHosts.toString());
                assertNothingWritten(app);
                assertThat(outboxMail(tmp.resolve("outbox"))).contains(": FAILED", "host key");
            }
        }
    }

    @Test
    void unknownHostKeyFailsUnlessTheInsecureFlagIsSetWhichLogsAWarning() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, OLD);
            Files.writeString(site.knownHosts, ""); // the server's key is not known
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp.resolve("strict"),
                    fileOnlyMail(site)))) {
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("is not in " + site.knownHosts);
            }
            Properties insecure = fileOnlyMail(site);
            insecure.setProperty("siras.sftp.insecure-skip-host-key-check", "true");
            try (LogCapture log = new LogCapture();
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp.resolve("lab"), insecure))) {
                ImportResult r = runNow(app);
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                runNow(app);
                assertThat(log.warnings()).filteredOn(l -> l.contains("host-key verification is OFF")).hasSize(2); // every run
            }
            assertThat(site.knownHosts).isEmptyFile(); // the unverified key was not written into known_hosts
        }
    }

    @Test
    void missingFilesFailAndWriteNothing() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, fileOnlyMail(site)))) {
                roster(app);
                ImportResult none = runNow(app);
                assertThat(none.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(none.message()).startsWith("Neither tableA.csv nor tableB.csv is on SIRAS' SFTP server");
                assertNothingWritten(app);

                site.put("tableA.csv", STUDENTS, OLD);
                Instant before = Instant.now();
                ImportResult onlyOne = runNow(app);
                assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(15)); // no waiting for a timeout
                assertThat(onlyOne.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(onlyOne.message()).contains("Only tableA.csv is on", "tableB.csv is missing", "both or neither");
                assertThat(onlyOne.students()).isNotNull();
                assertThat(onlyOne.services()).isNull();
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE status = 'FAILED'")).isEqualTo(2);
            }
        }
    }

    @Test
    void aFileStillBeingWrittenIsNotReadUntilTheNextRun() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, 5); // SIRAS wrote it 5 s ago (min age 60 s)
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, fileOnlyMail(site)))) {
                roster(app);
                ImportResult notReady = runNow(app);
                assertThat(notReady.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(notReady.message()).startsWith("Not ready: tableB.csv was modified").contains("next run tries again");
                assertNothingWritten(app);

                Files.setLastModifiedTime(site.sftpRoot.resolve("tableB.csv"), FileTime.from(Instant.now().minusSeconds(OLD)));
                ImportResult next = runNow(app);
                assertThat(next.status()).as(next.message()).isEqualTo(ImportStatus.APPLIED);
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isEqualTo(2);
            }
        }
    }

    @Test
    void aFileThatGrowsWhileItIsDownloadedIsNotRead() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", STUDENTS, OLD);
            site.put("tableB.csv", SERVICES, OLD);
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, fileOnlyMail(site)))) {
                // SIRAS appends to tableA.csv between our download and our second look (its time stays old)
                org.apache.camel.builder.AdviceWith.adviceWith(app.camelContext(), "siras-import", a ->
                        a.weaveById("siras-look-students-again").before().process(e -> {
                            Path f = site.sftpRoot.resolve("tableA.csv");
                            FileTime t = Files.getLastModifiedTime(f);
                            Files.writeString(f, "SPED,A,1964212,1964212,2025-2026,1000000003,,C,D,20150101,100,240\n",
                                    java.nio.file.StandardOpenOption.APPEND);
                            Files.setLastModifiedTime(f, t);
                        }));
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("Not ready: tableA.csv changed while it was downloaded");
                assertNothingWritten(app);
            }
        }
    }

    @Test
    void unreachableServerFails() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            Properties p = fileOnlyMail(site);
            p.setProperty("siras.sftp.port", Integer.toString(SirasSite.freePort()));
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("could not be reached", "siras.sftp.host");
                assertNothingWritten(app);
            }
        }
    }

    @Test
    void theQuartzScheduleStartsTheImportWithTriggerSchedule() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            Properties p = fileOnlyMail(site);
            p.setProperty("siras.import.schedule-enabled", "true");
            p.setProperty("siras.import.cron", "0/1 * * * * ?");
            p.setProperty("siras.import.time-zone", "Pacific/Honolulu");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        count(app, "SELECT COUNT(*) FROM import_run WHERE trigger_name = 'schedule'") >= 1);
            }
        }
    }
}
