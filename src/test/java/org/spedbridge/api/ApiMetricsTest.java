package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.TestDatabases.Kind;

/** Every API request is counted by route id and status with its latency; every 429 by its reason. */
class ApiMetricsTest {

    @TempDir
    Path dir;

    private static String metrics(ApiFixture f, int managementPort) throws Exception {
        HttpResponse<String> r = f.http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void requestsAndRateLimitedRequestsShowUpOnTheManagementPort(Kind kind) throws Exception {
        int management = FreePort.find();
        Properties p = ApiFixtures.defaults();
        p.setProperty("management.port", String.valueOf(management));
        p.setProperty("api.rate-limit.per-second", "1");
        p.setProperty("api.rate-limit.burst", "2");
        p.setProperty("api.auth.max-failures-per-minute", "2");
        try (ApiFixture f = new ApiFixture(kind, dir, p)) {
            String key = f.key("student-data");
            assertThat(f.get("/api/v5/schools/994/students", key).statusCode()).isEqualTo(200);
            assertThat(f.get("/api/v5/schools/994/contacts", f.key("student-data")).statusCode()).isEqualTo(403);
            assertThat(f.get("/api/v5/systeminfo", null).statusCode()).isEqualTo(200);
            // burst 2: the third request with the same key within a second is refused
            int status = 200;
            for (int i = 0; i < 10 && status != 429; i++) {
                status = f.get("/api/v5/schools/994/students", key).statusCode();
            }
            assertThat(status).isEqualTo(429);
            // two bad keys, then this address is slowed down
            assertThat(f.get("/api/v5/schools", "WrongKeyWrongKeyWrong1").statusCode()).isEqualTo(401);
            assertThat(f.get("/api/v5/schools", "WrongKeyWrongKeyWrong2").statusCode()).isEqualTo(401);
            assertThat(f.get("/api/v5/schools", "WrongKeyWrongKeyWrong3").statusCode()).isEqualTo(429);

            // the metrics are written when each exchange is done (after its last byte): wait for them
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metrics(f, management))
                    .containsPattern("spedbridge_api_requests_total\\{endpoint=\"api-students\",status=\"200\"\\} [1-9]")
                    .contains("spedbridge_api_requests_total{endpoint=\"api-students\",status=\"429\"} 1.0")
                    .contains("spedbridge_api_requests_total{endpoint=\"api-contacts\",status=\"403\"} 1.0")
                    .contains("spedbridge_api_requests_total{endpoint=\"api-systeminfo\",status=\"200\"} 1.0")
                    .contains("spedbridge_api_requests_total{endpoint=\"api-schools\",status=\"401\"} 2.0")
                    .contains("spedbridge_api_requests_total{endpoint=\"api-schools\",status=\"429\"} 1.0")
                    .contains("spedbridge_api_rate_limited_total{reason=\"key-rate\"} 1.0")
                    .contains("spedbridge_api_rate_limited_total{reason=\"failed-keys\"} 1.0")
                    .containsPattern("spedbridge_api_latency_seconds_count\\{endpoint=\"api-students\"\\} [2-9]"));
            String ours = metrics(f, management).lines().filter(l -> l.startsWith("spedbridge_api"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            // our labels are route ids, never paths, keys or IDs
            assertThat(ours).isNotEmpty().doesNotContain("/api/v5", key, "WrongKeyWrongKey", "99400001");
        }
    }
}
