package org.spedbridge.sped;

import java.util.Optional;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;

/**
 * The SIRAS import engine: two local files in, committed special-education data and the report's
 * CSV attachments out. (Skeleton: the contract is final, the body is being filled in.)
 */
public final class SirasImporter {

    private final Database database;
    private final Settings settings;

    public SirasImporter(Database database, Settings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** Imports a pair. Never throws for bad input (REFUSED); database or disk trouble gives FAILED (recorded). */
    public ImportResult importFiles(ImportRequest request) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Records a run that failed before the files could be imported (SFTP unreachable, host key, file missing). */
    public ImportResult recordFailure(String trigger, String reason, SourceFile studentsOrNull, SourceFile servicesOrNull) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The most recent run, if any (JMX, health). */
    public Optional<ImportResult> lastRun() {
        return Optional.empty();
    }
}
