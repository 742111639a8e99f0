package org.spedbridge.sped;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one run, as recorded in import_run and reported by mail.
 *
 * @param runId            import_run.id
 * @param status           how it ended
 * @param trigger          who asked (see {@link ImportRequest})
 * @param message          for people: why it was REFUSED/FAILED, or "not refreshed since ..." for UNCHANGED;
 *                         may be empty for APPLIED
 * @param students         the students file (null when it never arrived)
 * @param studentsSha256   hex SHA-256 of the students file (null when not read)
 * @param services         the services file (null when it never arrived)
 * @param servicesSha256   hex SHA-256 of the services file (null when not read)
 * @param counts           the numbers
 * @param attachments      the report's files as the mail carries them: its CSV files in the order the mail lists
 *                         them, or one zip of them when they are too large ({@link ReportFiles#forMail}); empty
 *                         for FAILED
 * @param dryRun           a dry run: {@code status} is how the run would have ended; nothing was written
 * @param hold             the change hold's checks of the run (null when they did not run: a run that ended
 *                         before them, a released run)
 */
public record ImportResult(
        long runId,
        ImportStatus status,
        String trigger,
        String message,
        Instant started,
        Instant finished,
        SourceFile students,
        String studentsSha256,
        SourceFile services,
        String servicesSha256,
        ImportCounts counts,
        List<Path> attachments,
        boolean dryRun,
        ChangeHold hold) {

    /** A run that is no dry run and whose change hold was not checked. */
    public ImportResult(long runId, ImportStatus status, String trigger, String message, Instant started,
            Instant finished, SourceFile students, String studentsSha256, SourceFile services, String servicesSha256,
            ImportCounts counts, List<Path> attachments) {
        this(runId, status, trigger, message, started, finished, students, studentsSha256, services, servicesSha256,
                counts, attachments, false, null);
    }

    /** The status as the mail's subject and the summaries show it: {@code HELD}, {@code DRY RUN (would be APPLIED)}. */
    public String statusText() {
        return dryRun ? "DRY RUN (would be " + status + ")" : status.name();
    }
}
