package org.spedbridge.support;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.Settings;

/**
 * The whole application as the tests start it: the real routes from routes/, a fresh database of
 * the given kind, working folders under a temp dir, the nightly schedule off, the API on a free port, the change
 * hold off (tests of the hold turn it on).
 * Add the settings a test needs (SFTP port, SMTP port, ...) to {@code overrides}.
 */
public final class TestApp {

    private TestApp() {
    }

    /** Settings for a test: defaults + fresh database + temp folders + the given overrides. */
    public static Settings settings(TestDatabases.Kind kind, Path tempDir, Properties overrides) {
        Properties p = new Properties();
        p.putAll(TestDatabases.fresh(kind));
        p.setProperty("siras.import.work-dir", tempDir.resolve("runs").toString());
        p.setProperty("report.mail.outbox-dir", tempDir.resolve("outbox").toString());
        p.setProperty("roster.drop-dir", tempDir.resolve("roster-drop").toString());
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("api.port", "0");
        p.setProperty("management.port", "0");
        p.setProperty("camel.main.jmx-enabled", "false");
        // the change hold off: the tests' districts are a handful of students, where any change is a large share;
        // the hold's own tests (sped.ChangeHoldTest, ...) turn it on in their overrides
        p.setProperty("siras.import.hold.not-in-file-percent", "off");
        p.setProperty("siras.import.hold.services-removed-percent", "off");
        p.setProperty("siras.import.hold.rows-drop-percent", "off");
        p.putAll(overrides);
        return Settings.load(null, Map.of(), p);
    }

    /** Starts the application with those settings; close it at the end of the test. */
    public static SpedBridgeApp start(Settings settings) throws Exception {
        return SpedBridgeApp.create(settings).start();
    }
}
