package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.Settings;
import org.spedbridge.support.Cli;
import org.spedbridge.support.LogCapture;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases.Kind;
import org.spedbridge.support.TestTls;

/**
 * The one-time key pickup link (issue 13): {@code keys create --pickup} prints it, the first GET returns the
 * key (once, atomically), later or expired ones 410, unknown and malformed 404; plain HTTP only on a loopback
 * API; bad links slow an address down like bad keys; the token and the key never reach a log or api_audit.
 */
class KeyPickupTest {

    /** The API on 127.0.0.1: plain HTTP may hand keys out (as behind an HTTPS reverse proxy on the same host). */
    private static final ApiFixtures LOOPBACK = new ApiFixtures(loopback());

    @TempDir
    Path tmp;

    @AfterAll
    static void stop() {
        LOOPBACK.close();
    }

    private static Properties loopback() {
        Properties p = ApiFixtures.defaults();
        p.setProperty("api.host", "127.0.0.1");
        return p;
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aLinkHandsTheKeyOverOnceAndNeitherTokenNorKeyIsLoggedOrAudited(Kind kind) throws Exception {
        ApiFixture f = LOOPBACK.get(kind);
        Path config = cliConfig(f, new Properties());
        String token;
        String key;
        long id;
        try (LogCapture logs = LogCapture.atLevel(Level.TRACE)) {
            Cli created = keys(config, "create", "--name", "siras", "--areas", "student-data,special-education",
                    "--pickup", "--pickup-hours", "2");
            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(created.out()).contains("Created key 'siras'", "the key was not printed", "works once, until");
            String url = lastLine(created.out());
            assertThat(url).startsWith("http://127.0.0.1:8080/keys/pickup/");
            token = url.substring(url.lastIndexOf('/') + 1);
            assertThat(token).matches("[A-Za-z0-9_-]{43}");

            HttpResponse<String> first = f.get(KeyPickupLink.PATH + token, null);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode body = ApiFixture.json(first);
            key = body.get("Key").asText();
            assertThat(key).matches("[A-Za-z0-9]{20}");
            assertThat(body.get("Name").asText()).isEqualTo("siras");
            assertThat(body.get("Areas").toString()).isEqualTo("[\"student-data\",\"special-education\"]");
            id = f.idOf(key);
            assertThat(f.get("/api/v5/schools/994/students", key).statusCode()).as("the key works").isEqualTo(200);

            HttpResponse<String> second = f.get(KeyPickupLink.PATH + token, null);
            assertThat(second.statusCode()).isEqualTo(410);
            assertThat(ApiFixture.json(second).get("Message").asText())
                    .contains("was used on", "works only once", "revoked").doesNotContain(key);
            assertThat(second.body()).doesNotContain(key);

            await().atMost(Duration.ofSeconds(10)).until(() -> ApiSecurityTest.rows(f,
                    "SELECT status FROM api_audit WHERE path = '" + KeyPickupEndpoint.REDACTED_PATH + "' AND key_id = " + id).size() == 2);
            assertThat(logs.lines()).as("the pickup is logged (id, name, address)")
                    .anyMatch(l -> l.contains("API key " + id + " ('siras') was picked up") && l.contains("127.0.0.1"));
            assertThat(logs.lines()).as("TRACE logs of everything").isNotEmpty().noneMatch(l -> l.contains(key));
            assertThat(logs.lines()).as("DEBUG logs: sped-bridge and Camel never see the token")
                    .filteredOn(l -> !l.startsWith("TRACE ")).isNotEmpty().noneMatch(l -> l.contains(token));
            // Vert.x Web's router logs each request's URL at TRACE: the log layout writes it redacted
            assertThat(logs.written()).as("the log as written, at TRACE")
                    .anyMatch(l -> l.contains("accepting request GET http://127.0.0.1:" + f.port + KeyPickupEndpoint.REDACTED_PATH))
                    .noneMatch(l -> l.contains(token)).noneMatch(l -> l.contains(key));
        }
        // audited: time, address, key id, a redacted path; the token and the key are stored nowhere
        assertThat(ApiSecurityTest.rows(f, "SELECT status, remote_address, method FROM api_audit WHERE path = '"
                + KeyPickupEndpoint.REDACTED_PATH + "' AND key_id = " + id + " ORDER BY id"))
                .containsExactly("200|127.0.0.1|GET", "410|127.0.0.1|GET");
        for (String table : List.of("api_audit", "api_key", "api_key_pickup")) {
            assertThat(ApiSecurityTest.tableText(f, table)).as(table).doesNotContain(token).doesNotContain(key);
        }
        assertThat(ApiSecurityTest.rows(f, "SELECT sealed_key, picked_up_from FROM api_key_pickup WHERE key_id = " + id))
                .as("the sealed key is wiped at the pickup").containsExactly("null|127.0.0.1");
        Cli list = keys(config, "list");
        assertThat(lineOf(list.out(), id)).contains("siras", "pickup: picked up ", " from 127.0.0.1");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void expiredRevokedUnknownAndMalformedLinksAnswerWhatToDo(Kind kind) throws Exception {
        ApiFixture f = LOOPBACK.get(kind);
        Path config = cliConfig(f, new Properties());

        String expired = token(keys(config, "create", "--name", "late", "--areas", "contacts", "--pickup"));
        long expiredId = keyIdOf(f, expired);
        f.sql("UPDATE api_key_pickup SET expires_at = TIMESTAMP '2020-01-01 00:00:00' WHERE key_id = " + expiredId);
        assertThat(lineOf(keys(config, "list").out(), expiredId)).contains("pickup: expired 2020-01-01 00:00");
        HttpResponse<String> late = f.get(KeyPickupLink.PATH + expired, null);
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(message(late)).contains("expired on 2020-01-01 00:00", "Ask the district");
        assertThat(ApiSecurityTest.rows(f, "SELECT sealed_key FROM api_key_pickup WHERE key_id = " + expiredId))
                .containsExactly("null");
        assertThat(f.get(KeyPickupLink.PATH + expired, null).statusCode()).as("still expired").isEqualTo(410);

        String revoked = token(keys(config, "create", "--name", "revoked", "--areas", "contacts", "--pickup"));
        long revokedId = keyIdOf(f, revoked);
        assertThat(keys(config, "revoke", Long.toString(revokedId)).out()).contains("pickup link of it no longer works");
        assertThat(ApiSecurityTest.rows(f, "SELECT sealed_key FROM api_key_pickup WHERE key_id = " + revokedId))
                .as("revoke wipes the waiting key").containsExactly("null");
        HttpResponse<String> gone = f.get(KeyPickupLink.PATH + revoked, null);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(message(gone)).contains("revoked");
        assertThat(lineOf(keys(config, "list").out(), revokedId)).contains("revoked", "pickup: not picked up (revoked)");

        HttpResponse<String> unknown = f.get(KeyPickupLink.PATH + PickupToken.newToken(), null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(message(unknown)).contains("no key pickup link like this one", "whole link");

        String valid = token(keys(config, "create", "--name", "valid", "--areas", "contacts", "--pickup"));
        for (String malformed : List.of("abc", valid + "x", valid.substring(1), valid.substring(0, 42) + ".",
                valid.substring(0, 42) + "%2B", "%20" + valid, "..%2F..%2Fapi%2Fv5%2Fschools")) {
            HttpResponse<String> r = f.get(KeyPickupLink.PATH + malformed, null);
            assertThat(r.statusCode()).as(malformed).isEqualTo(404);
            assertThat(message(r)).as(malformed).contains("not a key pickup link", "43 characters");
        }
        HttpResponse<String> post = f.http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + f.port + KeyPickupLink.PATH + valid))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as("GET only").isEqualTo(405);
        HttpResponse<String> otherCase = f.http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + f.port + "/KEYS/Pickup/" + valid))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherCase.statusCode()).as("no such path (the link's own case only)").isIn(404, 405);
        assertThat(f.get(KeyPickupLink.PATH + valid, null).statusCode()).as("none of that used the valid link").isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ApiSecurityTest.rows(f,
                "SELECT id FROM api_audit WHERE path = '" + KeyPickupEndpoint.REDACTED_PATH + "' AND status = 404").size() >= 8);
        assertThat(ApiSecurityTest.tableText(f, "api_audit")).doesNotContain(valid).doesNotContain(expired).doesNotContain(revoked);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void ofManyRequestsAtOnceExactlyOneGetsTheKey(Kind kind) throws Exception {
        ApiFixture f = LOOPBACK.get(kind);
        String token = token(keys(cliConfig(f, new Properties()), "create", "--name", "race", "--areas", "contacts", "--pickup"));
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port + KeyPickupLink.PATH + token))
                .timeout(Duration.ofSeconds(30)).build();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(f.http.sendAsync(get, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> keysGiven = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> r : all) {
            HttpResponse<String> response = r.get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 200) {
                keysGiven.add(ApiFixture.json(response).get("Key").asText());
            }
        }
        assertThat(statuses).containsOnly(200, 410).filteredOn(s -> s == 200).hasSize(1);
        assertThat(f.keys.findByKey(keysGiven.get(0))).isPresent();
    }

    @Test
    void overPlainHttpOnAnOpenAddressNoLinkIsIssuedAndNoneAnswered() throws Exception {
        Properties open = ApiFixtures.defaults(); // api.host 0.0.0.0, no keystore
        try (ApiFixture f = new ApiFixture(Kind.H2, tmp, open)) {
            Path config = cliConfig(f, new Properties());
            Cli refused = keys(config, "create", "--name", "siras", "--areas", "contacts", "--pickup");
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("plain HTTP on 0.0.0.0", "api.tls.keystore-file", "--out", "--encrypt-to");
            assertThat(ApiSecurityTest.rows(f, "SELECT COUNT(*) FROM api_key")).containsExactly("0");

            // a link issued while the settings allowed it (or by hand): the server still refuses it, and keeps it
            KeyPickups pickups = new KeyPickups(f.app.database(), Clock.systemDefaultZone());
            KeyPickups.Issued[] link = new KeyPickups.Issued[1];
            long id = f.keys.create("siras", Set.of("contacts"), null, 20, Handover.PICKUP,
                    (c, keyId, key) -> link[0] = pickups.issue(c, keyId, key, Duration.ofHours(1)));
            HttpResponse<String> r = f.get(KeyPickupLink.PATH + link[0].token(), null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(message(r)).contains("only over HTTPS", "still valid", "api.tls.keystore-file");
            assertThat(ApiSecurityTest.rows(f, "SELECT picked_up_at, sealed_key IS NOT NULL FROM api_key_pickup WHERE key_id = " + id))
                    .containsExactly("null|true");

            // a link must not send the token in clear either
            Properties proxy = new Properties();
            proxy.setProperty("api.host", "127.0.0.1");
            proxy.setProperty("api.public-url", "http://sis.district.example");
            Cli clear = keys(cliConfig(f, proxy), "create", "--name", "siras", "--areas", "contacts", "--pickup");
            assertThat(clear.exitCode()).isEqualTo(2);
            assertThat(clear.err()).contains("must start with https://", "api.public-url");
            proxy.setProperty("api.public-url", "https://sis.district.example/");
            Cli behindProxy = keys(cliConfig(f, proxy), "create", "--name", "siras", "--areas", "contacts", "--pickup");
            assertThat(behindProxy.exitCode()).as(behindProxy.err()).isZero();
            assertThat(lastLine(behindProxy.out())).matches("https://sis\\.district\\.example/keys/pickup/[A-Za-z0-9_-]{43}");
        }
    }

    @Test
    void overHttpsALinkWorksOnAnyAddress() throws Exception {
        Path keystore = TestTls.keystore(tmp);
        Properties tls = ApiFixtures.defaults(); // api.host 0.0.0.0
        tls.putAll(TestTls.settings(keystore));
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(Kind.H2, tmp, tls))) {
            Properties cli = database(app.settings());
            cli.putAll(TestTls.settings(keystore));
            Path config = write(cli);
            Cli created = keys(config, "create", "--name", "siras", "--areas", "contacts", "--pickup");
            assertThat(created.exitCode()).as(created.err()).isZero();
            String url = lastLine(created.out());
            assertThat(url).startsWith("https://").contains(":8080/keys/pickup/");
            HttpClient https = TestTls.client(keystore);
            int port = ApiServer.boundPort(app.camelContext());
            HttpRequest get = HttpRequest.newBuilder(URI.create("https://localhost:" + port + KeyPickupLink.PATH
                    + url.substring(url.lastIndexOf('/') + 1))).timeout(Duration.ofSeconds(20)).build();
            HttpResponse<String> r = https.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(new ApiKeys(app.database()).findByKey(ApiFixture.json(r).get("Key").asText())).isPresent();
            assertThat(https.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(410);
        }
    }

    @Test
    void badLinksCountAgainstTheAddressLikeBadKeys() throws Exception {
        Properties strict = loopback();
        strict.setProperty("api.auth.max-failures-per-minute", "3");
        try (ApiFixture f = new ApiFixture(Kind.H2, tmp, strict)) {
            String key = f.key("contacts");
            assertThat(f.get("/api/v5/schools/994/contacts", "NotARealKeyNotARealKey").statusCode()).isEqualTo(401);
            assertThat(f.get(KeyPickupLink.PATH + PickupToken.newToken(), null).statusCode()).isEqualTo(404);
            assertThat(f.get(KeyPickupLink.PATH + "nonsense", null).statusCode()).isEqualTo(404);
            HttpResponse<String> limited = f.get(KeyPickupLink.PATH + PickupToken.newToken(), null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(message(limited)).contains("Too many requests", "Wait");
            assertThat(f.get("/api/v5/schools/994/contacts", "NotARealKeyNotARealKey").statusCode())
                    .as("the same count slows the address down for bad keys too").isEqualTo(429);
            assertThat(f.get("/api/v5/schools/994/contacts", key).statusCode())
                    .as("a valid key from that address is never held back (issue 9: a shared NAT address)").isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String message(HttpResponse<String> r) throws Exception {
        return ApiFixture.json(r).get("Message").asText();
    }

    /** A --config file for the command line: the fixture's database, api.host as the fixture's, plus extras. */
    private Path cliConfig(ApiFixture f, Properties extra) throws Exception {
        Properties p = database(f.app.settings());
        p.setProperty("api.host", f.app.settings().get("api.host"));
        p.putAll(extra);
        return write(p);
    }

    private static Properties database(Settings s) {
        Properties p = new Properties();
        for (String k : List.of("db.url", "db.username", "db.password")) {
            p.setProperty(k, s.get(k));
        }
        return p;
    }

    private Path write(Properties p) throws Exception {
        Path config = Files.createTempFile(tmp, "cli", ".properties");
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, "test");
        }
        return config;
    }

    static Cli keys(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "keys"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static String token(Cli created) {
        assertThat(created.exitCode()).as(created.err()).isZero();
        String url = lastLine(created.out());
        return url.substring(url.lastIndexOf('/') + 1);
    }

    static String lastLine(String out) {
        String[] lines = out.strip().split("\\R");
        return lines[lines.length - 1];
    }

    /** The line of `keys list` for a key id. */
    static String lineOf(String list, long id) {
        return list.lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow(
                () -> new AssertionError("key " + id + " is not listed:\n" + list));
    }

    private static long keyIdOf(ApiFixture f, String token) throws Exception {
        return Long.parseLong(ApiSecurityTest.rows(f, "SELECT key_id FROM api_key_pickup WHERE token_hash = '"
                + PickupToken.hash(token) + "'").get(0));
    }
}
