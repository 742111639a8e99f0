package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/** Health and metrics on the management port, separate from the API. */
class ManagementTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void insertRun(SpedBridgeApp app, long id, String trigger, String status, Instant started)
            throws Exception {
        try (Connection c = app.database().connection(); PreparedStatement ps = c.prepareStatement(
                // a run whose report went out (report_delivered_at): this test is about the import's health only
                "INSERT INTO import_run (id, trigger_name, status, started_at, finished_at, message, report_delivered_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, trigger);
            ps.setString(3, status);
            ps.setTimestamp(4, Timestamp.from(started));
            ps.setTimestamp(5, Timestamp.from(started.plusSeconds(5)));
            ps.setString(6, status.equals("FAILED") ? "SFTP server unreachable" : "");
            ps.setTimestamp(7, Timestamp.from(started.plusSeconds(6)));
            ps.executeUpdate();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void importHealthTurnsDownAndUpAgain(TestDatabases.Kind kind) throws Exception {
        int port = FreePort.find();
        Properties p = new Properties();
        p.setProperty("management.port", String.valueOf(port));
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, dir, p))) {
            // never applied: DOWN (503), and the readiness of the database is UP
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get(port, "/observe/health").body()).contains("DOWN"));
            HttpResponse<String> health = get(port, "/observe/health?exposureLevel=full");
            assertThat(health.body()).contains("siras-import").contains("No SIRAS import was APPLIED");
            assertThat(health.body()).containsPattern("\"database\"[^}]*\"UP\"|database.*UP");

            insertRun(app, 1, "schedule", "APPLIED", Instant.now().minusSeconds(3600));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> r = get(port, "/observe/health");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("UP").doesNotContain("DOWN");
            });

            insertRun(app, 2, "schedule", "FAILED", Instant.now());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> r = get(port, "/observe/health?exposureLevel=full");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).contains("The last scheduled SIRAS import FAILED");
            });
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void metricsCountImportRunsAndApiRequests(TestDatabases.Kind kind) throws Exception {
        int port = FreePort.find();
        Properties p = new Properties();
        p.setProperty("management.port", String.valueOf(port));
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, dir, p))) {
            SpedBridgeMetrics metrics = app.camelContext().getRegistry()
                    .lookupByNameAndType("spedBridgeMetrics", SpedBridgeMetrics.class);
            metrics.importFinished(new ImportResult(7, ImportStatus.APPLIED, "schedule", "", Instant.now().minusSeconds(2),
                    Instant.now(), null, null, null, null,
                    new ImportCounts(10, 8, 1, 1, 0, 0, 0, 20, 18, 2, 3), List.of()));
            metrics.apiRequest("students-by-school", 200, Duration.ofMillis(4));
            String body = get(port, "/observe/metrics").body();
            assertThat(body).contains("spedbridge_import_runs_total{status=\"APPLIED\",trigger=\"schedule\"} 1.0")
                    .contains("spedbridge_import_rows_total{category=\"matched\"} 8.0")
                    .contains("spedbridge_api_requests_total{endpoint=\"students-by-school\",status=\"200\"} 1.0")
                    .contains("spedbridge_import_duration_seconds_count")
                    // Camel's per-route metrics stay; its exchange event notifier (per-endpoint timers and the
                    // in-flight gauges, a registry search on every exchange event) is off in application.properties
                    .contains("camel_exchanges_total{")
                    .doesNotContain("camel_exchanges_inflight")
                    .doesNotContain("camel_exchange_event_notifier");
        }
    }
}
