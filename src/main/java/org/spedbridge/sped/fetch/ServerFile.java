package org.spedbridge.sped.fetch;

import java.nio.file.Path;
import java.time.Instant;
import org.spedbridge.sped.FileFacts;

/**
 * What one step of the fetch in routes/siras-import.camel.yaml saw of a SIRAS file: its name, size and modification
 * time on the server, and the local copy in the run's spool folder when it was downloaded, with the copy's
 * {@link FileFacts} computed while it was written (both null when it only looked again).
 * {@link #ABSENT} when the file is not on the server.
 */
public record ServerFile(String name, long size, Instant modified, Path download, FileFacts facts) {

    public static final ServerFile ABSENT = new ServerFile(null, -1, null, null, null);

    public boolean there() {
        return name != null;
    }
}
