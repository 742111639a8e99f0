package org.spedbridge.sped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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

    /** The message that ends a run whose file is not ready ({@code why}, from {@link #notReady}). */
    public static String notReadyMessage(String why) {
        return "Not ready: " + why + ". The pair was not read this run; the next run tries again. Nothing was imported.";
    }

    /**
     * A file read as it arrived was refused; the refusal counts only if the file arrived with as many bytes as the
     * server listed: otherwise it changed on the way (SIRAS still writing it) and this says so, as the fetch would.
     */
    public static Optional<String> changedOnTheWay(SourceFile listed, long arrivedBytes) {
        return arrivedBytes == listed.size() ? Optional.empty()
                : Optional.of(notReadyMessage(changed(listed, arrivedBytes)));
    }

    private static String changed(SourceFile downloaded, long size) {
        return downloaded.name() + " changed while it was downloaded (" + downloaded.size() + " bytes, then " + size
                + " bytes): SIRAS is still writing it";
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
            return Optional.of(changed(downloaded, lookSize));
        }
        return Optional.empty();
    }
}
