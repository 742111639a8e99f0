package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.SirasDeployment;
import org.spedbridge.support.SirasDeployment.SharedDb;

/**
 * The schedule, proven in a process: {@code run} of the packaged jar on PostgreSQL (Quartz's clustered job store)
 * with a cron that fires every few seconds imports on its own, trigger {@code schedule}: the first fire applies
 * SIRAS' files, the next ones find them unchanged, each writes its report mail. (The shipped cron's fire times
 * across the DST changes: ImportScheduleTest.)
 */
class ScheduleIT {

    @TempDir
    Path tmp;

    @Test
    void runImportsOnItsCronWithTheTriggerSchedule() throws Exception {
        try (SirasDeployment d = SirasDeployment.create(tmp, SirasDeployment.database(SharedDb.POSTGRES, tmp))) {
            Properties p = d.settings();
            p.setProperty("siras.import.schedule-enabled", "true");
            p.setProperty("siras.import.cron", "0/4 * * * * ?");
            p.setProperty("siras.import.time-zone", "America/Los_Angeles");
            Path config = d.jar.config("district.properties", p);
            try (PackagedJar.Running run = d.jar.start("run", "--config", config.toString(), "run")) {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .failFast("run ended", () -> !run.process().isAlive())
                        .until(() -> Long.parseLong(d.rows("SELECT COUNT(*) FROM import_run WHERE trigger_name ="
                                + " 'schedule' AND finished_at IS NOT NULL").get(0)) >= 3);
                assertThat(run.stderr()).contains("SIRAS import (schedule): run ");
            }
            List<String> runs = d.rows("SELECT trigger_name, status FROM import_run WHERE finished_at IS NOT NULL ORDER BY id");
            assertThat(runs).as("only the schedule ran").allMatch(r -> r.startsWith("schedule "));
            assertThat(runs.get(0)).isEqualTo("schedule APPLIED");
            assertThat(runs.subList(1, runs.size())).as("the same files again").allMatch(r -> r.equals("schedule UNCHANGED"));
            assertThat(d.rows("SELECT COUNT(*) FROM import_run a JOIN import_run b ON a.id < b.id"
                    + " WHERE b.started_at < a.finished_at")).as("fires that overlapped").containsExactly("0");
            try (Stream<Path> outbox = Files.list(d.jar.home().resolve("data/outbox"))) {
                List<String> mails = outbox.filter(f -> f.toString().endsWith(".eml")).map(f -> {
                    try {
                        return Files.readString(f);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
                assertThat(mails).hasSizeGreaterThanOrEqualTo(3)
                        .allMatch(m -> m.contains("Subject: SIRAS import 1234567 "));
            }
        }
    }
}
