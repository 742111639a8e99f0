package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.spedbridge.sped.FileReadiness;
import org.spedbridge.sped.SourceFile;

class FileReadinessTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final FileReadiness readiness = new FileReadiness(Duration.ofSeconds(60));

    private static SourceFile downloaded(long size, Instant modified) {
        return new SourceFile("tableA.csv", size, modified, Path.of("tableA.csv"));
    }

    @Test
    void aStableOldFileIsReady() {
        Instant t = NOW.minusSeconds(61);
        assertThat(readiness.notReady(downloaded(100, t), 100, t, NOW)).isEmpty();
    }

    @Test
    void aFileModifiedWithinTheMinimumAgeIsNotReady() {
        Instant t = NOW.minusSeconds(59);
        assertThat(readiness.notReady(downloaded(100, t), 100, t, NOW)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("tableA.csv was modified 59 s ago (less than 60 s)");
    }

    @Test
    void aFileWhoseSizeOrTimeChangedBetweenTheTwoLooksIsNotReady() {
        Instant t = NOW.minusSeconds(600);
        assertThat(readiness.notReady(downloaded(100, t), 180, t, NOW)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("changed while it was downloaded (100 bytes, then 180 bytes)");
        assertThat(readiness.notReady(downloaded(100, t), 100, t.plusSeconds(1), NOW)).isPresent();
        assertThat(readiness.notReady(downloaded(100, t), -1, null, NOW)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("disappeared");
    }
}
