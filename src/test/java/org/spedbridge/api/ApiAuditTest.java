package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * The audit's guarantee with group commit: a request's api_audit row is committed before its answer
 * completes and the rows of concurrent requests share commits. (A server killed mid-load:
 * {@code packaged/ApiAuditKillIT}.)
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
}
