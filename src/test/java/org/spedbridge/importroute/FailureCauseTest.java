package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.spedbridge.support.SirasSite.runNow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.SmallDisk;
import org.spedbridge.support.TcpRelay;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * Each cause that stops an import, made to happen for real, is named in the FAILED message with what to do:
 * SIRAS' server stopped during a download, the network gone silent, the local disk full (while downloading and
 * while the run writes its files), the work folder read-only, the database gone. (A wrong password, a changed or
 * unknown host key, an unreachable server and files missing on the server: {@link ImportRouteTest}.)
 */
class FailureCauseTest {

    @TempDir
    Path tmp;

    /** When the test made the failure happen (System.nanoTime). */
    private volatile long stoppedAt;

    private Properties settings(SirasSite site) {
        Properties p = site.settings();
        p.setProperty("mail.smtp.host", "");
        return p;
    }


    private static long count(SpedBridgeApp app, String sql) throws Exception {
        try (Connection c = app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String outboxMail() throws Exception {
        return ImportRouteTest.outboxMail(tmp.resolve("outbox"));
    }

    @Test
    void sirasServerStoppedDuringTheDownloadFailsWithinSecondsNamingTheLostConnection() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay network = new TcpRelay(site.sftp.port())) {
            site.putLargeStudentsFile("tableA.csv", 4);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            network.slowTo(256 * 1024); // 4 MB take 16 s: the server stops half way
            Properties p = settings(site);
            p.setProperty("siras.sftp.port", Integer.toString(network.port()));
            site.trustAlsoOnPort(network.port());
            p.setProperty("siras.sftp.transfer-timeout-seconds", "300");
            p.setProperty("siras.sftp.bulk-requests", "2"); // little in flight: the stop shows at once
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                Thread stopper = new Thread(() -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> network.bytesToClient() > 512 * 1024);
                    try {
                        site.sftp.close(); // SIRAS' server goes down during the download
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    stoppedAt = System.nanoTime();
                });
                stopper.start();
                ImportResult r = runNow(app);
                long afterStop = (System.nanoTime() - stoppedAt) / 1_000_000;
                stopper.join();

                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("connection to SIRAS' SFTP server", "was lost")
                        .doesNotContain("is not on", "Neither");
                assertThat(afterStop).as("ms from the stop to the FAILED result").isLessThan(10_000);
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isZero();
                assertThat(outboxMail()).contains("was lost");
            }
        }
    }

    @Test
    void aConnectionThatGoesSilentIsGivenUpAfterTheKeepAlivesNotTheTransferTimeout() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay network = new TcpRelay(site.sftp.port())) {
            site.putLargeStudentsFile("tableA.csv", 4);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            network.slowTo(256 * 1024);
            Properties p = settings(site);
            p.setProperty("siras.sftp.port", Integer.toString(network.port()));
            site.trustAlsoOnPort(network.port());
            p.setProperty("siras.sftp.transfer-timeout-seconds", "300");
            p.setProperty("siras.sftp.server-alive-interval-seconds", "1");
            p.setProperty("siras.sftp.server-alive-count-max", "2");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                Thread freezer = new Thread(() -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> network.bytesToClient() > 512 * 1024);
                    network.freeze(); // nothing passes any more, nothing is closed: a pulled cable
                    stoppedAt = System.nanoTime();
                });
                freezer.start();
                ImportResult r = runNow(app);
                long afterFreeze = (System.nanoTime() - stoppedAt) / 1_000_000;
                freezer.join();

                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("connection to SIRAS' SFTP server", "was lost")
                        .doesNotContain("is not on", "Neither");
                // 1 s x (2 + 1) keep-alives, not the 300 s transfer timeout
                assertThat(afterFreeze).as("ms from the freeze to the FAILED result").isBetween(2_000L, 15_000L);
            }
        }
    }

    @Test
    void aLocalDiskThatFillsDuringTheDownloadIsNamedAndNotBlamedOnSiras() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.putLargeStudentsFile("tableA.csv", 3);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            Properties p = settings(site);
            p.setProperty("siras.sftp.transfer-timeout-seconds", "300");
            try (SmallDisk disk = SmallDisk.mount(tmp.resolve("runs"), 2);
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                Instant before = Instant.now();
                ImportResult r = runNow(app);
                // at once, not after the transfer timeout (a busy machine takes a while for the rest of the run)
                assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(60));
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("The local disk is full (")
                        .contains("No space left on device", tmp.resolve("runs").toString(), "siras.import.work-dir",
                                "not of SIRAS", "Free space")
                        .doesNotContain("is not on", "Neither", "ask SIRAS");
                assertThat(outboxMail()).contains("The local disk is full");
            }
        }
    }

    @Test
    void aLocalDiskThatFillsWhileTheRunWritesItsFilesIsNamed() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            try (SmallDisk disk = SmallDisk.mount(tmp.resolve("runs"), 2);
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, settings(site)))) {
                ImportRouteTest.roster(app);
                // the files are downloaded; then something else fills the disk before the run writes its report files
                AdviceWith.adviceWith(app.camelContext(), "siras-import",
                        a -> a.weaveByToString(".*openRun.*").before().process(e -> disk.fill()));
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("The local disk is full (")
                        .contains("No space left on device", "siras.import.work-dir", "Nothing was imported");
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record")).isZero();
                assertThat(count(app, "SELECT COUNT(*) FROM import_run WHERE status = 'FAILED'")).isEqualTo(1);
                assertThat(outboxMail()).contains("The local disk is full");
            }
        }
    }

    @Test
    void aWorkFolderThatCannotBeWrittenIsNamed() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            try (SmallDisk disk = SmallDisk.readOnly(tmp.resolve("runs"));
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, settings(site)))) {
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("A local folder cannot be written (")
                        .contains("Read-only file system", tmp.resolve("runs").toString(), "siras.import.work-dir")
                        .doesNotContain("SFTP server");
                assertThat(outboxMail()).contains("A local folder cannot be written");
            }
        }
    }

    @Test
    void theDatabaseGoneDuringTheRunIsNamed() throws Exception {
        Properties db = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        String url = db.getProperty("db.url");
        int pgPort = Integer.parseInt(url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
        try (SirasSite site = new SirasSite(tmp); TcpRelay network = new TcpRelay(pgPort)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            Properties p = settings(site);
            p.putAll(db);
            p.setProperty("db.url", url.replaceFirst("//[^/]+/", "//127.0.0.1:" + network.port() + "/"));
            p.setProperty("db.connect-timeout-seconds", "2");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                // the files are fetched; then the database server goes away (its connections reset, new ones refused)
                AdviceWith.adviceWith(app.camelContext(), "siras-import",
                        a -> a.weaveByToString(".*openRun.*").before().process(e -> {
                            network.close();
                            stoppedAt = System.nanoTime();
                        }));
                ImportResult r = runNow(app);
                // a few waits of db.connect-timeout-seconds (the run, then its record), not a hang
                assertThat((System.nanoTime() - stoppedAt) / 1_000_000).as("ms from the drop to the FAILED result")
                        .isLessThan(20_000);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("The database could not be reached (")
                        .contains("db.url", "the data is as it was").doesNotContain("SFTP", "disk");
                assertThat(outboxMail()).contains("The database could not be reached");
            }
        }
    }
}
