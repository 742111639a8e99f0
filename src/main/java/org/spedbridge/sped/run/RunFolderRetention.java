package org.spedbridge.sped.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Folders;

/**
 * Student data is kept no longer than needed: the downloaded SIRAS files ({@code work-dir/incoming/*}) and
 * the report attachments ({@code work-dir/<run id>/}) of runs older than {@code siras.import.keep-days}
 * are deleted at the start of each import.
 */
public final class RunFolderRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RunFolderRetention.class);

    private final Path workDir;
    private final Duration keep;
    private final Clock clock;

    public RunFolderRetention(Settings settings, Clock clock) {
        this.workDir = Path.of(settings.require("siras.import.work-dir"));
        this.keep = Duration.ofDays(settings.getInt("siras.import.keep-days"));
        this.clock = clock;
    }

    /** Deletes the run folders last modified before the retention window; returns how many. */
    public int purge() {
        Instant cutoff = clock.instant().minus(keep);
        int purged = 0;
        for (Path parent : List.of(workDir, workDir.resolve("incoming"))) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> children = Files.list(parent)) {
                for (Path folder : children.filter(Files::isDirectory)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !p.getFileName().toString().equals("incoming")).toList()) {
                    if (Files.getLastModifiedTime(folder).toInstant().isBefore(cutoff)) {
                        Folders.deleteTree(folder);
                        purged++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot clean the run folders in " + parent + ": " + e.getMessage(), e);
            }
        }
        if (purged > 0) {
            LOG.info("SIRAS import: removed {} run folders older than {} days (siras.import.keep-days)", purged,
                    keep.toDays());
        }
        return purged;
    }
}
