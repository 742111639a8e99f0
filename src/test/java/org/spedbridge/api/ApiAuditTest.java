package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * The audit's guarantee with group commit: a request's api_audit row is committed before its answer
 * completes, the rows of concurrent requests share commits, and when the server process is killed
 * (kill -9) in the middle of a load, every answer a client received has its row.
 */
class ApiAuditTest {

    @TempDir
    Path tmp;

    /** Rows that wait while a commit is in flight go together in the next one. */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void rowsWaitingTogetherShareOneCommitAndEachCallerReturnsOnlyOnceItsRowIsCommitted(Kind kind) throws Exception {
        Properties p = TestDatabases.fresh(kind);
        p.setProperty("db.pool-size", "4");
        try (Database db = Database.open(Settings.load(null, Map.of(), p))) {
            AuditLog log = new AuditLog(db);
            ExecutorService callers = Executors.newFixedThreadPool(40);
            List<Connection> held = new ArrayList<>();
            try {
                // the writer cannot get a connection while the test holds them all: the rows queue up
                for (int i = 0; i < 4; i++) {
                    held.add(db.connection());
                }
                CountDownLatch started = new CountDownLatch(40);
                List<Future<Long>> done = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String path = "/group/" + i;
                    done.add(callers.submit(() -> {
                        started.countDown();
                        log.commit(new AuditLog.Row(Timestamp.valueOf(LocalDateTime.now()), null, "GET", path, 200, 1, "t"));
                        return System.nanoTime();
                    }));
                }
                started.await(10, TimeUnit.SECONDS);
                Thread.sleep(300);
                assertThat(done).noneMatch(Future::isDone);
                long released = System.nanoTime();
                for (Connection c : held) {
                    c.close();
                }
                held.clear();
                for (Future<Long> f : done) {
                    assertThat(f.get(20, TimeUnit.SECONDS)).isGreaterThan(released);
                }
                // all 40 committed, in at most 3 commits (the first may have taken one row before it waited)
                assertThat(log.rows()).isEqualTo(40);
                assertThat(log.commits()).isBetween(1L, 3L);
                try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM api_audit WHERE path LIKE '/group/%'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(40);
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
                callers.shutdownNow();
            }
        }
    }

    /** Under concurrent load every answer's row is there the moment the answer is complete. */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void underConcurrentLoadEveryAnswerHasItsRowWhenItArrives(Kind kind) throws Exception {
        try (ApiFixture f = new ApiFixture(kind, tmp, ApiFixtures.defaults())) {
            // 25 students at school 77: more than one database chunk (api.fetch-size=10), so those lists stream
            StringBuilder sql = new StringBuilder("INSERT INTO student (student_id, school_code, student_number, grade) VALUES ");
            for (int i = 0; i < 25; i++) {
                sql.append(i == 0 ? "" : ", ").append("(").append(77000000 + i).append(", 77, ").append(i + 1).append(", 3)");
            }
            f.sql(sql.toString());
            String key = f.key(ApiFixture.ALL_AREAS);
            long keyId = f.idOf(key);
            ApiAudit audit = f.app.camelContext().getRegistry().lookupByNameAndType("apiAudit", ApiAudit.class);
            long commitsBefore = audit.log().commits();
            long rowsBefore = audit.log().rows();
            List<String> missing = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, Integer> answered = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                all.add(clients.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        String path = switch (i % 5) {
                            case 0 -> "/api/v5/schools/994/students/" + (1000 + thread * 100 + i); // none: []
                            case 1 -> "/api/v5/schools/77/students?x=" + thread + "-" + i;           // streamed
                            case 2 -> "/api/v5/schools/994/contacts/" + (5000 + thread * 100 + i);
                            case 3 -> "/api/v5/nothing/" + thread + "-" + i;                         // 404 by the server
                            default -> "/api/v5/schools/" + (9000 + thread * 100 + i);              // 404 unknown school
                        };
                        HttpResponse<String> r = f.get(path, key);
                        String stored = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                        // no waiting: the row must already be there
                        long rows = ApiSecurityTest.count(f, "SELECT COUNT(*) FROM api_audit WHERE path = '" + stored
                                + "' AND status = " + r.statusCode());
                        if (rows == 0) {
                            missing.add(stored + " " + r.statusCode());
                        }
                        answered.merge(stored + " " + r.statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> x : all) {
                x.get(5, TimeUnit.MINUTES);
            }
            clients.shutdown();
            assertThat(missing).as("answers whose audit row was not there when they arrived").isEmpty();
            assertThat(answered.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(240);
            assertThat(answered).containsEntry("/api/v5/schools/77/students 200", 48);
            assertThat(ApiSecurityTest.count(f, "SELECT COUNT(*) FROM api_audit WHERE key_id = " + keyId
                    + " AND path = '/api/v5/schools/77/students' AND records = 25")).isEqualTo(48);
            long commits = audit.log().commits() - commitsBefore;
            long rows = audit.log().rows() - rowsBefore;
            assertThat(rows).isGreaterThanOrEqualTo(240);
            assertThat(commits).isPositive().isLessThanOrEqualTo(rows);
        }
    }

    // ------------------------------------------------------------------ kill -9

    /**
     * The server in its own JVM (the `run` command on the test class path) under load from 8 clients,
     * killed with SIGKILL mid-load: every answer a client had received completely has its audit row.
     */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void afterAKillMinus9EveryAnswerAClientReceivedHasItsRow(Kind kind) throws Exception {
        Properties db = TestDatabases.fresh(kind);
        if (kind == Kind.H2) {
            db.setProperty("db.url", "jdbc:h2:file:" + tmp.resolve("db/sped-bridge") + ";AUTO_SERVER=FALSE");
        }
        String key;
        try (Database d = Database.open(Settings.load(null, Map.of(), db))) {
            try (Connection c = d.connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO student (student_id, school_code, student_number, last_name, grade) VALUES (?, 994, ?, ?, 9)")) {
                for (int i = 1; i <= 40; i++) {
                    ps.setInt(1, 99400000 + i);
                    ps.setInt(2, i);
                    ps.setString(3, "Kill-" + i);
                    ps.executeUpdate();
                }
            }
            key = new ApiKeys(d).create("load", Set.of("student-data", "contacts"), null, 24);
        }
        int port = FreePort.find();
        Properties cfg = new Properties();
        cfg.putAll(db);
        cfg.setProperty("api.port", Integer.toString(port));
        cfg.setProperty("api.host", "127.0.0.1");
        cfg.setProperty("management.enabled", "false");
        cfg.setProperty("camel.main.jmx-enabled", "false");
        cfg.setProperty("siras.import.schedule-enabled", "false");
        cfg.setProperty("siras.import.work-dir", tmp.resolve("runs").toString());
        cfg.setProperty("report.mail.outbox-dir", tmp.resolve("outbox").toString());
        cfg.setProperty("roster.drop-dir", tmp.resolve("roster-drop").toString());
        cfg.setProperty("api.rate-limit.per-second", "1000000");
        cfg.setProperty("api.rate-limit.burst", "1000000");
        cfg.setProperty("api.auth.max-failures-per-minute", "1000000");
        cfg.setProperty("api.fetch-size", "10");
        Path config = tmp.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            cfg.store(out, "ApiAuditTest: the server killed mid-load");
        }
        Path log = tmp.resolve("server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.spedbridge.cli.SpedBridge", "--config", config.toString(), "run")
                .directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            waitUntilServing(http, port, server, log);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sequence = new AtomicInteger();
            for (int t = 0; t < 8; t++) {
                clients.submit(() -> {
                    while (!stop.get()) {
                        int n = sequence.incrementAndGet();
                        String path = switch (n % 4) {
                            case 0 -> "/api/v5/schools/994/students/" + (99400000 + n % 40 + 1) + "?n=" + n;
                            case 1 -> "/api/v5/schools/994/students/" + (1_000_000 + n);
                            case 2 -> "/api/v5/schools/994/contacts/" + (2_000_000 + n);
                            default -> "/api/v5/unknown/" + n;
                        };
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .header("AERIES-CERT", key).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            String stored = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                            received.add(stored + " " + r.statusCode());
                        } catch (IOException | InterruptedException e) {
                            // killed while this request was on its way: no answer, nothing to check
                            if (server.isAlive()) {
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
            assertThat(received.size()).as("answers before the kill; server log " + log).isGreaterThanOrEqualTo(400);
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            clients.shutdownNow();
            server.destroyForcibly();
        }
        List<String> answers;
        synchronized (received) {
            answers = new ArrayList<>(received);
        }
        assertThat(answers).anyMatch(a -> a.endsWith(" 200")).anyMatch(a -> a.endsWith(" 404"));
        try (Database d = Database.open(Settings.load(null, Map.of(), db));
             Connection c = d.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT path, status FROM api_audit")) {
            Map<String, Integer> rows = new java.util.HashMap<>();
            while (rs.next()) {
                rows.merge(rs.getString(1) + " " + rs.getInt(2), 1, Integer::sum);
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
    }

    private static void waitUntilServing(HttpClient http, int port, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server stopped: " + Files.readString(log));
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
        throw new AssertionError("the server did not answer within 90 s: " + Files.readString(log));
    }
}
