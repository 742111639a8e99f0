package org.spedbridge.sped.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.store.Database;

/**
 * The runs the change hold stopped ({@link HoldCheck}), as import_run records them, and what releasing one
 * takes: it must be HELD, not released yet, not superseded by a newer pair, and its two files must still be in
 * its run folder ({@code <work-dir>/<run id>/held/}). A release is an ordinary run of those files through
 * direct:siras-import (trigger {@code release}), which marks the held run released when it commits.
 * Bound as {@code heldRuns}.
 */
public final class HeldRuns {

    /** The trigger of a run that releases a held one. */
    public static final String TRIGGER = "release";
    /** The exchange property in which the route hands back why a run was not released ({@link NotReleasable}). */
    public static final String NOT_RELEASABLE = "notReleasable";

    private final Database database;
    private final ImportRuns runs;

    public HeldRuns(Database database, ImportRuns runs) {
        this.database = database;
        this.runs = runs;
    }

    /** Where a held run keeps one of its files: {@code <run folder>/held/<students|services>/<name>}. */
    static Path keptFile(Path runDir, String role, String name) {
        return runDir.resolve("held").resolve(role).resolve(name);
    }

    /** A run that waits for a person: its id, when it was held, why. */
    public record Held(long runId, Instant held, String message) {
    }

    /** The held runs that can still be released, oldest first (JMX, the health check). */
    public List<Held> waiting() throws SQLException {
        List<Held> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, finished_at, message FROM import_run"
                     + " WHERE status = 'HELD' AND released_by_run IS NULL AND superseded_by_run IS NULL ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp t = rs.getTimestamp(2);
                out.add(new Held(rs.getLong(1), t == null ? null : t.toInstant(), rs.getString(3)));
            }
        }
        return out;
    }

    /**
     * The request that applies held run {@code runId}'s kept files (the route's step before "begin", under the
     * import lock), or {@link NotReleasable} saying why it cannot be released.
     */
    public ImportRequest releaseRequest(long runId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT status, released_by_run, superseded_by_run,"
                     + " students_file, students_modified, services_file, services_modified FROM import_run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotReleasable(NotReleasable.Why.UNKNOWN, "There is no import run " + runId + ".");
                }
                String status = rs.getString(1);
                long releasedBy = rs.getLong(2);
                boolean released = !rs.wasNull();
                long supersededBy = rs.getLong(3);
                boolean superseded = !rs.wasNull();
                if (!"HELD".equals(status)) {
                    throw new NotReleasable(NotReleasable.Why.NOT_HELD, "Import run " + runId + " was not held (it is "
                            + status + "); only a HELD run can be released.");
                }
                if (released) {
                    throw new NotReleasable(NotReleasable.Why.RELEASED, "Held import run " + runId
                            + " was released already: run " + releasedBy + " applied its files.");
                }
                if (superseded) {
                    throw new NotReleasable(NotReleasable.Why.SUPERSEDED, "Held import run " + runId
                            + " can no longer be released: a newer pair (run " + supersededBy + ") superseded it."
                            + " Release the newest held run instead, if one waits, or run the import again.");
                }
                Path dir = runs.runDir(runId);
                SourceFile students = kept(keptFile(dir, "students", rs.getString(4)), rs.getTimestamp(5));
                SourceFile services = kept(keptFile(dir, "services", rs.getString(6)), rs.getTimestamp(7));
                if (students == null || services == null) {
                    throw new NotReleasable(NotReleasable.Why.FILES_GONE, "Held import run " + runId + " can no"
                            + " longer be released: its files are no longer in " + dir.resolve("held")
                            + " (run folders are deleted after siras.import.keep-days). Run the import again.");
                }
                return new ImportRequest(TRIGGER, students, services);
            }
        }
    }

    private static SourceFile kept(Path file, Timestamp modified) {
        try {
            return Files.isRegularFile(file) ? new SourceFile(file.getFileName().toString(), Files.size(file),
                    modified == null ? null : modified.toInstant(), file) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
