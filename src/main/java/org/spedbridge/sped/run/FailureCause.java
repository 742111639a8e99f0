package org.spedbridge.sped.run;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * The local causes that stop a run, each with the sentence its FAILED message gives (what happened, what to do):
 * the local disk full, a local folder that cannot be written, the database. The one place an exception is
 * turned into one of them: {@link RunEnd} and the stages for anything a stage throws, SFTP's {@code SftpProblem}
 * before it blames SIRAS' server (a download that fills the disk is a local problem).
 */
public enum FailureCause {

    /** No space left on the file system of a local folder (ENOSPC, EDQUOT). */
    DISK_FULL,
    /** A local folder or file cannot be written: permissions, a read-only file system. */
    DISK_UNWRITABLE,
    /** The database could not be reached or failed. */
    DATABASE;

    /** The local cause of {@code error} (its chain looked through), if it has one. */
    public static Optional<FailureCause> of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return Optional.of(DATABASE);
            }
            // a file's trouble, not a socket's (a SocketException may also say "Permission denied")
            if (t instanceof IOException && !(t instanceof SocketException)) {
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (m.contains("no space left on device") || m.contains("disk quota exceeded")) {
                    return Optional.of(DISK_FULL);
                }
                if (t instanceof AccessDeniedException || m.contains("permission denied")
                        || m.contains("read-only file system")) {
                    return Optional.of(DISK_UNWRITABLE);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The FAILED message for this cause: what happened (the innermost error), where, and what to do.
     *
     * @param workDir the work folder (siras.import.work-dir), where the runs' files are written
     */
    public String describe(Throwable error, Path workDir) {
        String what = RunEnd.rootMessage(error);
        return switch (this) {
            case DISK_FULL -> "The local disk is full (" + what + "): the work folder " + workDir.toAbsolutePath()
                    + " (siras.import.work-dir) has no room left. This is a problem of this server, not of SIRAS. "
                    + "Nothing was imported. Free space on that file system (or give the folder a larger one), "
                    + "then run the import again.";
            case DISK_UNWRITABLE -> "A local folder cannot be written (" + what + "), under the work folder "
                    + workDir.toAbsolutePath() + " (siras.import.work-dir). This is a problem of this server, not of "
                    + "SIRAS. Nothing was imported. Let the service's user write there (owner, permissions, a file "
                    + "system mounted read-write), then run the import again.";
            case DATABASE -> unreachable(error)
                    ? "The database could not be reached (" + what + "). Nothing was changed: the data is as it was "
                            + "before this run. Check that the database server of db.url is running and reachable from "
                            + "this server, then run the import again."
                    : "A database error stopped the import (" + what + "). Nothing was changed: the data is as it was "
                            + "before this run. The log has the statement that failed; check that the database has room "
                            + "and its schema is as the migrations left it, then run the import again.";
        };
    }

    /** A connection to the database could not be made or was lost (SQLState class 08, a refused connection). */
    private static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
