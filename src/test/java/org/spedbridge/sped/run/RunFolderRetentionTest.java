package org.spedbridge.sped.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.config.Settings;

class RunFolderRetentionTest {

    @TempDir
    Path work;

    private Path folder(String relative, int daysOld, Instant now) throws Exception {
        Path dir = Files.createDirectories(work.resolve(relative));
        Files.writeString(dir.resolve("tableA.csv"), "SSID\n1234567890\n");
        Files.setLastModifiedTime(dir, FileTime.from(now.minusSeconds(daysOld * 86400L)));
        return dir;
    }

    @Test
    void removesRunFoldersOlderThanTheRetentionAndKeepsTheRest() throws Exception {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        Path oldRun = folder("17", 40, now);
        Path oldIncoming = folder("incoming/20261001-040000-000-schedule", 58, now);
        Path recentRun = folder("18", 3, now);
        Path recentIncoming = folder("incoming/20261125-040000-000-schedule", 3, now);
        Path spool = folder(".sftp-download", 90, now);
        Properties p = new Properties();
        p.setProperty("siras.import.work-dir", work.toString());
        p.setProperty("siras.import.keep-days", "30");
        RunFolderRetention retention = new RunFolderRetention(Settings.load(null, Map.of(), p),
                Clock.fixed(now, ZoneOffset.UTC));

        assertThat(retention.purge()).isEqualTo(2);
        assertThat(oldRun).doesNotExist();
        assertThat(oldIncoming).doesNotExist();
        assertThat(recentRun.resolve("tableA.csv")).exists();
        assertThat(recentIncoming).exists();
        assertThat(spool).exists();
        assertThat(work.resolve("incoming")).exists();
        assertThat(retention.purge()).isZero();
    }
}
