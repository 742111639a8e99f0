package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.TestDatabases.Kind;

/** Keys, areas, the key-in-URL rule, hostile path parameters, the audit log and what is stored. */
class ApiSecurityTest {

    private static final ApiFixtures FIXTURES = new ApiFixtures(ApiFixtures.defaults());

    @AfterAll
    static void stop() {
        FIXTURES.close();
    }

    /** Every keyed endpoint and the area it needs (null: key only; "programs": either program area). */
    static final Map<String, String> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put("/api/v5/schools", null);
        ENDPOINTS.put("/api/v5/schools/994", null);
        ENDPOINTS.put("/api/v5/codes/STU/LF", null);
        ENDPOINTS.put("/api/v5/schools/994/students", "student-data");
        ENDPOINTS.put("/api/v5/schools/994/students/0", "student-data");
        ENDPOINTS.put("/api/v5/schools/994/students/99400001", "student-data");
        ENDPOINTS.put("/api/v5/schools/994/students/grade/10", "student-data");
        ENDPOINTS.put("/api/v5/schools/994/students/sn/1", "student-data");
        ENDPOINTS.put("/api/v5/schools/994/students/0/extended", "student-data");
        ENDPOINTS.put("/api/v5/StudentDataChanges/student/2000/01/01/00/00", "student-data");
        ENDPOINTS.put("/api/v5/schools/994/contacts", "contacts");
        ENDPOINTS.put("/api/v5/schools/000/contacts/99400001", "contacts");
        ENDPOINTS.put("/api/v5/enrollment/0", "enrollment-history");
        ENDPOINTS.put("/api/v5/enrollment/99400001/year/2025", "enrollment-history");
        ENDPOINTS.put("/api/v5/schools/994/enrollment/0", "enrollment-history");
        ENDPOINTS.put("/api/v5/schools/994/enrollment/0/year/2025", "enrollment-history");
        ENDPOINTS.put("/api/v5/schools/994/students/0/programs", "programs");
    }

    static final Map<String, String> TITLES = Map.of("student-data", "Student Data", "contacts", "Contacts",
            "enrollment-history", "Enrollment History", "special-education", "Special Education",
            "special-programs", "Special Programs");

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyAreaAllowedAndDenied(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        for (Map.Entry<String, String> e : ENDPOINTS.entrySet()) {
            String path = e.getKey();
            String area = e.getValue();
            assertThat(f.get(path, null).statusCode()).as("no key: " + path).isEqualTo(401);
            if (area == null) {
                assertThat(f.get(path, f.key()).statusCode()).as("key without areas: " + path).isEqualTo(200);
                continue;
            }
            if (area.equals("programs")) {
                continue; // below
            }
            String[] others = Arrays.stream(ApiFixture.ALL_AREAS).filter(a -> !a.equals(area)).toArray(String[]::new);
            HttpResponse<String> denied = f.get(path, f.key(others));
            assertThat(denied.statusCode()).as("without " + area + ": " + path).isEqualTo(403);
            assertThat(ApiFixture.json(denied).get("Message").asText())
                    .contains("requires the '" + TITLES.get(area) + "' permission");
            HttpResponse<String> allowed = f.get(path, f.key(area));
            assertThat(allowed.statusCode()).as("with only " + area + ": " + path).isEqualTo(200);
            assertThat(ApiFixture.json(allowed).isArray()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void programsShowOnlyTheRowsOfTheAreasHeld(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String path = "/api/v5/schools/994/students/0/programs";
        HttpResponse<String> none = f.get(path, f.key("student-data", "contacts", "enrollment-history"));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(ApiFixture.json(none).get("Message").asText())
                .contains("'Special Education' or the 'Special Programs' permission");
        assertThat(codes(f.get(path, f.key("special-education")))).containsExactly("144", "144x");
        assertThat(codes(f.get(path, f.key("special-programs")))).containsExactly("127", "181");
        assertThat(codes(f.get(path, f.key("special-programs", "special-education")))).containsExactly("127", "144", "144x", "181");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void programsByCodeNeedTheAreaOfThatCode(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String path = "/api/v5/schools/994/students/0/programs?code=";
        String programsOnly = f.key("special-programs", "student-data");
        String spedOnly = f.key("special-education", "student-data");
        for (String sped : List.of("144", "144x", "144X")) {
            HttpResponse<String> denied = f.get(path + sped, programsOnly);
            assertThat(denied.statusCode()).as(sped).isEqualTo(403);
            assertThat(ApiFixture.json(denied).get("Message").asText())
                    .contains("requires the 'Special Education' permission").doesNotContain("Special Programs");
        }
        for (String other : List.of("127", "181", "999")) {
            HttpResponse<String> denied = f.get(path + other, spedOnly);
            assertThat(denied.statusCode()).as(other).isEqualTo(403);
            assertThat(ApiFixture.json(denied).get("Message").asText())
                    .contains("requires the 'Special Programs' permission").doesNotContain("Special Education");
        }
        assertThat(codes(f.get(path + "144", spedOnly))).containsExactly("144");
        assertThat(codes(f.get(path + "144x", spedOnly))).containsExactly("144x");
        assertThat(codes(f.get(path + "144X", spedOnly))).containsExactly("144x");
        assertThat(codes(f.get(path + "127", programsOnly))).containsExactly("127");
        assertThat(codes(f.get(path + "999", programsOnly))).isEmpty();
        // the stale 144 row of table program is never served, not even to a key with special-programs
        assertThat(codes(f.get(path + "144", f.key("special-programs", "special-education")))).containsExactly("144");
        // a malformed code is a 400 before any area question
        assertThat(f.get(path + "14%204", programsOnly).statusCode()).isEqualTo(400);
        // audited with the status the client saw
        long id = f.idOf(programsOnly);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(f,
                "SELECT COUNT(*) FROM api_audit WHERE status = 403 AND key_id = " + id) == 3);
    }

    private static List<String> codes(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        ApiFixture.json(r).forEach(n -> out.add(n.get("ProgramCode").asText()));
        return out;
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void unknownWrongCaseRevokedAndExpiredKeysAre401(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String path = "/api/v5/schools";
        String key = f.key();
        assertThat(f.get(path, key).statusCode()).isEqualTo(200);
        assertThat(f.get(path, swapCase(key)).statusCode()).isEqualTo(401);
        assertThat(f.get(path, key.substring(1)).statusCode()).isEqualTo(401);
        assertThat(f.get(path, "").statusCode()).isEqualTo(401);
        assertThat(f.get(path, "x".repeat(5000)).statusCode()).isIn(401, 431);

        f.keys.revoke(f.idOf(key));
        HttpResponse<String> revoked = f.get(path, key);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(ApiFixture.json(revoked).get("Message").asText()).contains("revoked");

        String yesterday = f.keys.create("old", Set.of(), LocalDate.now().minusDays(1), 24);
        HttpResponse<String> expired = f.get(path, yesterday);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(ApiFixture.json(expired).get("Message").asText()).contains("expired");
        String today = f.keys.create("last-day", Set.of(), LocalDate.now(), 24);
        assertThat(f.get(path, today).statusCode()).isEqualTo(200);
    }

    private static String swapCase(String s) {
        StringBuilder b = new StringBuilder();
        boolean changed = false;
        for (char c : s.toCharArray()) {
            if (!changed && Character.isLetter(c)) {
                b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                changed = true;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aKeyInTheQueryStringIsRefusedAndNeverStored(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        for (String q : List.of("?cert=", "?AERIES-CERT=", "?Aeries-Cert=", "?CERT=", "?DatabaseYear=2025&aeries-cert=")) {
            for (String header : new String[] {null, key}) {
                HttpResponse<String> r = f.get("/api/v5/schools/994/students" + q + key, header);
                assertThat(r.statusCode()).as(q).isEqualTo(400);
                assertThat(ApiFixture.json(r).get("Message").asText()).contains("AERIES-CERT header");
                assertThat(r.body()).doesNotContain(key);
                assertThat(r.headers().map().toString()).doesNotContain(key);
            }
        }
        assertThat(f.get("/api/v5/systeminfo?cert=" + key, null).statusCode()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(f, "SELECT COUNT(*) FROM api_audit WHERE status = 400") >= 11);
        assertThat(tableText(f, "api_audit")).doesNotContain(key);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void hostilePathParametersAre400Or404NeverDataNever500(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        List<String> payloads = List.of("1%27%20OR%20%271%27%3D%271", "994%20OR%201%3D1", "1;DROP%20TABLE%20student",
                "%27", "%22", "1--", "..%2F..%2Fschools", "%2F", "0x10", "1e3", "%00", "99400001%00",
                "9999999999", "-0", "+1", "%20994", "1,2", "*", "%25", "%5C", "994%0d%0aX-Injected:%201");
        List<String> templates = List.of(
                "/api/v5/schools/{}", "/api/v5/schools/{}/students", "/api/v5/schools/994/students/{}",
                "/api/v5/schools/{}/students/99400001", "/api/v5/schools/994/students/grade/{}",
                "/api/v5/schools/{}/students/grade/10", "/api/v5/schools/994/students/sn/{}",
                "/api/v5/schools/994/students/{}/extended", "/api/v5/schools/{}/students/0/extended",
                "/api/v5/schools/994/students/{}/programs", "/api/v5/schools/{}/students/0/programs",
                "/api/v5/StudentDataChanges/{}/2000/01/01/00/00", "/api/v5/StudentDataChanges/student/{}/01/01/00/00",
                "/api/v5/StudentDataChanges/student/2000/{}/01/00/00", "/api/v5/StudentDataChanges/student/2000/01/{}/00/00",
                "/api/v5/StudentDataChanges/student/2000/01/01/{}/00", "/api/v5/StudentDataChanges/student/2000/01/01/00/{}",
                "/api/v5/schools/{}/contacts", "/api/v5/schools/{}/contacts/99400001", "/api/v5/schools/994/contacts/{}",
                "/api/v5/enrollment/{}", "/api/v5/enrollment/0/year/{}", "/api/v5/enrollment/{}/year/2025",
                "/api/v5/schools/{}/enrollment/0", "/api/v5/schools/994/enrollment/{}/year/2025",
                "/api/v5/schools/994/enrollment/0/year/{}", "/api/v5/codes/{}/LF", "/api/v5/codes/STU/{}",
                "/api/v5/schools/994/students/0/programs?code={}");
        for (String t : templates) {
            for (String p : payloads) {
                String path = t.replace("{}", p);
                HttpResponse<String> r = f.get(path, key);
                boolean nameParameter = t.contains("/codes/") || t.contains("code=");
                if (nameParameter && r.statusCode() == 200) {
                    assertThat(r.body()).as(path).isEqualTo("[]"); // a code-table name that does not exist
                } else {
                    assertThat(r.statusCode()).as(path + " -> " + r.body()).isIn(400, 404);
                }
                assertThat(r.body()).as(path).doesNotContain("Abbott", "1234567890", "Foothill", "English Only", "99400001");
                assertThat(r.headers().map().keySet()).as(path).noneMatch(h -> h.equalsIgnoreCase("X-Injected"));
            }
        }
        // raw dot segments are resolved by the HTTP server; the area check still applies to where they lead
        String noContacts = f.key("student-data");
        assertThat(f.get("/api/v5/schools/994/students/../contacts", noContacts).statusCode()).isIn(403, 404);
        assertThat(f.get("/api/v5/schools/994/students/%2e%2e/contacts", noContacts).statusCode()).isIn(403, 404);
        assertThat(f.get("/api/v5/schools/994/students/%2e%2e/%2e%2e/994/contacts", noContacts).statusCode()).isIn(403, 404);
        assertThat(count(f, "SELECT COUNT(*) FROM student")).isGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyRequestIsAuditedWithoutTheKey(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key("student-data");
        long id = f.idOf(key);
        assertThat(f.get("/api/v5/schools/994/students?StartingRecord=1&EndingRecord=2", key).statusCode()).isEqualTo(200);
        assertThat(f.get("/api/v5/schools/994/contacts", key).statusCode()).isEqualTo(403);
        assertThat(f.get("/api/v5/schools/994/students/sn/3", key).statusCode()).isEqualTo(200);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> count(f, "SELECT COUNT(*) FROM api_audit WHERE key_id = " + id) == 3);
        } catch (RuntimeException e) {
            throw new AssertionError(rows(f, "SELECT * FROM api_audit ORDER BY id DESC LIMIT 10") + " key " + id, e);
        }
        List<String> rows = rows(f, "SELECT method, path, status, records, remote_address FROM api_audit WHERE key_id = "
                + id + " ORDER BY id");
        assertThat(rows).containsExactly(
                "GET|/api/v5/schools/994/students|200|2|127.0.0.1",
                "GET|/api/v5/schools/994/contacts|403|0|127.0.0.1",
                "GET|/api/v5/schools/994/students/sn/3|200|1|127.0.0.1");
        assertThat(count(f, "SELECT COUNT(*) FROM api_audit WHERE at_time IS NULL")).isZero();
        // failures without a valid key are audited too (no key id)
        HttpResponse<String> bad = f.get("/api/v5/schools", "NotARealKeyNotARealKey");
        assertThat(bad.statusCode()).isEqualTo(401);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> count(f,
                "SELECT COUNT(*) FROM api_audit WHERE key_id IS NULL AND status = 401 AND path = '/api/v5/schools'") >= 1);
        } catch (RuntimeException e) {
            throw new AssertionError(String.valueOf(rows(f, "SELECT * FROM api_audit ORDER BY id DESC LIMIT 10")), e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> count(f,
                "SELECT COUNT(*) FROM api_audit WHERE key_id IS NULL AND status = 401 AND path = '/api/v5/schools'") >= 1);
        assertThat(tableText(f, "api_audit")).doesNotContain(key, "NotARealKeyNotARealKey");
        // last used is recorded (throttled)
        assertThat(f.keys.get(id).orElseThrow().lastUsedAt()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void theDatabaseHoldsOnlyTheHash(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.keys.create("hash-check", Set.of("contacts"), null, 32);
        assertThat(key).hasSize(32).matches("[A-Za-z0-9]{32}");
        String all = tableText(f, "api_key");
        assertThat(all).doesNotContain(key).contains(ApiKeys.hash(key));
        assertThat(rows(f, "SELECT key_hash FROM api_key WHERE name = 'hash-check'")).containsExactly(ApiKeys.hash(key));
        HttpResponse<String> r = f.get("/api/v5/schools/994/contacts", key);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("AERIES-CERT"));
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void theLogNeverShowsAKeyAndAServerErrorIsAPlainMessage(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        java.io.StringWriter log = new java.io.StringWriter();
        org.apache.logging.log4j.core.LoggerContext ctx =
                (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        var appender = org.apache.logging.log4j.core.appender.WriterAppender.newBuilder().setName("capture").setTarget(log)
                .setLayout(org.apache.logging.log4j.core.layout.PatternLayout.newBuilder().withPattern("%m %ex%n").build()).build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.ALL, null);
        ctx.updateLoggers();
        try {
            f.get("/api/v5/schools/994/students", key);
            f.get("/api/v5/schools/994/students?cert=" + key, null);
            f.get("/api/v5/schools/1%27--/students", key);
            f.sql("ALTER TABLE code RENAME TO code_moved");
            HttpResponse<String> broken;
            try {
                broken = f.get("/api/v5/codes/STU/LF", key);
            } finally {
                f.sql("ALTER TABLE code_moved RENAME TO code");
            }
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(ApiFixture.json(broken).get("Message").asText()).contains("could not answer this request")
                    .doesNotContainIgnoringCase("sql").doesNotContain("code_moved");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.toString().contains("/api/v5/codes/STU/LF"));
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender("capture");
            ctx.updateLoggers();
            appender.stop();
        }
        assertThat(log.toString()).doesNotContain(key);
    }

    static long count(ApiFixture f, String sql) throws Exception {
        try (Connection c = f.app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> rows(ApiFixture f, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = f.app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cols));
            }
        }
        return out;
    }

    /** Every column of every row of a table as text, to scan for secrets. */
    static String tableText(ApiFixture f, String table) throws Exception {
        return rows(f, "SELECT * FROM " + table).stream().collect(Collectors.joining("\n"));
    }
}
