package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.ops.SirasImportOperations;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * POST /admin/import-now (spec rule 11's admin endpoint) against the real app: SIRAS' files over a real
 * SFTP server, keys with and without import-admin, the 409 of a second run, the switch, the audit.
 */
class AdminImportNowTest {

    static final String PATH = "/admin/import-now";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void anImportAdminKeyRunsTheImportOverSftpOthersAreRefused(Kind kind) throws Exception {
        try (SirasSite site = new SirasSite(dir)) {
            SyntheticDistrict.Expected expected = SyntheticDistrict.demo(11).withCdsCode(SirasSite.USER)
                    .writeAll(dir.resolve("roster"), site.sftpRoot);
            for (String f : new String[] {"tableA.csv", "tableB.csv"}) {
                Files.setLastModifiedTime(site.sftpRoot.resolve(f), FileTime.from(Instant.now().minusSeconds(3600)));
            }
            Properties p = site.settings();
            p.setProperty("mail.smtp.host", "");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, dir, p))) {
                assertThat(new RosterLoader(app.database()).load(dir.resolve("roster")).loaded()).isTrue();
                int port = ApiServer.boundPort(app.camelContext());
                ApiKeys keys = app.camelContext().getRegistry().lookupByNameAndType("apiKeys", ApiKeys.class);
                String admin = keys.create("ops", Set.of("import-admin"), null, 24);
                long adminId = keys.findByKey(admin).orElseThrow().id();
                String siras = keys.create("siras", Area.AERIES.stream().map(Area::id).collect(Collectors.toSet()), null, 24);
                long sirasId = keys.findByKey(siras).orElseThrow().id();

                // refused before anything runs: no key, a key with all five Aeries areas but not import-admin,
                // a key in the URL, a GET
                assertThat(post(port, PATH, null).statusCode()).isEqualTo(401);
                HttpResponse<String> denied = post(port, PATH, siras);
                assertThat(denied.statusCode()).isEqualTo(403);
                assertThat(ApiFixture.json(denied).get("Message").asText()).contains("'import-admin' permission");
                HttpResponse<String> inUrl = post(port, PATH + "?cert=" + admin, null);
                assertThat(inUrl.statusCode()).isEqualTo(400);
                assertThat(inUrl.body()).doesNotContain(admin);
                HttpResponse<String> wrongMethod = get(port, PATH, admin);
                assertThat(wrongMethod.statusCode()).isEqualTo(405);
                assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
                assertThat(ApiFixture.json(wrongMethod).get("Message").asText()).contains("does not answer GET");
                assertThat(count(app, "SELECT COUNT(*) FROM import_run")).as("nothing imported").isZero();

                // the import runs over SFTP and its summary comes back
                HttpResponse<String> applied = post(port, PATH, admin);
                assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
                assertThat(applied.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                JsonNode run = ApiFixture.json(applied);
                assertThat(run.get("status").asText()).isEqualTo("APPLIED");
                assertThat(run.get("trigger").asText()).isEqualTo("admin:key-" + adminId);
                assertThat(Instant.parse(run.get("started").asText())).isBeforeOrEqualTo(Instant.parse(run.get("finished").asText()));
                JsonNode counts = run.get("counts");
                assertThat(counts.get("rowsRead").asInt()).isEqualTo(expected.rowsRead());
                assertThat(counts.get("matched").asInt()).isEqualTo(expected.matched());
                assertThat(counts.get("duplicates").asInt()).isEqualTo(expected.duplicates());
                assertThat(counts.get("servicesImported").asInt()).isEqualTo(expected.servicesImported());
                long runId = run.get("runId").asLong();
                assertThat(rows(app, "SELECT status, trigger_name FROM import_run WHERE id = " + runId))
                        .containsExactly("APPLIED admin:key-" + adminId);
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record WHERE last_import_run_id = " + runId))
                        .isEqualTo(expected.matched());
                assertThat(count(app, "SELECT COUNT(*) FROM sped_service_current")).isEqualTo(expected.servicesImported());

                // the same files again: nothing re-applied
                HttpResponse<String> unchanged = post(port, PATH, admin);
                assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);
                assertThat(ApiFixture.json(unchanged).get("status").asText()).isEqualTo("UNCHANGED");
                assertThat(ApiFixture.json(unchanged).get("runId").asLong()).isGreaterThan(runId);

                // a students file SIRAS got wrong: REFUSED, 422, and the data stays as the first run left it
                site.put("tableA.csv", "Foo,Bar\n1,2\n", 3600);
                HttpResponse<String> refused = post(port, PATH, admin);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
                assertThat(ApiFixture.json(refused).get("status").asText()).isEqualTo("REFUSED");
                assertThat(ApiFixture.json(refused).get("message").asText()).contains("tableA.csv");
                assertThat(count(app, "SELECT COUNT(*) FROM sped_record WHERE last_import_run_id = " + runId))
                        .isEqualTo(expected.matched());

                // the permission is read on every request: denied, the next request is refused
                keys.deny(adminId, Set.of("import-admin"));
                assertThat(post(port, PATH, admin).statusCode()).isEqualTo(403);
                assertThat(count(app, "SELECT COUNT(*) FROM import_run")).isEqualTo(3);

                // every request audited, with the key's id and never the key; the GET was answered by the HTTP
                // server itself (no route takes it), without a key id
                await().atMost(Duration.ofSeconds(10)).until(() -> count(app,
                        "SELECT COUNT(*) FROM api_audit WHERE path = '" + PATH + "'") == 8);
                assertThat(rows(app, "SELECT method, status, key_id FROM api_audit WHERE path = '" + PATH + "' ORDER BY id"))
                        .containsExactly("POST 401 null", "POST 403 " + sirasId, "POST 400 null", "GET 405 null",
                                "POST 200 " + adminId, "POST 200 " + adminId, "POST 422 " + adminId, "POST 403 " + adminId);
                assertThat(String.join("\n", rows(app, "SELECT * FROM api_audit"))).doesNotContain(admin, siras);
                assertThat(String.join("\n", rows(app, "SELECT * FROM import_run"))).doesNotContain(admin);
            }
        }
    }

    @Test
    void whileARunIsInProgressARequestGets409AtOnce() throws Exception {
        // "SIRAS' SFTP server" accepts the connection and says nothing: a run waits there until we hang up
        try (ServerSocket stalled = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            stalled.setSoTimeout(60_000);
            Properties p = new SirasSite(dir).settings();
            p.setProperty("siras.sftp.port", Integer.toString(stalled.getLocalPort()));
            p.setProperty("siras.sftp.connect-timeout-seconds", "120");
            p.setProperty("siras.sftp.transfer-timeout-seconds", "120");
            p.setProperty("mail.smtp.host", "");
            try (SpedBridgeApp app = TestApp.start(TestApp.settings(Kind.H2, dir, p))) {
                int port = ApiServer.boundPort(app.camelContext());
                ApiKeys keys = app.camelContext().getRegistry().lookupByNameAndType("apiKeys", ApiKeys.class);
                String first = keys.create("ops-1", Set.of("import-admin"), null, 24);
                String second = keys.create("ops-2", Set.of("import-admin"), null, 24);

                // a run started over JMX (same path as the schedule: it enters the import route's lock)
                CompletableFuture<ImportResult> jmx = CompletableFuture.supplyAsync(
                        () -> new SirasImportOperations(app.camelContext()).runNow("jmx"));
                try (Socket inProgress = stalled.accept()) {
                    HttpResponse<String> busy = post(port, PATH, first);
                    assertThat(busy.statusCode()).isEqualTo(409);
                    assertThat(ApiFixture.json(busy).get("Message").asText()).contains("already running");
                    assertThat(jmx).isNotDone();
                }
                assertThat(jmx.get().status()).isEqualTo(ImportStatus.FAILED);

                // a run started by a request: a second request is not queued behind it either
                CompletableFuture<HttpResponse<String>> running = http.sendAsync(request(port, PATH, first)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                try (Socket inProgress = stalled.accept()) {
                    HttpResponse<String> busy = post(port, PATH, second);
                    assertThat(busy.statusCode()).isEqualTo(409);
                    assertThat(running).isNotDone();
                }
                // we hung up: that run ends FAILED, and its answer says so
                HttpResponse<String> failed = running.get();
                assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
                assertThat(ApiFixture.json(failed).get("status").asText()).isEqualTo("FAILED");
                assertThat(ApiFixture.json(failed).get("message").asText()).contains("SFTP");
                assertThat(rows(app, "SELECT trigger_name, status FROM import_run ORDER BY id"))
                        .containsExactly("jmx FAILED", "admin:key-" + keys.findByKey(first).orElseThrow().id() + " FAILED");
                await().atMost(Duration.ofSeconds(10)).until(() -> count(app,
                        "SELECT COUNT(*) FROM api_audit WHERE path = '" + PATH + "' AND status = 409") == 2);
            }
        }
    }

    @Test
    void theEndpointCanBeSwitchedOff() throws Exception {
        Properties p = new Properties();
        p.setProperty("admin.import-now.enabled", "false");
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(Kind.H2, dir, p))) {
            int port = ApiServer.boundPort(app.camelContext());
            ApiKeys keys = app.camelContext().getRegistry().lookupByNameAndType("apiKeys", ApiKeys.class);
            String admin = keys.create("ops", Set.of("import-admin"), null, 24);
            assertThat(post(port, PATH, admin).statusCode()).isEqualTo(404);
            assertThat(get(port, "/api/v5/schools", admin).statusCode()).as("the API is still there").isEqualTo(200);
            assertThat(count(app, "SELECT COUNT(*) FROM import_run")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void theAdminEndpointIsNotInSirasOpenApiDocument(Kind kind) throws Exception {
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, dir, new Properties()))) {
            HttpResponse<String> doc = get(ApiServer.boundPort(app.camelContext()), "/api/v5/openapi.json", null);
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.body()).contains("/schools").doesNotContain("admin").doesNotContain("import-now");
        }
    }

    private HttpRequest.Builder request(int port, String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(90));
        if (key != null) {
            b.header("AERIES-CERT", key);
        }
        return b;
    }

    private HttpResponse<String> post(int port, String path, String key) throws IOException, InterruptedException {
        return http.send(request(port, path, key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path, String key) throws IOException, InterruptedException {
        return http.send(request(port, path, key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(SpedBridgeApp app, String sql) throws Exception {
        try (Connection c = app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each row as its columns joined by spaces. */
    private static List<String> rows(SpedBridgeApp app, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(" ", cols));
            }
        }
        return out;
    }
}
