package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.TestDatabases.Kind;

/** The per-key rate limit and the slow-down of addresses that keep sending bad keys. */
class ApiRateLimitTest {

    /** Separate apps: the failure slow-down blocks the test address for a minute. */
    private static final ApiFixtures RATE = new ApiFixtures(with("api.rate-limit.per-second", "1", "api.rate-limit.burst", "5"));
    private static final ApiFixtures FAILURES = new ApiFixtures(with("api.auth.max-failures-per-minute", "4"));
    /** The shipped limit (application.properties), for the scenario of a hundred wrong keys. */
    private static final ApiFixtures SHIPPED = new ApiFixtures(with("api.auth.max-failures-per-minute", "10"));

    private static Properties with(String... kv) {
        Properties p = ApiFixtures.defaults();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @AfterAll
    static void stop() {
        RATE.close();
        FAILURES.close();
        SHIPPED.close();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aKeyBeyondItsBurstGets429WithRetryAfterOthersAreUnaffected(Kind kind) throws Exception {
        ApiFixture f = RATE.get(kind);
        String busy = f.key();
        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            HttpResponse<String> r = f.get("/api/v5/schools", busy);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                ok++;
            }
        }
        // burst 5 (+ at most a token or two refilled at 1/s while the loop runs)
        assertThat(ok).isBetween(5, 7);
        assertThat(limited).isNotNull();
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(ApiFixture.json(limited).get("Message").asText()).contains("Too many requests");
        // another key has its own bucket
        assertThat(f.get("/api/v5/schools", f.key()).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void repeatedBadKeysFromOneAddressAreSlowedDown(Kind kind) throws Exception {
        ApiFixture f = FAILURES.get(kind);
        String good = f.key();
        for (int i = 0; i < 4; i++) {
            assertThat(f.get("/api/v5/schools", "WrongKeyWrongKeyWrong" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = f.get("/api/v5/schools", "WrongKeyWrongKeyWrong9");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
        // the slow-down holds back bad keys only: a valid key from the same address (SIRAS behind a shared
        // NAT) keeps working, while the bad keys stay refused for the rest of the minute
        for (int i = 0; i < 10; i++) {
            assertThat(f.get("/api/v5/schools", good).statusCode()).as("valid key, request " + i).isEqualTo(200);
            assertThat(f.get("/api/v5/schools", "WrongKeyWrongKeyWrong" + i).statusCode()).isEqualTo(429);
            assertThat(f.get("/api/v5/schools", null).statusCode()).isEqualTo(429);
        }
        // a revoked key is a bad key too
        String revoked = f.key();
        f.keys.revoke(f.idOf(revoked));
        assertThat(f.get("/api/v5/schools", revoked).statusCode()).isEqualTo(429);
        // systeminfo needs no key and stays available
        assertThat(f.get("/api/v5/systeminfo", null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aValidKeyKeepsWorkingAfterAHundredWrongKeysFromItsAddress(Kind kind) throws Exception {
        ApiFixture f = SHIPPED.get(kind);
        String siras = f.key("student-data");
        int refused = 0;
        for (int i = 0; i < 100; i++) {
            int status = f.get("/api/v5/schools/994/students/0", "NotTheKeyNotTheKey" + i).statusCode();
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).as("slowed down after 10 bad keys").isEqualTo(90);
        HttpResponse<String> r = f.get("/api/v5/schools/994/students/0", siras);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ApiFixture.json(r)).hasSize(3);
    }
}
