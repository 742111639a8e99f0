package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.SirasDeployment;
import org.spedbridge.support.SirasDeployment.SharedDb;

/**
 * One SIRAS import at a time across processes: {@code import-now} processes of the packaged jar, while another
 * process (this test's JVM) holds the import lock on the shared database (H2 in server mode, PostgreSQL), wait for
 * it, then run one after the other: one applies, the other finds the same files (UNCHANGED); never a double apply,
 * never two runs at once. One that waits longer than siras.import.lock-wait-seconds exits 4 naming the holder.
 */
class ImportLockAcrossProcessesIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(SharedDb.class)
    void twoImportNowAtOnceWaitForTheHolderThenRunOneAfterTheOther(SharedDb kind) throws Exception {
        try (SirasDeployment d = SirasDeployment.create(tmp, SirasDeployment.database(kind, tmp))) {
            Properties p = d.settings();
            p.setProperty("siras.import.lock-wait-seconds", "240");
            Path config = d.jar.config("district.properties", p);
            long me = ProcessHandle.current().pid();

            try (Database database = Database.open(Settings.load(null, Map.of(), d.db))) {
                SirasImportLock lock = new SirasImportLock(database, Settings.load(null, Map.of(), p));
                SirasImportLock.Hold held = lock.hold("test");
                try (PackagedJar.Running one = d.jar.start("import-now-1", "--config", config.toString(), "import-now");
                     PackagedJar.Running two = d.jar.start("import-now-2", "--config", config.toString(), "import-now")) {
                    // both wait, and say for whom
                    for (PackagedJar.Running r : List.of(one, two)) {
                        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                                .failFast("import-now ended while the lock was held", () -> !r.process().isAlive())
                                .until(() -> r.stderr().contains("Another SIRAS import is running (trigger 'test' on host "));
                        assertThat(r.stderr()).contains("(process " + me + ") since ")
                                .contains("this one (trigger 'now') waits up to 240 s");
                    }
                    assertThat(d.rows("SELECT COUNT(*) FROM import_run")).containsExactly("0");

                    held.close();
                    for (PackagedJar.Running r : List.of(one, two)) {
                        assertThat(r.process().waitFor(4, TimeUnit.MINUTES)).as(r.stderr()).isTrue();
                        assertThat(r.process().exitValue()).as(r.stdout() + r.stderr()).isZero();
                    }
                    assertThat(one.stdout() + two.stdout()).containsOnlyOnce("SIRAS import (now): APPLIED")
                            .containsOnlyOnce("SIRAS import (now): UNCHANGED");
                }
            }
            assertThat(d.rows("SELECT trigger_name, status FROM import_run ORDER BY id"))
                    .containsExactly("now APPLIED", "now UNCHANGED");
            assertThat(d.rows("SELECT COUNT(*) FROM import_run a JOIN import_run b ON a.id < b.id"
                    + " WHERE b.started_at < a.finished_at")).as("runs that overlapped").containsExactly("0");
            assertThat(d.rows("SELECT COUNT(*) FROM sped_service_current"))
                    .containsExactly(Long.toString(d.expected.servicesImported()));
        }
    }

    @ParameterizedTest
    @EnumSource(SharedDb.class)
    void importNowGivesUpAfterTheWaitNamingWhoHoldsTheLock(SharedDb kind) throws Exception {
        try (SirasDeployment d = SirasDeployment.create(tmp, SirasDeployment.database(kind, tmp))) {
            Properties p = d.settings();
            p.setProperty("siras.import.lock-wait-seconds", "3");
            Path config = d.jar.config("district.properties", p);
            try (Database database = Database.open(Settings.load(null, Map.of(), d.db));
                 SirasImportLock.Hold held = new SirasImportLock(database, Settings.load(null, Map.of(), p))
                         .hold("schedule")) {
                PackagedJar.Result result = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "import-now");
                assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
                assertThat(result.err()).contains("Another SIRAS import is running: trigger 'schedule' on host ")
                        .contains("(process " + ProcessHandle.current().pid() + ") since ")
                        .contains("This import (trigger 'now') waited 3 s for it (siras.import.lock-wait-seconds)")
                        .contains("nothing was changed");

                Path a = d.site.sftpRoot.resolve("tableA.csv");
                Path b = d.site.sftpRoot.resolve("tableB.csv");
                PackagedJar.Result files = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(),
                        "import-files", "--students", a.toString(), "--services", b.toString());
                assertThat(files.exitCode()).as(files.toString()).isEqualTo(4);
                assertThat(files.err()).contains("trigger 'schedule'").contains("This import (trigger 'manual') waited 3 s");
            }
            assertThat(d.rows("SELECT COUNT(*) FROM import_run")).as("nothing ran").containsExactly("0");
            assertThat(d.rows("SELECT COUNT(*) FROM import_lock_holder")).containsExactly("0");
        }
    }
}
