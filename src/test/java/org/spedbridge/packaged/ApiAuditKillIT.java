package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.PackagedServer;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * The audit's promise when the process dies: the packaged server ({@code java -jar sped-bridge.jar run})
 * under load from 8 clients is killed with SIGKILL (no shutdown, no flush); afterwards every answer a
 * client had received completely has its api_audit row (group commit: rows are durable before the
 * answer completes). On H2 (a file database) and PostgreSQL.
 */
class ApiAuditKillIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void afterAKillMinus9EveryAnswerAClientReceivedHasItsRow(Kind kind) throws Exception {
        int port = FreePort.find();
        Properties overrides = new Properties();
        overrides.setProperty("api.port", Integer.toString(port));
        overrides.setProperty("api.host", "127.0.0.1");
        overrides.setProperty("api.rate-limit.per-second", "1000000");
        overrides.setProperty("api.rate-limit.burst", "1000000");
        overrides.setProperty("api.auth.max-failures-per-minute", "1000000");
        PackagedServer deployed = PackagedServer.deploy(kind, tmp, "server.properties", overrides);
        Settings settings = deployed.settings();
        String key;
        try (Database db = Database.open(settings)) {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO student (student_id, school_code, student_number, last_name, grade) VALUES (?, 994, ?, ?, 9)")) {
                for (int i = 1; i <= 40; i++) {
                    ps.setInt(1, 99400000 + i);
                    ps.setInt(2, i);
                    ps.setString(3, "Kill-" + i);
                    ps.executeUpdate();
                }
            }
            key = new ApiKeys(db).create("load", Set.of("student-data", "contacts"), null, 24);
        }
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        PackagedJar.Running server = deployed.startRun("server");
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            waitUntilServing(http, port, server);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sequence = new AtomicInteger();
            for (int t = 0; t < 8; t++) {
                clients.submit(() -> {
                    while (!stop.get()) {
                        int n = sequence.incrementAndGet();
                        String path = switch (n % 4) {
                            case 0 -> "/api/v5/schools/994/students/" + (99400000 + n % 40 + 1);   // one student
                            case 1 -> "/api/v5/schools/994/students/" + (1_000_000 + n);           // none: []
                            case 2 -> "/api/v5/schools/994/contacts/" + (2_000_000 + n);
                            default -> "/api/v5/unknown/" + n;                                      // the server's 404
                        };
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .header("AERIES-CERT", key).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            received.add(path + " " + r.statusCode());
                        } catch (IOException | InterruptedException e) {
                            // the server was killed while this request was on its way: no answer, nothing to check
                            if (server.process().isAlive()) {
                                throw new IllegalStateException(path, e);
                            }
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < 400 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(received.size()).as("answers before the kill; " + server.stdout()).isGreaterThanOrEqualTo(400);
            PackagedServer.kill(server);
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            clients.shutdownNow();
            server.process().destroyForcibly();
        }
        List<String> answers;
        synchronized (received) {
            answers = new ArrayList<>(received);
        }
        assertThat(answers).anyMatch(a -> a.endsWith(" 200")).anyMatch(a -> a.endsWith(" 404"));
        Map<String, Integer> rows = new HashMap<>();
        try (Database db = Database.open(settings); Connection c = db.connection();
             ResultSet rs = c.createStatement().executeQuery("SELECT path, status FROM api_audit")) {
            while (rs.next()) {
                rows.merge(rs.getString(1) + " " + rs.getInt(2), 1, Integer::sum);
            }
        }
        Map<String, Long> needed = answers.stream().collect(Collectors.groupingBy(a -> a, Collectors.counting()));
        List<String> unaudited = new ArrayList<>();
        needed.forEach((answer, count) -> {
            if (rows.getOrDefault(answer, 0) < count) {
                unaudited.add(answer + " x" + count + " (rows: " + rows.getOrDefault(answer, 0) + ")");
            }
        });
        assertThat(unaudited).as(answers.size() + " answers received before the kill").isEmpty();
    }

    private static void waitUntilServing(HttpClient http, int port, PackagedJar.Running server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!server.process().isAlive()) {
                throw new AssertionError("the server stopped:\n" + server.stdout() + server.stderr());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v5/systeminfo")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not answer within 90 s:\n" + server.stdout() + server.stderr());
    }
}
