package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.TestDatabases;

/**
 * Production's set-up: {@code java -jar sped-bridge.jar} (through a symbolic link, from a folder that is not the
 * checkout) against PostgreSQL. The shipped jar once failed here with "No suitable driver" because its assembly
 * kept only H2's {@code META-INF/services/java.sql.Driver}; every test then ran from Maven's class path and none
 * saw it.
 */
class PackagedJarPostgresIT {

    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final String AREAS = "student-data,special-education,special-programs,contacts,enrollment-history";

    @TempDir
    Path tmp;

    private PackagedJar jar;
    private Properties db;
    private Path config;

    @BeforeEach
    void deploy() throws Exception {
        jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        db = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        Properties p = new Properties();
        p.putAll(db);
        p.setProperty("district.cds-code", SyntheticDistrict.DEMO_CDS_CODE);
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("api.port", Integer.toString(FreePort.find()));
        p.setProperty("management.port", Integer.toString(FreePort.find()));
        p.setProperty("camel.main.jmx-enabled", "false");
        config = jar.config("district.properties", p);
    }

    @Test
    void keysAreCreatedAndListedInPostgres() throws Exception {
        PackagedJar.Result created = jar.run(COMMAND, "--config", config.toString(), "keys", "create", "--name",
                "siras", "--areas", AREAS);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String[] lines = created.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).as("the key alone on the last line").matches("[A-Za-z0-9]{20}");

        PackagedJar.Result listed = jar.run(COMMAND, "--config", config.toString(), "keys", "list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("siras").contains("student-data").doesNotContain(lines[lines.length - 1]);
        assertThat(count("SELECT COUNT(*) FROM api_key")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '11'"))
                .as("V11, the PostgreSQL-only Java migration, ran from the jar").isEqualTo(1);
    }

    @Test
    void rosterLoadThenImportFilesApplyInPostgres() throws Exception {
        SyntheticDistrict district = SyntheticDistrict.demo(20251);
        SyntheticDistrict.Expected want = district.writeAll(tmp.resolve("extracts"), tmp.resolve("siras"));

        PackagedJar.Result roster = jar.run(COMMAND, "--config", config.toString(), "roster", "load",
                tmp.resolve("extracts").toString());
        assertThat(roster.exitCode()).as(roster.toString()).isZero();
        assertThat(count("SELECT COUNT(*) FROM student")).isEqualTo(want.students());
        assertThat(count("SELECT COUNT(*) FROM school")).isEqualTo(want.schools());

        PackagedJar.Result imported = jar.run(COMMAND, "--config", config.toString(), "import-files", "--students",
                tmp.resolve("siras/tableA.csv").toString(), "--services", tmp.resolve("siras/tableB.csv").toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains(": APPLIED")
                .contains("Services: " + want.serviceRowsRead() + " rows read, " + want.servicesImported() + " imported");
        assertThat(count("SELECT COUNT(*) FROM import_run WHERE status = 'APPLIED'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM sped_service_current")).isEqualTo(want.servicesImported());
    }

    @Test
    void runServesTheApiFromPostgres() throws Exception {
        PackagedJar.Result created = jar.run(COMMAND, "--config", config.toString(), "keys", "create", "--name",
                "siras", "--areas", AREAS);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String[] lines = created.out().strip().split("\n");
        String key = lines[lines.length - 1];
        SyntheticDistrict district = SyntheticDistrict.demo(7);
        district.writeRoster(tmp.resolve("extracts"));
        assertThat(jar.run(COMMAND, "--config", config.toString(), "roster", "load",
                tmp.resolve("extracts").toString()).exitCode()).isZero();

        String api = "http://127.0.0.1:" + setting("api.port");
        HttpClient http = HttpClient.newHttpClient();
        try (PackagedJar.Running run = jar.start("run", "--config", config.toString(), "run")) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(URI.create(api + "/api/v5/systeminfo")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            HttpResponse<String> schools = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v5/schools"))
                    .header("AERIES-CERT", key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(schools.statusCode()).as(schools.body()).isEqualTo(200);
            assertThat(schools.body()).startsWith("[{").contains("\"SchoolCode\"");
            // liveness UP; readiness waits for a first applied import, but its database check is UP already
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + setting("management.port") + "/observe/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            assertThat(count("SELECT COUNT(*) FROM api_audit WHERE status = 200")).isGreaterThanOrEqualTo(1);
            assertThat(run.process().isAlive()).as(run.stderr()).isTrue();
        }
    }

    private String setting(String key) throws Exception {
        Properties p = new Properties();
        try (var r = java.nio.file.Files.newBufferedReader(config)) {
            p.load(r);
        }
        return p.getProperty(key);
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.getProperty("db.url"), db.getProperty("db.username"),
                db.getProperty("db.password"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
