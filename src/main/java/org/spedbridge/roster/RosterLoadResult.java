package org.spedbridge.roster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one {@link RosterLoader#load(Path)} did.
 *
 * @param dir        the folder that was read
 * @param files      rows written per file and table (programs.csv has two: program and sped_record);
 *                   when the load was refused these are the rows read before it stopped, none kept
 * @param warnings   things that did not stop the load (unknown columns, ...)
 * @param errors     why the load was refused (at most {@link RosterLoader#MAX_LISTED} listed)
 * @param errorCount all errors found, also those not listed
 * @param elapsed    wall time
 */
public record RosterLoadResult(Path dir, List<FileCount> files, List<Problem> warnings, List<Problem> errors,
                               long errorCount, Duration elapsed) {

    public RosterLoadResult {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** True when everything was committed; false when the load was refused and nothing was written. */
    public boolean loaded() {
        return errorCount == 0;
    }

    /** Rows of that table written by this load (0 when refused or absent). */
    public long rows(String table) {
        if (!loaded()) {
            return 0;
        }
        return files.stream().filter(f -> f.table().equals(table)).mapToLong(FileCount::rows).sum();
    }

    /** One line for logs: counts only, never a student's data. */
    public String summary() {
        StringBuilder sb = new StringBuilder(loaded() ? "loaded" : "REFUSED (nothing written)");
        for (FileCount f : files) {
            sb.append(", ").append(f.file()).append(" -> ").append(f.table()).append(": ").append(f.rows());
        }
        sb.append(", ").append(warnings.size()).append(" warning(s)");
        if (!loaded()) {
            sb.append(", ").append(errorCount).append(" error(s)");
        }
        return sb.toString();
    }

    /** Rows of one file written to one table. */
    public record FileCount(String file, String table, long rows) {
    }

    /** A problem a person fixes: which file, which line (0 = the file as a whole), why. */
    public record Problem(String file, long line, String reason) {
        @Override
        public String toString() {
            return line > 0 ? file + " line " + line + ": " + reason : file + ": " + reason;
        }
    }
}
