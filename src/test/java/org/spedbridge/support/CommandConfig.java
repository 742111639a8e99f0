package org.spedbridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code --config} file of the in-process command tests ({@code import-files}, {@code import-release}): the
 * database given, the run, outbox and roster folders under the test's folder, no header aliases, district
 * 1234567, no JMX. Everything else comes from application.properties (the change hold's thresholds too: 5 % not in
 * file, 20 % services removed, 10 % fewer rows). Written again (the same file) on every call.
 */
public final class CommandConfig {

    private CommandConfig() {
    }

    /** Writes {@code <tmp>/test.properties} with {@code db} (db.url, db.username, ...) and returns its path. */
    public static Path write(Path tmp, Properties db) throws IOException {
        Properties p = new Properties();
        p.putAll(db);
        p.setProperty("siras.import.work-dir", tmp.resolve("runs").toString());
        p.setProperty("siras.import.header-aliases-file", tmp.resolve("none.csv").toString());
        p.setProperty("district.cds-code", "1234567");
        p.setProperty("report.mail.outbox-dir", tmp.resolve("outbox").toString());
        p.setProperty("roster.drop-dir", tmp.resolve("roster-drop").toString());
        p.setProperty("camel.main.jmx-enabled", "false");
        Path file = tmp.resolve("test.properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }
}
