package org.spedbridge.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.spedbridge.config.Settings;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.store.Database;

/**
 * The packaged jar deployed as ops install it ({@link PackagedJar}), wired to SIRAS' SFTP server ({@link SirasSite},
 * in this JVM) serving the demo district's tableA/tableB, and to a database that holds the district's roster.
 * Report mails stay in the outbox (no SMTP). The SFTP password travels in the environment, as in production.
 */
public final class SirasDeployment implements AutoCloseable {

    public static final Duration COMMAND = Duration.ofMinutes(4);

    public final PackagedJar jar;
    public final SirasSite site;
    public final Properties db;
    public final SyntheticDistrict.Expected expected;

    private SirasDeployment(PackagedJar jar, SirasSite site, Properties db, SyntheticDistrict.Expected expected) {
        this.jar = jar;
        this.site = site;
        this.db = db;
        this.expected = expected;
    }

    /** The kinds of database several processes share: H2 in server mode (AUTO_SERVER) and PostgreSQL. */
    public enum SharedDb { H2_SERVER, POSTGRES }

    /**
     * An H2 file database in server mode: the first process to open it serves it to the others
     * ({@code AUTO_SERVER=TRUE}), which is how {@code import-now} runs beside {@code run} on H2.
     */
    public static Properties database(SharedDb kind, Path dir) {
        if (kind == SharedDb.POSTGRES) {
            return TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        }
        Properties p = new Properties();
        p.setProperty("db.url", "jdbc:h2:file:" + dir.resolve("db/sped-bridge").toAbsolutePath() + ";AUTO_SERVER=TRUE");
        p.setProperty("db.username", "sa");
        p.setProperty("db.password", "");
        return p;
    }

    /** Deploys the jar under {@code tmp/opt/sped-bridge}, starts SIRAS' server, loads the roster into {@code db}. */
    public static SirasDeployment create(Path tmp, Properties db) throws IOException {
        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        SirasSite site = new SirasSite(Files.createDirectories(tmp.resolve("siras-site")));
        SyntheticDistrict.Expected expected = SyntheticDistrict.demo(20251).withCdsCode(SirasSite.USER)
                .writeAll(tmp.resolve("extracts"), site.sftpRoot);
        for (String f : List.of(SyntheticDistrict.TABLE_A, SyntheticDistrict.TABLE_B)) {
            // written by SIRAS last night: past the readiness window
            Files.setLastModifiedTime(site.sftpRoot.resolve(f), FileTime.from(Instant.now().minusSeconds(3600)));
        }
        try (Database database = Database.open(Settings.load(null, Map.of(), db))) {
            if (!new RosterLoader(database).load(tmp.resolve("extracts")).loaded()) {
                throw new IllegalStateException("the demo roster did not load");
            }
        }
        jar.env("SIRAS_SFTP_PASSWORD", SirasSite.PASSWORD);
        return new SirasDeployment(jar, site, db, expected);
    }

    /**
     * Settings for the deployment: the database, SIRAS' server (not its password: the environment has it), no SMTP,
     * free API and management ports, the schedule off. Add or replace what a test needs.
     */
    public Properties settings() {
        Properties p = new Properties();
        p.putAll(db);
        p.putAll(site.settings());
        p.remove("siras.sftp.password");
        p.setProperty("mail.smtp.host", "");
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("api.port", Integer.toString(FreePort.find()));
        p.setProperty("management.port", Integer.toString(FreePort.find()));
        p.setProperty("camel.main.jmx-enabled", "false");
        return p;
    }

    /** Waits until a started {@code run} answers on its API port. */
    public static void awaitApi(PackagedJar.Running run, Properties settings) {
        HttpClient http = HttpClient.newHttpClient();
        URI systeminfo = URI.create("http://127.0.0.1:" + settings.getProperty("api.port") + "/api/v5/systeminfo");
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("run ended before its API answered", () -> !run.process().isAlive())
                .until(() -> http.send(HttpRequest.newBuilder(systeminfo).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200);
    }

    /** The rows of a query, each as its columns joined by a space. */
    public List<String> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.getProperty("db.url"), db.getProperty("db.username"),
                db.getProperty("db.password"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    b.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(b.toString());
            }
            return rows;
        }
    }

    @Override
    public void close() throws IOException {
        site.close();
    }
}
