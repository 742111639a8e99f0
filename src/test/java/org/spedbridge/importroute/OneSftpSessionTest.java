package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.spedbridge.support.SirasSite.runNow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.FileFactsTest;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.fetch.ServerFile;
import org.spedbridge.sped.fetch.SftpSession;
import org.spedbridge.sped.fetch.SirasFetch;
import org.spedbridge.sped.run.RunState;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.SmallDisk;
import org.spedbridge.support.TcpRelay;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * A run fetches SIRAS' two files over ONE SSH session (list, download both, look at both again, disconnect), counted
 * by the SFTP server itself (MINA SSHD's sessions), and leaves no session open after it: when it applies, when the
 * login fails, and when a download fails half way (the local disk full, a step over its time limit). A download
 * computes the facts of the copy it keeps (what {@link FileFacts#scan} of the copy says) on the way.
 */
class OneSftpSessionTest {

    @TempDir
    Path tmp;

    private static Properties settings(SirasSite site) {
        Properties p = site.settings();
        p.setProperty("mail.smtp.host", "");
        return p;
    }


    /** The run opened exactly one session on the server, and none is open after it. */
    private static void oneSessionNoneLeftOpen(SirasSite site, int acceptedBefore) {
        assertThat(site.sftp.sessionsAccepted() - acceptedBefore).as("SSH sessions the run opened").isEqualTo(1);
        // the server notices the client's close a moment later
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(site.sftp.sessionsOpen()).as("SSH sessions open after the run").isZero());
    }

    @Test
    void anImportFetchesBothFilesOverOneSessionAndClosesIt() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, settings(site)))) {
                ImportRouteTest.roster(app);
                int before = site.sftp.sessionsAccepted();
                ImportResult r = runNow(app);
                assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
                oneSessionNoneLeftOpen(site, before);

                // the next run: again one session of its own (none kept open in between)
                before = site.sftp.sessionsAccepted();
                ImportResult again = runNow(app);
                assertThat(again.status()).as(again.message()).isEqualTo(ImportStatus.UNCHANGED);
                oneSessionNoneLeftOpen(site, before);
            }
        }
    }

    @Test
    void aRefusedLoginLeavesNoSessionOpen() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            Properties p = settings(site);
            p.setProperty("siras.sftp.password", "not-the-password");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                int before = site.sftp.sessionsAccepted();
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("refused the login");
                oneSessionNoneLeftOpen(site, before);
            }
        }
    }

    @Test
    void aLocalDiskThatFillsDuringTheDownloadLeavesNoSessionOpen() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.putLargeStudentsFile("tableA.csv", 3);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            try (SmallDisk disk = SmallDisk.mount(tmp.resolve("runs"), 2);
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, settings(site)))) {
                int before = site.sftp.sessionsAccepted();
                ImportResult r = runNow(app);
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).startsWith("The local disk is full (");
                oneSessionNoneLeftOpen(site, before);
            }
        }
    }

    @Test
    void aDownloadOverTheStepTimeLimitIsCutFailsSayingSoAndLeavesNoSessionOpen() throws Exception {
        try (SirasSite site = new SirasSite(tmp); TcpRelay network = new TcpRelay(site.sftp.port())) {
            site.putLargeStudentsFile("tableA.csv", 4);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            network.slowTo(256 * 1024); // 4 MB take 16 s
            Properties p = settings(site);
            p.setProperty("siras.sftp.port", Integer.toString(network.port()));
            site.trustAlsoOnPort(network.port());
            p.setProperty("siras.sftp.transfer-timeout-seconds", "3");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                int before = site.sftp.sessionsAccepted();
                long started = System.nanoTime();
                ImportResult r = runNow(app);
                long ms = (System.nanoTime() - started) / 1_000_000;
                assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
                assertThat(r.message()).contains("downloading tableA.csv did not finish within 3 s",
                        "siras.sftp.transfer-timeout-seconds").doesNotContain("is not on", "Neither");
                assertThat(ms).as("ms to the FAILED result").isLessThan(12_000);
                oneSessionNoneLeftOpen(site, before);
            }
        }
    }

    @Test
    void aDownloadKeepsTheServersBytesAndComputesTheFactsAScanOfTheCopyGives() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            int i = 0;
            for (Map.Entry<String, byte[]> sample : FileFactsTest.samples().entrySet()) {
                String name = "sample" + i++ + ".csv";
                files.put(name, sample.getValue());
                Files.write(site.sftpRoot.resolve(name), sample.getValue());
            }
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, tmp, settings(site)))) {
                CamelContext context = app.camelContext();
                SirasFetch fetch = context.getRegistry().lookupByNameAndType("sirasFetch", SirasFetch.class);
                Path spool = Files.createDirectories(tmp.resolve("spool"));
                RunState run = RunState.toFetch("test", spool);
                int before = site.sftp.sessionsAccepted();
                SftpSession sftp = fetch.connect(run, new DefaultExchange(context), "siras-sftp", 60);
                Map<String, FileFacts> downloaded = new LinkedHashMap<>();
                try {
                    for (Map.Entry<String, byte[]> f : files.entrySet()) {
                        ServerFile got = sftp.download(f.getKey(), new ArrivingFile(spool.resolve(f.getKey())));
                        assertThat(got.download()).isEqualTo(spool.resolve(f.getKey()));
                        assertThat(Files.readAllBytes(got.download())).as(f.getKey()).isEqualTo(f.getValue());
                        downloaded.put(f.getKey(), got.facts());
                    }
                } finally {
                    fetch.disconnect(sftp);
                }
                oneSessionNoneLeftOpen(site, before);
                for (Map.Entry<String, FileFacts> f : downloaded.entrySet()) {
                    assertThat(f.getValue()).as(f.getKey()).isEqualTo(FileFacts.scan(spool.resolve(f.getKey())));
                    assertThat(f.getValue().size()).isEqualTo(files.get(f.getKey()).length);
                }
                // the samples are what they say: a BOM, bad UTF-8, no last line end, characters across read buffers
                assertThat(downloaded.values()).anyMatch(FileFacts::bom).anyMatch(f -> !f.validUtf8())
                        .anyMatch(f -> f.size() > 0 && !f.endsWithLineEnd())
                        .anyMatch(f -> f.validUtf8() && f.size() > 256 * 1024);
                try (Stream<Path> left = Files.list(spool)) {
                    assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(files.keySet());
                }
            }
        }
    }
}
