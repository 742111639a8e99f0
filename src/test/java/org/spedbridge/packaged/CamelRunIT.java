package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.config.Settings;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.store.Database;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TestDatabases;

/**
 * The same routes/, templates/ and application.properties on Camel's own runtime: {@code bin/camel run
 * application.properties routes/*.yaml} (Camel JBang's CLI on camel-kamelet-main, without JBang, nothing downloaded)
 * as a process in a district folder outside the checkout, against PostgreSQL. The API answers a key; an import
 * through an embedded SFTP server applies; {@code camel ps}, {@code camel get health} and {@code camel stop} watch
 * and stop it. Runs after {@code mvn package} (target/classes and target/runtime-classpath.txt).
 */
class CamelRunIT {

    private static final Duration START = Duration.ofMinutes(5);
    private static final Duration COMMAND = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void routesRunUnderCamelRunTheApiAnswersAKeyAndAnImportFromSftpApplies() throws Exception {
        try (SirasSite site = new SirasSite(tmp.resolve("site"))) {
            SyntheticDistrict district = SyntheticDistrict.demo(20251);
            SyntheticDistrict.Expected want = district.writeAll(tmp.resolve("extracts"), site.sftpRoot);
            for (String file : List.of(SyntheticDistrict.TABLE_A, SyntheticDistrict.TABLE_B)) {
                Files.setLastModifiedTime(site.sftpRoot.resolve(file), FileTime.from(Instant.now().minusSeconds(3600)));
            }
            Properties settings = districtSettings(site);
            String key = rosterAndKey(settings);
            Path home = districtFolder(settings);

            Process camel = camel(home, "camel-run",
                    "exec \"$0\" run --logging-color=false application.properties routes/*.yaml");
            try {
                String api = "http://127.0.0.1:" + settings.getProperty("api.port");
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(START).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                        .failFast("camel run ended", () -> !camel.isAlive())
                        .until(() -> get(http, api + "/api/v5/systeminfo", null).statusCode() == 200);

                // the API: a key is needed and answers
                assertThat(get(http, api + "/api/v5/schools", null).statusCode()).isEqualTo(401);
                HttpResponse<String> schools = get(http, api + "/api/v5/schools", key);
                assertThat(schools.statusCode()).as(schools.body()).isEqualTo(200);
                assertThat(schools.body()).startsWith("[{").contains("\"SchoolCode\"");

                // an import now, through the same route as the schedule: SFTP, apply, report mail
                HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(api + "/admin/import-now"))
                        .header("AERIES-CERT", key).POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
                assertThat(run.body()).contains("\"status\":\"APPLIED\"", "\"trigger\":\"admin:key-",
                        "\"matched\":" + want.matched() + ",");
                assertThat(count(settings, "SELECT COUNT(*) FROM import_run WHERE status = 'APPLIED'")).isEqualTo(1);
                assertThat(count(settings, "SELECT COUNT(*) FROM sped_service_current")).isEqualTo(want.servicesImported());
                try (Stream<Path> outbox = Files.list(Path.of(settings.getProperty("report.mail.outbox-dir")))) {
                    assertThat(outbox.map(Path::toString)).anyMatch(n -> n.endsWith("-APPLIED.eml"));
                }

                // ops watch it with the CLI's own tools, and stop it
                String pid = Long.toString(camel.pid());
                assertThat(cli(home, "ps")).containsPattern(pid + "\\s+sped-bridge\\s+\\S+\\s+Running");
                assertThat(cli(home, "get", "health")).containsPattern(pid + "\\s+sped-bridge.*sped-bridge/database\\s+\\S+\\s+UP");
                cli(home, "stop", pid);
                assertThat(camel.waitFor(60, TimeUnit.SECONDS)).as("camel stop ends camel run").isTrue();
                assertThat(camel.exitValue()).isZero();
                assertThat(Files.readString(home.resolve("camel-run.out"))).doesNotContain(" ERROR ")
                        .contains("MavenDownloader in offline mode");
            } finally {
                if (camel.isAlive()) {
                    camel.destroy();
                    if (!camel.waitFor(60, TimeUnit.SECONDS)) {
                        camel.destroyForcibly().waitFor();
                    }
                }
            }
        }
    }

    /** A district's settings: a fresh PostgreSQL schema, SIRAS' SFTP server, free ports, its own folders. */
    private Properties districtSettings(SirasSite site) throws IOException {
        Properties p = site.settings();
        p.remove("siras.sftp.password"); // a secret: the environment gives it (SIRAS_SFTP_PASSWORD)
        p.putAll(TestDatabases.fresh(TestDatabases.Kind.POSTGRES));
        p.setProperty("mail.smtp.host", "");
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("api.port", Integer.toString(FreePort.find()));
        p.setProperty("management.port", Integer.toString(FreePort.find()));
        Path data = tmp.resolve("district/data");
        p.setProperty("siras.import.work-dir", data.resolve("runs").toString());
        p.setProperty("report.mail.outbox-dir", data.resolve("outbox").toString());
        p.setProperty("roster.drop-dir", data.resolve("roster-drop").toString());
        return p;
    }

    /** Loads the roster into the district's database and creates an operator's key (before the start, as ops do). */
    private String rosterAndKey(Properties settings) {
        try (Database db = Database.open(Settings.load(null, Map.of(), settings))) {
            assertThat(new RosterLoader(db).load(tmp.resolve("extracts")).loaded()).isTrue();
            return new ApiKeys(db).create("ops", Set.of("student-data", "import-admin"), null, ApiKeys.DEFAULT_LENGTH);
        }
    }

    /** The district folder: copies of routes/, templates/ and application.properties with the settings appended. */
    private Path districtFolder(Properties settings) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("district"));
        for (String folder : List.of("routes", "templates")) {
            Files.createDirectories(home.resolve(folder));
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path f : files.toList()) {
                    Files.copy(f, home.resolve(folder).resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path properties = home.resolve("application.properties");
        Files.copy(Path.of("application.properties"), properties);
        try (var w = Files.newBufferedWriter(properties, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            settings.store(w, "the district's settings (the last value of a key wins)");
        }
        return home;
    }

    /** Starts {@code bin/camel} through bash (as ops type it: the shell expands routes/*.yaml) in the district folder. */
    private static Process camel(Path home, String log, String script) throws IOException {
        ProcessBuilder b = new ProcessBuilder("bash", "-c", script, Path.of("bin/camel").toAbsolutePath().toString())
                .directory(home.toFile())
                .redirectOutput(home.resolve(log + ".out").toFile())
                .redirectError(home.resolve(log + ".err").toFile());
        b.environment().put("SIRAS_SFTP_PASSWORD", SirasSite.PASSWORD);
        b.environment().put("CAMEL_CLI_JAVA_OPTS", "-Xmx512m");
        return b.start();
    }

    /** Runs {@code bin/camel ARGS} to its end; what it printed. */
    private static String cli(Path home, String... args) throws Exception {
        String log = "camel-" + String.join("-", args);
        Process p = camel(home, log, "exec \"$0\" " + String.join(" ", args));
        assertThat(p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).as("bin/camel " + String.join(" ", args)).isTrue();
        String out = Files.readString(home.resolve(log + ".out"));
        assertThat(p.exitValue()).as(out + Files.readString(home.resolve(log + ".err"))).isZero();
        return out;
    }

    private static HttpResponse<String> get(HttpClient http, String url, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            r.header("AERIES-CERT", key);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Properties settings, String sql) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(settings.getProperty("db.url"),
                settings.getProperty("db.username"), settings.getProperty("db.password"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
