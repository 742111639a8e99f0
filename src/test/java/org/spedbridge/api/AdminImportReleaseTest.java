package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * A HELD run as ops see it and release it, against the real app: {@code POST /admin/import-release/{runId}} (an
 * import-admin key; 404, 409 with the reason), the SirasImport MBean on the platform MBean server ({@code HeldRunIds},
 * {@code LastStatus}, {@code releaseHeld}), the {@code siras-import} health check (DOWN while a held run waits) and
 * {@code spedbridge_import_runs_total{status="HELD"}}; a release over HTTP gives the data of a normal apply.
 */
class AdminImportReleaseTest {

    static final int N = 20;
    /** The layouts of sped.SpedKit (tableA, tableB). */
    static final String STUDENTS = "Record Type Code,Transaction Type Code,Reporting LEA,School of Attendance,"
            + "Academic Year ID,SSID,Local Student ID,Student Legal First Name,Student Legal Last Name,Student Birth Date,"
            + "Special Education Referral Date,Special Education Meeting Date,Education Plan Type Code,"
            + "Primary Residence Code,Special Education Initial Service Start Date,Disability 1 Code,"
            + "Special Education Exit Date,Special Education Exit Reason Code";
    static final String SERVICES = "Record Type Code,Transaction Type Code,SSID,Local Student ID,"
            + "Special Education Service Code,Special Education Service Provider Code,Service Location Code,"
            + "Service Frequency Code,Service Duration,Nonpublic Agency Identifier,Service Start Date,Service End Date";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String ssid(int i) {
        return String.format("20000000%02d", i);
    }

    private Path tableA(String name, int from) throws Exception {
        List<String> rows = new ArrayList<>(List.of(STUDENTS));
        for (int i = from; i <= N; i++) {
            rows.add(String.join(",", "SPED", "A", "1964212", "1964212", "2025-2026", ssid(i), "", "First" + i,
                    "Last" + i, "20150101", "20240105", "20240301", "100", "100", "20240315", "240", "", ""));
        }
        return Files.write(dir.resolve(name), rows);
    }

    private Path tableB(String name) throws Exception {
        List<String> rows = new ArrayList<>(List.of(SERVICES));
        for (int i = 1; i <= N; i++) {
            rows.add(String.join(",", "SSRV", "A", ssid(i), "", "330", "100", "100", "2", "30", "", "20240315",
                    "20250315"));
        }
        return Files.write(dir.resolve(name), rows);
    }

    private Properties settings(String notInFile) {
        Properties p = new Properties();
        p.setProperty("district.cds-code", "1234567");
        p.setProperty("mail.smtp.host", "");
        p.setProperty("siras.import.hold.not-in-file-percent", notInFile);
        return p;
    }

    private static void roster(SpedBridgeApp app) throws Exception {
        try (Connection c = app.database().connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO student"
                + " (student_id, school_code, state_student_id, first_name, last_name, grade, inactive_status_code)"
                + " VALUES (?, 10, ?, 'F', 'L', 5, '')")) {
            for (int i = 1; i <= N; i++) {
                ps.setInt(1, 3000 + i);
                ps.setString(2, ssid(i));
                ps.executeUpdate();
            }
        }
    }

    private static ImportResult run(SpedBridgeApp app, Path a, Path b) {
        var done = app.camelContext().createProducerTemplate().send("direct:siras-import",
                e -> e.getIn().setBody(new ImportRequest("manual", SourceFile.local(a), SourceFile.local(b))));
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(ImportResult.class);
    }

    /** sped_record and the current services, without run ids and times. */
    private static List<String> data(SpedBridgeApp app) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = app.database().connection(); Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT student_id, state_student_id, plan_type_code FROM sped_record ORDER BY 1",
                    "SELECT student_id, line_number, service_code, duration_minutes FROM sped_service_current ORDER BY 1, 2")) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.add(rs.getString(i));
                        }
                        out.add(String.join("|", row));
                    }
                }
                out.add("--");
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aHeldRunShowsEverywhereAndIsReleasedOverHttpAndJmx(Kind kind) throws Exception {
        Path all = tableA("all.csv", 1);
        Path half = tableA("half.csv", 11);
        Path services = tableB("services.csv");
        List<String> normal;
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, dir.resolve("normal"), settings("off")))) {
            roster(app);
            assertThat(run(app, all, services).status()).isEqualTo(ImportStatus.APPLIED);
            assertThat(run(app, half, services).status()).isEqualTo(ImportStatus.APPLIED);
            normal = data(app);
        }

        int management = FreePort.find();
        Properties p = settings("10");
        p.setProperty("management.port", Integer.toString(management));
        p.setProperty("camel.main.jmx-enabled", "true");
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, dir.resolve("held"), p))) {
            roster(app);
            assertThat(run(app, all, services).status()).isEqualTo(ImportStatus.APPLIED);
            ImportResult held = run(app, half, services);
            assertThat(held.status()).as(held.message()).isEqualTo(ImportStatus.HELD);

            // JMX, health, metrics
            MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
            ObjectName imports = new ObjectName("org.spedbridge:type=SirasImport");
            assertThat(mbeans.getAttribute(imports, "LastStatus")).isEqualTo("HELD");
            assertThat((long[]) mbeans.getAttribute(imports, "HeldRunIds")).containsExactly(held.runId());
            assertThat((String) mbeans.getAttribute(imports, "HeldRuns")).startsWith("run " + held.runId() + " held ")
                    .contains("not in the file: 10 of 20 (50 %)");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    get(management, "/observe/health?exposureLevel=full").body())
                    .contains("SIRAS import run " + held.runId() + " is HELD").contains("DOWN"));
            assertThat(get(management, "/observe/metrics").body())
                    .containsPattern("spedbridge_import_runs_total\\{status=\"HELD\",trigger=\"manual\"} 1\\.0");

            // POST /admin/import-release/{runId}
            int port = ApiServer.boundPort(app.camelContext());
            ApiKeys keys = app.camelContext().getRegistry().lookupByNameAndType("apiKeys", ApiKeys.class);
            String admin = keys.create("ops", Set.of("import-admin"), null, 24);
            String siras = keys.create("siras", Set.of("student-data"), null, 24);
            assertThat(post(port, "/admin/import-release/" + held.runId(), siras).statusCode()).isEqualTo(403);
            assertThat(post(port, "/admin/import-release/999999", admin).statusCode()).isEqualTo(404);
            HttpResponse<String> released = post(port, "/admin/import-release/" + held.runId(), admin);
            assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
            JsonNode summary = ApiFixture.json(released);
            assertThat(summary.get("status").asText()).isEqualTo("APPLIED");
            assertThat(summary.get("trigger").asText()).isEqualTo("release");
            assertThat(summary.get("message").asText()).contains("Released held run " + held.runId());
            assertThat(data(app)).isEqualTo(normal);
            HttpResponse<String> again = post(port, "/admin/import-release/" + held.runId(), admin);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(ApiFixture.json(again).get("Message").asText()).contains("was released already");
            assertThat((long[]) mbeans.getAttribute(imports, "HeldRunIds")).isEmpty();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    get(management, "/observe/health?exposureLevel=full").body()).doesNotContain("is HELD"));

            // held again (fewer students still), released through JMX's operation
            ImportResult heldAgain = run(app, tableA("fewer.csv", 14), services);
            assertThat(heldAgain.status()).isEqualTo(ImportStatus.HELD);
            String answer = (String) mbeans.invoke(imports, "releaseHeld", new Object[] {heldAgain.runId()},
                    new String[] {"long"});
            assertThat(answer).contains(": APPLIED").contains("Released held run " + heldAgain.runId());
            assertThat(mbeans.getAttribute(imports, "LastStatus")).isEqualTo("APPLIED");
            assertThat(mbeans.getAttribute(imports, "LastTrigger")).isEqualTo("release");
        }
    }

    @org.junit.jupiter.api.Test
    void importNowAnswers202ForAHeldRun() {
        ImportResult held = new ImportResult(7, ImportStatus.HELD, "admin:key-1", "HELD by the change hold", null, null,
                null, null, null, null, org.spedbridge.sped.ImportCounts.NONE, List.of());
        assertThat(AdminImportNow.status(held)).isEqualTo(202);
        assertThat(AdminImportNow.summary(held)).containsEntry("status", "HELD");
    }

    private HttpResponse<String> post(int port, String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json").header("AERIES-CERT", key).timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
