package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.spedbridge.support.SirasSite.runNow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.support.LogCapture;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.SmallDisk;
import org.spedbridge.support.TcpRelay;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * The two files download on a thread of their own (tableA, then tableB) and are read as they arrive: tableA staged
 * while it arrives, tableB written while it arrives and while the students are matched (issue 12: the stages overlap
 * the transfer), behind a {@link TcpRelay} that slows SIRAS' server down. What must hold whatever the thread does: a
 * download that fails or is cut ends the run FAILED with nothing written, a refusal found while a file arrives counts
 * once it has arrived as listed (else the file changed on the way: not ready), bytes that are not UTF-8 make the file
 * Windows-1252 as a whole (read again, counted once), a run that ends first (students refused) cuts the download
 * instead of waiting for it, and no SSH session or partial copy is left behind. An unchanged pair leaves nothing of
 * what its stages did; a services file of the same size is waited for and compared.
 */
class FilesReadAsTheyArriveTest {

    /** tableA with a row the import rejects (an SSID of two digits): the run has issues to record. */
    private static final String STUDENTS_WITH_AN_ERROR = ImportRouteTest.STUDENTS
            + "SPED,A,1964212,1964212,2025-2026,12,,Bad,Ssid,20150101,100,240\n";

    @TempDir
    Path tmp;

    private static Properties behind(SirasSite site, TcpRelay relay, int stepSeconds) throws Exception {
        Properties p = site.settings();
        p.setProperty("mail.smtp.host", "");
        p.setProperty("siras.sftp.port", Integer.toString(relay.port()));
        site.trustAlsoOnPort(relay.port());
        p.setProperty("siras.sftp.transfer-timeout-seconds", Integer.toString(stepSeconds));
        return p;
    }

    private static long count(SpedBridgeApp app, String sql) throws Exception {
        try (Connection c = app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The spool copies of the run's files, complete or partial (".part"), by name. */
    private List<String> spooled() throws Exception {
        Path incoming = tmp.resolve("runs").resolve("incoming");
        if (!Files.isDirectory(incoming)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(incoming)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
    }

    private static void noSessionLeftOpen(SirasSite site) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(site.sftp.sessionsOpen()).as("SSH sessions open after the run").isZero());
    }

    private static void nothingWritten(SpedBridgeApp app) throws Exception {
        assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isZero();
        assertThat(count(app, "SELECT COUNT(*) FROM sped_service")).isZero();
        assertThat(count(app, "SELECT COUNT(*) FROM sped_stage_student")).isZero();
        assertThat(count(app, "SELECT COUNT(*) FROM import_issue")).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void theStudentsAreStagedAndMatchedWhileTheServicesFileDownloadsAndAnUnchangedPairLeavesNothing(
            TestDatabases.Kind kind) throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.put("tableA.csv", STUDENTS_WITH_AN_ERROR, ImportRouteTest.OLD);
            int services = site.putLargeServicesFile("tableB.csv", 3, "1000000001");
            relay.slowTo(1024 * 1024); // about 3 s for tableB
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, tmp, behind(site, relay, 60)))) {
                ImportRouteTest.roster(app);
                // what the stages did while tableB.csv.part was still arriving (watched every 20 ms)
                ImportResult r;
                try (ArrivalWatch watch = new ArrivalWatch(app)) {
                    r = runNow(app);
                    assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                    assertThat(watch.studentsStaged).as("students staged while tableB arrived").isTrue();
                    assertThat(watch.servicesWritten).as("services written (report lines) while tableB arrived").isTrue();
                }
                assertThat(r.counts().serviceRowsRead()).isEqualTo(services);
                assertThat(r.counts().servicesImported()).isEqualTo(services);
                assertThat(Files.size(r.services().localPath())).isEqualTo(Files.size(site.sftpRoot.resolve("tableB.csv")));
                assertThat(r.servicesSha256()).hasSize(64);
                assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE id = " + r.runId()
                        + " AND services_sha256 = '" + r.servicesSha256() + "' AND services_size = "
                        + Files.size(r.services().localPath()))).as("the services file recorded as it arrived").isEqualTo(1);
                long issues = count(app, "SELECT COUNT(*) FROM import_issue WHERE run_id = " + r.runId());
                assertThat(issues).as("the rejected row's issue").isPositive();
                assertThat(spooled()).doesNotContain("tableB.csv.part");
                noSessionLeftOpen(site);

                // the same pair again: staged and matched while tableB downloads, then UNCHANGED, and nothing of it stays
                ImportResult again = runNow(app);
                assertThat(again.status()).as(again.message()).isEqualTo(ImportStatus.UNCHANGED);
                assertThat(again.message()).contains("not refreshed since", "run " + r.runId());
                assertThat(again.servicesSha256()).isEqualTo(r.servicesSha256());
                assertThat(count(app, "SELECT COUNT(*) FROM import_issue WHERE run_id = " + again.runId())).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM import_issue")).isEqualTo(issues);
                assertThat(count(app, "SELECT COUNT(*) FROM sped_stage_student")).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM sped_service")).isEqualTo(services);
                assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE id = " + again.runId()
                        + " AND status = 'UNCHANGED' AND services_sha256 = '" + r.servicesSha256() + "'")).isEqualTo(1);
                Path unchangedDir = tmp.resolve("runs").resolve(Long.toString(again.runId()));
                if (Files.isDirectory(unchangedDir)) {
                    try (Stream<Path> left = Files.list(unchangedDir)) {
                        assertThat(left).as("report files of the UNCHANGED run").isEmpty();
                    }
                }
                noSessionLeftOpen(site);

                // a services file of the same size with other bytes: waited for, compared, and applied
                byte[] changed = Files.readAllBytes(site.sftpRoot.resolve("tableB.csv"));
                int at = new String(changed, StandardCharsets.US_ASCII).lastIndexOf("330");
                changed[at] = '4'; // service 430 instead of 330 on the last row
                Files.write(site.sftpRoot.resolve("tableB.csv"), changed);
                Files.setLastModifiedTime(site.sftpRoot.resolve("tableB.csv"), FileTime.from(Instant.now().minusSeconds(3600)));
                ImportResult third = runNow(app);
                assertThat(third.status()).as(third.message()).isEqualTo(ImportStatus.APPLIED);
                assertThat(third.servicesSha256()).isNotEqualTo(r.servicesSha256());
                assertThat(count(app, "SELECT COUNT(*) FROM sped_service WHERE service_code = '430'")).isEqualTo(1);
                noSessionLeftOpen(site);
            }
        }
    }

    /**
     * A services file whose bytes are not all UTF-8 is Windows-1252 as a whole: read as it arrives, then forgotten and
     * read again once it has arrived, it counts once (rows, services, issues, report lines), as if given complete.
     */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aServicesFileThatIsNotUtf8IsReadAgainAsWindows1252AndCountsOnce(TestDatabases.Kind kind) throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.put("tableA.csv", STUDENTS_WITH_AN_ERROR, ImportRouteTest.OLD);
            int services = site.putLargeServicesFile("tableB.csv", 3, "1000000001");
            Path tableB = site.sftpRoot.resolve("tableB.csv");
            // the last row's agency identifier "NPA\u00e9" in Windows-1252 (one byte 0xE9: not UTF-8), 3 MB in
            byte[] bytes = Files.readAllBytes(tableB);
            String text = new String(bytes, StandardCharsets.US_ASCII);
            int lastRow = text.lastIndexOf("SSRV,");
            String row = text.substring(lastRow).replace(",30,,", ",30,NPA\u00e9,");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, lastRow);
            out.write(row.getBytes(Charset.forName("windows-1252")));
            Files.write(tableB, out.toByteArray());
            Files.setLastModifiedTime(tableB, FileTime.from(Instant.now().minusSeconds(3600)));
            relay.slowTo(1024 * 1024);
            try (LogCapture log = new LogCapture();
                 SpedBridgeApp app = TestApp.start(TestApp.settings(kind, tmp, behind(site, relay, 60)))) {
                ImportRouteTest.roster(app);
                ImportResult r = runNow(app);
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                assertThat(log.lines()).as("the first reading, as it arrived, stopped at the byte")
                        .anyMatch(l -> l.contains("tableB.csv is not valid UTF-8: read again as Windows-1252"));
                assertThat(r.counts().serviceRowsRead()).isEqualTo(services);
                assertThat(r.counts().servicesImported()).isEqualTo(services);
                assertThat(count(app, "SELECT COUNT(*) FROM sped_service")).isEqualTo(services);
                assertThat(count(app, "SELECT COUNT(*) FROM import_issue WHERE run_id = " + r.runId()
                        + " AND file_name = 'tableB.csv' AND reason LIKE '%not valid UTF-8%'")).isEqualTo(1);
                assertThat(count(app, "SELECT COUNT(*) FROM import_issue WHERE run_id = " + r.runId()
                        + " AND file_name = 'tableB.csv'")).as("tableB's issues, once").isEqualTo(1);
                assertThat(count(app, "SELECT COUNT(*) FROM import_issue WHERE run_id = " + r.runId()))
                        .as("tableA's rejected row and tableB's warning").isEqualTo(2);
                Path imported = tmp.resolve("runs").resolve(Long.toString(r.runId())).resolve(ReportFiles.SERVICES_IMPORTED);
                try (Stream<String> lines = Files.lines(imported)) {
                    assertThat(lines.count()).as("imported services file: header + one line per service").isEqualTo(services + 1);
                }
                noSessionLeftOpen(site);
            }
        }
    }

    /** A refusal found while the file arrives (its last line cut short) counts once the file has arrived complete. */
    @Test
    void aServicesFileCutShortIsRefusedOnceItHasArrivedWithNothingWritten() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.putLargeServicesFile("tableB.csv", 3, "1000000001");
            Path tableB = site.sftpRoot.resolve("tableB.csv");
            Files.writeString(tableB, "SSRV,A,1000000001,,330", StandardOpenOption.APPEND);
            Files.setLastModifiedTime(tableB, FileTime.from(Instant.now().minusSeconds(3600)));
            relay.slowTo(1024 * 1024);
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, behind(site, relay, 60)))) {
                ImportRouteTest.roster(app);
                ImportResult r = runNow(app);
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.REFUSED);
                assertThat(r.message()).contains("The last line of tableB.csv", "is cut short");
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM sped_service")).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM sped_stage_student")).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM import_issue WHERE kind <> 'error'")).as("issues other than the refusal").isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE id = " + r.runId()
                        + " AND status = 'REFUSED' AND services_sha256 IS NOT NULL")).as("the file recorded as it arrived")
                        .isEqualTo(1);
                noSessionLeftOpen(site);
            }
        }
    }

    /** tableA is staged as it arrives: staging rows are there while tableA.csv.part is still being written. */
    @Test
    void theStudentsFileIsStagedAsItArrives() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.putLargeStudentsFile("tableA.csv", 3);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            relay.slowTo(1024 * 1024); // about 3 s for tableA
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, behind(site, relay, 60)))) {
                ImportRouteTest.roster(app);
                try (ArrivalWatch watch = new ArrivalWatch(app)) {
                    ImportResult r = runNow(app);
                    assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                    assertThat(watch.studentsStagedAsTableAArrived).as("students staged while tableA arrived").isTrue();
                    assertThat(r.counts().rowsRead()).isGreaterThan(30_000);
                    assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE id = " + r.runId()
                            + " AND students_sha256 = '" + r.studentsSha256() + "' AND students_size = "
                            + Files.size(site.sftpRoot.resolve("tableA.csv")))).as("tableA recorded as it arrived").isEqualTo(1);
                }
                noSessionLeftOpen(site);
            }
        }
    }

    /**
     * A students file that is not UTF-8, read as it arrives: what the first reading staged, matched and logged is
     * forgotten and the file read again as Windows-1252; the run equals the same files imported by hand (read whole).
     */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aStudentsFileThatIsNotUtf8CountsAsTheSameFilesGivenByHand(TestDatabases.Kind kind) throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.putLargeStudentsFile("tableA.csv", 3);
            Path tableA = site.sftpRoot.resolve("tableA.csv");
            // the students of the roster (matched), then the 3 MB, the last row's first name in Windows-1252 ("Jos\u00e9")
            String known = ImportRouteTest.STUDENTS.substring(ImportRouteTest.STUDENTS.indexOf('\n') + 1);
            String text = Files.readString(tableA);
            int header = text.indexOf('\n') + 1;
            String body = text.substring(0, header) + known + text.substring(header);
            int lastRow = body.lastIndexOf("SPED,");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(body.substring(0, lastRow).getBytes(StandardCharsets.US_ASCII));
            out.write(body.substring(lastRow).replace(",Ana,", ",Jos\u00e9,").getBytes(Charset.forName("windows-1252")));
            Files.write(tableA, out.toByteArray());
            Files.setLastModifiedTime(tableA, FileTime.from(Instant.now().minusSeconds(3600)));
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            relay.slowTo(1024 * 1024);
            Properties p = behind(site, relay, 60);
            p.setProperty("siras.import.reapply-unchanged", "true");
            try (LogCapture log = new LogCapture(); SpedBridgeApp app = TestApp.start(TestApp.settings(kind, tmp, p))) {
                ImportRouteTest.roster(app);
                ImportResult fetched = runNow(app);
                assertThat(fetched.status()).as(fetched.message()).isEqualTo(ImportStatus.APPLIED);
                assertThat(log.lines()).as("the first reading, as it arrived, stopped at the byte")
                        .anyMatch(l -> l.contains("tableA.csv is not valid UTF-8: read again as Windows-1252"));
                assertThat(fetched.counts().matched()).isEqualTo(2);
                assertThat(fetched.counts().servicesImported()).isEqualTo(2);

                ImportResult byHand = app.camelContext().createProducerTemplate().requestBody("direct:siras-import",
                        new ImportRequest("manual", SourceFile.local(fetched.students().localPath()),
                                SourceFile.local(fetched.services().localPath())), ImportResult.class);
                assertThat(byHand.status()).as(byHand.message()).isEqualTo(ImportStatus.APPLIED);
                assertThat(fetched.counts()).isEqualTo(byHand.counts());
                assertThat(fetched.studentsSha256()).isEqualTo(byHand.studentsSha256());
                for (String sql : List.of("SELECT COUNT(*) FROM import_issue WHERE run_id = ",
                        "SELECT COUNT(*) FROM import_issue WHERE reason LIKE '%not valid UTF-8%' AND run_id = ",
                        "SELECT COUNT(*) FROM sped_stage_match WHERE run_id = ")) {
                    assertThat(count(app, sql + fetched.runId())).as(sql).isEqualTo(count(app, sql + byHand.runId()));
                }
                assertThat(count(app, "SELECT COUNT(*) FROM import_issue WHERE reason LIKE '%not valid UTF-8%' AND run_id = "
                        + fetched.runId())).isEqualTo(1);
                noSessionLeftOpen(site);
            }
        }
    }

    @Test
    void aStudentsDownloadCutByTheStepTimeLimitFailsTheRunWithNothingWritten() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.putLargeStudentsFile("tableA.csv", 4);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            relay.slowTo(256 * 1024); // 4 MB take 16 s
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, behind(site, relay, 3)))) {
                ImportRouteTest.roster(app);
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("downloading tableA.csv did not finish within 3 s",
                        "siras.sftp.transfer-timeout-seconds");
                nothingWritten(app);
                assertThat(spooled()).doesNotContain("tableA.csv.part", "tableA.csv", "tableB.csv.part", "tableB.csv");
                noSessionLeftOpen(site);
            }
        }
    }

    /**
     * A students file that SIRAS appends to while it arrives, still cut short at its end: read as it arrives it would be
     * refused, but it did not arrive as listed, so the run is not ready (FAILED, the next run tries again), as the fetch
     * says of any file that changed while it was downloaded.
     */
    @Test
    void aStudentsFileThatChangesWhileItArrivesIsNotReadyRatherThanRefused() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.putLargeStudentsFile("tableA.csv", 2);
            Path tableA = site.sftpRoot.resolve("tableA.csv");
            Files.writeString(tableA, "SPED,A,19", StandardOpenOption.APPEND); // a last line cut short
            Files.setLastModifiedTime(tableA, FileTime.from(Instant.now().minusSeconds(3600)));
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            relay.slowTo(256 * 1024); // 2 MB take 8 s
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, behind(site, relay, 60)))) {
                ImportRouteTest.roster(app);
                Thread appender = new Thread(() -> {
                    try {
                        await().atMost(Duration.ofSeconds(20)).until(() -> spooled().contains("tableA.csv.part"));
                        FileTime t = Files.getLastModifiedTime(tableA);
                        Files.writeString(tableA, "64212,1964212", StandardOpenOption.APPEND); // still cut short
                        Files.setLastModifiedTime(tableA, t);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                appender.start();
                ImportResult r = runNow(app);
                appender.join();
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("Not ready: tableA.csv changed while it was downloaded")
                        .contains("next run tries again");
                nothingWritten(app);
                noSessionLeftOpen(site);
            }
        }
    }

    /**
     * Watches the database and the run folders every 20 ms while a run goes on: whether the students were staged, and
     * whether services were written (the imported services report past its first 64 KB), while tableB.csv.part was
     * still arriving in the spool; and whether staged students were there while tableA.csv.part was still arriving
     * (visible on H2, whose batches commit as they go; PostgreSQL's COPY shows its rows at its end).
     */
    private final class ArrivalWatch implements AutoCloseable {
        volatile boolean studentsStaged;
        volatile boolean servicesWritten;
        volatile boolean studentsStagedAsTableAArrived;
        private volatile boolean stop;
        private final Thread thread;

        ArrivalWatch(SpedBridgeApp app) {
            thread = new Thread(() -> {
                while (!stop) {
                    try {
                        List<String> spool = spooled();
                        if (spool.contains("tableA.csv.part") && !spool.contains("tableA.csv")
                                && count(app, "SELECT COUNT(*) FROM sped_stage_student") > 0) {
                            studentsStagedAsTableAArrived = true;
                        }
                        if (spool.contains("tableB.csv.part") && !spool.contains("tableB.csv")) {
                            if (count(app, "SELECT COUNT(*) FROM sped_stage_student") > 0) {
                                studentsStaged = true;
                            }
                            if (importedListSize() > 64 * 1024) {
                                servicesWritten = true;
                            }
                        }
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // a folder or table between two states: look again
                    }
                }
            }, "arrival-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private long importedListSize() throws Exception {
            Path runs = tmp.resolve("runs");
            try (Stream<Path> files = Files.walk(runs)) {
                return files.filter(f -> f.getFileName().toString().equals(ReportFiles.SERVICES_IMPORTED))
                        .mapToLong(f -> f.toFile().length()).max().orElse(0);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    @Test
    void aServicesDownloadCutByTheStepTimeLimitFailsTheRunWithNothingWritten() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.putLargeServicesFile("tableB.csv", 4, "1000000001");
            relay.slowTo(256 * 1024); // 4 MB take 16 s
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, behind(site, relay, 3)))) {
                ImportRouteTest.roster(app);
                long started = System.nanoTime();
                ImportResult r = runNow(app);
                long ms = (System.nanoTime() - started) / 1_000_000;
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("downloading tableB.csv did not finish within 3 s",
                        "siras.sftp.transfer-timeout-seconds");
                assertThat(ms).as("ms to the FAILED result").isLessThan(12_000);
                nothingWritten(app);
                assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE status = 'FAILED'")).isEqualTo(1);
                assertThat(spooled()).doesNotContain("tableB.csv.part", "tableB.csv");
                noSessionLeftOpen(site);
            }
        }
    }

    @Test
    void aRunRefusedBeforeTheServicesFileArrivedCutsItsDownloadInsteadOfWaiting() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.put("tableA.csv", "Record Type Code,Student Legal First Name\nSPED,Ana\n", ImportRouteTest.OLD);
            site.putLargeServicesFile("tableB.csv", 8, "1000000001");
            relay.slowTo(256 * 1024); // 8 MB would take 32 s
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, behind(site, relay, 60)))) {
                ImportRouteTest.roster(app);
                long started = System.nanoTime();
                ImportResult r = runNow(app);
                long ms = (System.nanoTime() - started) / 1_000_000;
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.REFUSED);
                assertThat(ms).as("ms to the REFUSED result (not waiting for tableB)").isLessThan(15_000);
                assertThat(relay.bytesToClient()).as("bytes of tableB fetched").isLessThan(6L * 1024 * 1024);
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM sped_stage_student")).isZero();
                assertThat(spooled()).contains("tableA.csv").doesNotContain("tableB.csv.part", "tableB.csv");
                noSessionLeftOpen(site);
            }
        }
    }

    @Test
    void aLocalDiskThatFillsDuringTheServicesDownloadFailsTheRunWithNothingWritten() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay relay = new TcpRelay(site.sftp.port())) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.putLargeServicesFile("tableB.csv", 3, "1000000001");
            try (SmallDisk disk = SmallDisk.mount(tmp.resolve("runs"), 2);
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, behind(site, relay, 60)))) {
                ImportRouteTest.roster(app);
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("The local disk is full (");
                nothingWritten(app);
                assertThat(spooled()).doesNotContain("tableB.csv.part", "tableB.csv");
                noSessionLeftOpen(site);
            }
        }
    }
}
