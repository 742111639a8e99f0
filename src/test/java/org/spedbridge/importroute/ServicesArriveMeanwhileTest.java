package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.spedbridge.support.SirasSite.runNow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.SmallDisk;
import org.spedbridge.support.TcpRelay;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * The services file (tableB, the big one) downloads on a thread of its own while the students are staged and matched
 * (issue 12: the stages overlap the transfer), behind a {@link TcpRelay} that slows SIRAS' server down. What must
 * hold whatever the thread does: the run waits for the file before it writes services, a download that fails or is
 * cut ends the run FAILED with nothing written, a run that ends first (students refused) cuts the download instead of
 * waiting for it, and no SSH session or partial copy is left behind. An unchanged pair, now known only once the
 * services file has arrived, leaves nothing of what its stages did.
 */
class ServicesArriveMeanwhileTest {

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
                // right before the run waits for tableB: what the stages did meanwhile, and how far the download is
                AtomicReference<List<String>> spoolThen = new AtomicReference<>();
                AtomicReference<Long> stagedThen = new AtomicReference<>();
                AdviceWith.adviceWith(app.camelContext(), "siras-import", a ->
                        a.weaveById("siras-services-arrived").before().process(e -> {
                            spoolThen.set(spooled());
                            stagedThen.set(count(app, "SELECT COUNT(*) FROM sped_stage_student"));
                        }));

                ImportResult r = runNow(app);
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                assertThat(stagedThen.get()).as("students staged before tableB had arrived").isPositive();
                // (tableB.csv.part may or may not be there yet: the download lists the directory first)
                assertThat(spoolThen.get()).as("the spool when the students were matched")
                        .contains("tableA.csv").doesNotContain("tableB.csv");
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
            }
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
