package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.SirasDeployment;
import org.spedbridge.support.SmallDisk;
import org.spedbridge.support.TcpRelay;

/**
 * {@code import-now} as ops run it (the packaged jar, a process) when the cause is not SIRAS' files: exit code 4,
 * and standard output says FAILED with the cause that really happened, within seconds: SIRAS' server stopped half way
 * through a download (once reported as "not on the server" after the 300-second transfer timeout), and the local
 * disk full (once blamed on SIRAS' export).
 */
class ImportFailureCauseIT {

    @TempDir
    Path tmp;

    @Test
    void sirasServerStoppedDuringTheDownloadExitsFourNamingTheLostConnection() throws Exception {
        try (SirasDeployment d = SirasDeployment.create(tmp, SirasDeployment.database(SirasDeployment.SharedDb.H2_SERVER, tmp));
             TcpRelay network = new TcpRelay(d.site.sftp.port())) {
            d.site.putLargeStudentsFile("tableA.csv", 4);
            d.site.trustAlsoOnPort(network.port());
            network.slowTo(128 * 1024); // 4 MB take 32 s: the server stops half way
            Properties p = d.settings();
            p.setProperty("siras.sftp.port", Integer.toString(network.port()));
            p.setProperty("siras.sftp.transfer-timeout-seconds", "300");
            p.setProperty("siras.sftp.bulk-requests", "2");
            Path config = d.jar.config("district.properties", p);
            try (PackagedJar.Running now = d.jar.start("import-now", "--config", config.toString(), "import-now")) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .failFast("import-now ended before the download", () -> !now.process().isAlive())
                        .until(() -> network.bytesToClient() > 256 * 1024);
                d.site.sftp.close(); // SIRAS' server goes down during the download
                long stopped = System.nanoTime();
                assertThat(now.process().waitFor(60, TimeUnit.SECONDS)).as("import-now ended").isTrue();
                long seconds = (System.nanoTime() - stopped) / 1_000_000_000;

                assertThat(now.process().exitValue()).as(now.stdout() + now.stderr()).isEqualTo(4);
                assertThat(now.stdout()).contains("SIRAS import (now): FAILED", "nothing was imported",
                        "The connection to SIRAS' SFTP server", "was lost during the download")
                        .doesNotContain("is not on", "rows read");
                // the stop is noticed at once (the rest is the report mail and the JVM's exit), not after 300 s
                assertThat(seconds).as("seconds from the stop to the end of import-now").isLessThan(30);
            }
            assertThat(d.rows("SELECT status FROM import_run")).containsExactly("FAILED");
        }
    }

    @Test
    void aFullLocalDiskExitsFourNamingTheDiskNotSiras() throws Exception {
        try (SirasDeployment d = SirasDeployment.create(tmp, SirasDeployment.database(SirasDeployment.SharedDb.H2_SERVER, tmp))) {
            d.site.putLargeStudentsFile("tableA.csv", 3);
            Path work = tmp.resolve("work");
            Properties p = d.settings();
            p.setProperty("siras.import.work-dir", work.toString());
            Path config = d.jar.config("district.properties", p);
            try (SmallDisk disk = SmallDisk.mount(work, 2)) {
                PackagedJar.Result r = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "import-now");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
                assertThat(r.out()).contains("SIRAS import (now): FAILED", "nothing was imported",
                        "The local disk is full (IOException: No space left on device)", work.toString(),
                        "not of SIRAS").doesNotContain("Neither", "is not on", "ask SIRAS");
            }
        }
    }
}
