package org.spedbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.spedbridge.config.Settings;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * The shape of the packaged-jar tests that kill a process and then look at what it left ({@code ReportAfterKillIT},
 * {@code ApiAuditKillIT}): settings whose database outlives the process (H2 as a file under the test's folder,
 * PostgreSQL a fresh schema), no management port, the district's CDS code that {@code run} requires, then the
 * test's own; the jar deployed in {@code <tmp>/home} with them as its {@code --config} file; {@code run} started;
 * a kill -9.
 *
 * @param settings what the processes run with (the test reads the database with them afterwards)
 * @param jar      the deployment
 * @param config   the {@code --config} file
 */
public record PackagedServer(Settings settings, PackagedJar jar, Path config) {

    /** The CDS code of the district these tests import for (run refuses to start without one). */
    public static final String CDS = "1964733";

    /** Deploys the jar in {@code <tmp>/home} with those settings written to {@code configName}. */
    public static PackagedServer deploy(Kind kind, Path tmp, String configName, Properties overrides)
            throws IOException {
        Properties p = new Properties();
        if (kind == Kind.H2) {
            p.setProperty("db.url", "jdbc:h2:file:" + tmp.resolve("db/sped-bridge") + ";AUTO_SERVER=FALSE");
        }
        p.setProperty("management.enabled", "false");
        p.setProperty("district.cds-code", CDS);
        p.putAll(overrides);
        Settings settings = TestApp.settings(kind, tmp, p);
        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("home"));
        return new PackagedServer(settings, jar, jar.config(configName, settings.resolved()));
    }

    /** Starts {@code java -jar sped-bridge.jar --config CONFIG run}, its output in {@code logName}.out/.err. */
    public PackagedJar.Running startRun(String logName) throws IOException {
        return jar.start(logName, "--config", config.toString(), "run");
    }

    /** SIGKILL (no shutdown hook, nothing flushed on the way out), and waits until the process is gone. */
    public static void kill(PackagedJar.Running server) throws InterruptedException {
        server.process().destroyForcibly();
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("killed within 30 s").isTrue();
    }
}
