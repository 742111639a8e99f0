package org.spedbridge.sped;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One input file of a run as it was received: its name on the SIRAS server (or the name given by
 * hand), size and modification time there, and where the local copy for this run is.
 */
public record SourceFile(String name, long size, Instant modified, Path localPath) {

    /** A local file given by hand (import-files, demo): name, size and time from the file itself. */
    public static SourceFile local(Path file) {
        try {
            return new SourceFile(file.getFileName().toString(), java.nio.file.Files.size(file),
                    java.nio.file.Files.getLastModifiedTime(file).toInstant(), file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
