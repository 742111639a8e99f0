package org.spedbridge.sped.fetch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.spedbridge.sped.SourceFile;

/**
 * Decides whether a downloaded SIRAS file was complete: SIRAS rewrites the files between about 11 pm and
 * 1 am, so a file modified less than {@code minAge} ago, or whose size or time changed between the download
 * and a second look at the server, is still being written and must not be read this run.
 */
public final class FileReadiness {

    private final Duration minAge;

    public FileReadiness(Duration minAge) {
        this.minAge = minAge;
    }

    /**
     * @param downloaded the file as downloaded (remote size and time when it was taken)
     * @param lookSize   its size at the second look, or -1 when it was gone
     * @param lookTime   its modification time at the second look (null when gone)
     * @param now        the current time
     * @return why it is not ready, or empty when it may be read
     */
    public Optional<String> notReady(SourceFile downloaded, long lookSize, Instant lookTime, Instant now) {
        if (downloaded.modified() != null) {
            Duration age = Duration.between(downloaded.modified(), now);
            if (age.compareTo(minAge) < 0) {
                return Optional.of(downloaded.name() + " was modified " + Math.max(0, age.toSeconds())
                        + " s ago (less than " + minAge.toSeconds() + " s): SIRAS may still be writing it");
            }
        }
        if (lookSize < 0) {
            return Optional.of(downloaded.name() + " disappeared from the server right after it was downloaded");
        }
        if (lookSize != downloaded.size() || (lookTime != null && downloaded.modified() != null
                && !lookTime.equals(downloaded.modified()))) {
            return Optional.of(downloaded.name() + " changed while it was downloaded (" + downloaded.size()
                    + " bytes, then " + lookSize + " bytes): SIRAS is still writing it");
        }
        return Optional.empty();
    }
}
