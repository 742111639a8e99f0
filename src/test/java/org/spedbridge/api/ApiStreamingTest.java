package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.TestDatabases.Kind;

/** A district-sized list goes out complete, correct and streamed (chunked, written while sent), in JSON and XML. */
class ApiStreamingTest {

    private static final int STUDENTS = 20_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void twentyThousandStudentsAreStreamedCompletely(Kind kind) throws Exception {
        Properties p = ApiFixtures.defaults();
        p.setProperty("api.fetch-size", "500");
        p.setProperty("api.paging.max-record", "1000000");
        try (ApiFixture f = new ApiFixture(kind, dir, p)) {
            try (Connection c = f.app.database().connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO student (student_id, school_code, student_number, last_name, first_name, grade, birthdate)"
                            + " VALUES (?, 55, ?, ?, ?, ?, ?)")) {
                c.setAutoCommit(false);
                for (int i = 0; i < STUDENTS; i++) {
                    ps.setInt(1, 55_000_000 + i);
                    ps.setInt(2, i + 1);
                    ps.setString(3, "Núñez-" + i);
                    ps.setString(4, i % 2 == 0 ? null : "Zoë");
                    ps.setInt(5, i % 13);
                    ps.setDate(6, java.sql.Date.valueOf("2012-01-01"));
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            // what platform-http was given to send: captured when each exchange is done
            Map<String, Object> bodies = new ConcurrentHashMap<>();
            EventNotifierSupport capture = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeCompletedEvent done && done.getExchange().getFromRouteId() != null) {
                        Object body = done.getExchange().getMessage().getBody();
                        // the first answer of each route (the district-sized list; later short pages are sent at once)
                        bodies.putIfAbsent(done.getExchange().getFromRouteId(), body == null ? "null" : body);
                    }
                }
            };
            capture.start();
            f.app.camelContext().getManagementStrategy().addEventNotifier(capture);

            String key = f.key("student-data");
            long id = f.idOf(key);
            // HTTP/1.1 on purpose (java.net.http would otherwise upgrade to HTTP/2, which has no chunked encoding)
            HttpResponse<String> r = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + f.port + "/api/v5/schools/55/students")).header("AERIES-CERT", key).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
            // streamed: chunked transfer encoding, no length known up front
            assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
            assertThat(r.headers().firstValue("transfer-encoding")).as(r.headers().map().toString()).hasValue("chunked");
            assertThat(r.headers().firstValue("content-length")).isEmpty();
            assertThat(r.headers().firstValue("X-Database-Year")).hasValue("2025");

            JsonNode all = ApiFixture.json(r);
            assertThat(all.isArray()).isTrue();
            assertThat(all).hasSize(STUDENTS);
            List<String> names = new ArrayList<>();
            all.get(0).fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyElementsOf(AeriesViews.STUDENT.properties().stream()
                    .map(AeriesViews.Property::name).toList());
            for (int i = 0; i < STUDENTS; i++) {
                JsonNode s = all.get(i);
                assertThat(s.get("StudentID").asInt()).isEqualTo(55_000_000 + i);
                assertThat(s.get("StudentNumber").asInt()).isEqualTo(i + 1);
                assertThat(s.get("LastName").asText()).isEqualTo("Núñez-" + i);
                assertThat(s.get("FirstName").asText()).isEqualTo(i % 2 == 0 ? "" : "Zoë");
                assertThat(s.get("Grade").asInt()).isEqualTo(i % 13);
                assertThat(s.get("Birthdate").asText()).isEqualTo("2012-01-01T00:00:00");
                assertThat(s.get("SchoolLeaveDate").isNull()).isTrue();
            }
            // the same list in XML: streamed the same way, every student in it
            HttpResponse<java.io.InputStream> xml = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + f.port + "/api/v5/schools/55/students"))
                            .header("AERIES-CERT", key).header("Accept", "text/xml").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(xml.statusCode()).isEqualTo(200);
            assertThat(xml.headers().firstValue("content-type")).hasValue("text/xml; charset=utf-8");
            assertThat(xml.headers().firstValue("transfer-encoding")).hasValue("chunked");
            List<String> ids = new ArrayList<>();
            try (java.io.InputStream in = xml.body()) {
                javax.xml.stream.XMLStreamReader x = javax.xml.stream.XMLInputFactory.newFactory().createXMLStreamReader(in);
                assertThat(x.nextTag()).isEqualTo(javax.xml.stream.XMLStreamConstants.START_ELEMENT);
                assertThat(x.getLocalName()).isEqualTo("ArrayOfStudent");
                while (x.hasNext()) {
                    if (x.next() == javax.xml.stream.XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("StudentID")) {
                        ids.add(x.getElementText());
                    }
                }
            }
            assertThat(ids).hasSize(STUDENTS);
            assertThat(ids.get(0)).isEqualTo("55000000");
            assertThat(ids.get(STUDENTS - 1)).isEqualTo(Integer.toString(55_000_000 + STUDENTS - 1));

            // a client that goes away mid-list: the server stops reading the list, the exchange ends and is
            // audited with the records written until then
            String leaver = f.key("student-data");
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", f.port)) {
                socket.getOutputStream().write(("GET /api/v5/schools/55/students HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "AERIES-CERT: " + leaver + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                byte[] head = socket.getInputStream().readNBytes(2000);
                assertThat(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            }
            long leaverId = f.idOf(leaver);
            await().atMost(Duration.ofSeconds(30)).until(() -> !ApiSecurityTest.rows(f,
                    "SELECT records FROM api_audit WHERE key_id = " + leaverId).isEmpty());
            String left = ApiSecurityTest.rows(f, "SELECT status, records FROM api_audit WHERE key_id = " + leaverId).get(0);
            assertThat(left).startsWith("200|");
            assertThat(Integer.parseInt(left.substring(4))).as(left).isBetween(1, STUDENTS - 1);

            // a page deep in the list
            JsonNode page = ApiFixture.json(f.get("/api/v5/schools/55/students?StartingRecord=19990&EndingRecord=20010", key));
            assertThat(page).hasSize(11);
            assertThat(page.get(0).get("StudentID").asInt()).isEqualTo(55_000_000 + 19_989);
            assertThat(page.get(10).get("StudentID").asInt()).isEqualTo(55_000_000 + 19_999);

            // the audit counted the records once each stream was finished
            await().atMost(Duration.ofSeconds(20)).until(() -> ApiSecurityTest.rows(f,
                    "SELECT records FROM api_audit WHERE key_id = " + id + " ORDER BY id").equals(List.of("20000", "20000", "11")));
            // platform-http was handed the streaming body itself (no stream cache, no byte array in between)
            await().atMost(Duration.ofSeconds(10)).until(() -> bodies.containsKey("api-students"));
            assertThat(bodies.get("api-students")).isInstanceOf(JsonArrayBody.class);
            assertThat(((JsonArrayBody) bodies.get("api-students")).bufferCapacity()).isLessThan(32 * 1024);
        }
    }
}
