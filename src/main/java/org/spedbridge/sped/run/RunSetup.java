package org.spedbridge.sped.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.HeaderAliases;
import org.spedbridge.store.Database;

/**
 * What every stage of a run works with: the database, the run records, the header aliases and the
 * siras.import.* settings, and how large the report's files may be before the mail carries them zipped
 * (report.mail.max-attachments-mb). Their defaults are in application.properties only.
 */
public record RunSetup(Database database, ImportRuns runs, HeaderAliases aliases, int batchSize, Path workDir,
        boolean reapplyUnchanged, ZoneId zone, Duration staleAfter, long maxAttachmentBytes) {

    public static RunSetup of(Database database, Settings settings) {
        String extra = settings.get("siras.import.header-aliases-file");
        Path workDir = Path.of(settings.require("siras.import.work-dir"));
        return new RunSetup(database, new ImportRuns(database, workDir),
                HeaderAliases.load(extra.isEmpty() ? null : Path.of(extra)),
                settings.getInt("siras.import.batch-size"), workDir,
                settings.getBoolean("siras.import.reapply-unchanged"),
                ZoneId.of(settings.require("district.time-zone")),
                Duration.ofHours(settings.getInt("siras.import.stale-run-hours")),
                settings.getInt("report.mail.max-attachments-mb") * 1024L * 1024L);
    }

    public boolean postgres() {
        return database.isPostgres();
    }

    /** The folder of a run's report files. */
    public Path runDir(long runId) {
        return runs.runDir(runId);
    }
}
