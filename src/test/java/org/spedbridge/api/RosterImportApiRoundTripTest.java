package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * The whole way round: roster extracts loaded with the roster loader come back unchanged through the API,
 * and after a SIRAS import the program 144 rows carry the imported disability codes and dates
 * (a referred student not yet eligible shows 144x).
 */
class RosterImportApiRoundTripTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CSVRecord firstRow(Path csv) throws Exception {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            return p.iterator().next();
        }
    }

    private static JsonNode get(HttpClient http, int port, String key, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("AERIES-CERT", key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String extended(JsonNode program, String name) {
        for (JsonNode p : program.get("ExtendedProperties")) {
            if (p.get("Name").asText().equals(name)) {
                return p.get("Value").isNull() ? null : p.get("Value").asText();
            }
        }
        return null;
    }

    private static String apiDate(String ccyymmdd) {
        return ccyymmdd.substring(0, 4) + "-" + ccyymmdd.substring(4, 6) + "-" + ccyymmdd.substring(6) + "T00:00:00";
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void rosterValuesAndImportedSpecialEducationComeBackThroughTheApi(TestDatabases.Kind kind) throws Exception {
        SyntheticDistrict district = SyntheticDistrict.demo(20251);
        district.writeAll(tmp.resolve("roster"), tmp.resolve("siras"));
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, tmp, new Properties()))) {
            assertThat(new RosterLoader(app.database()).load(tmp.resolve("roster")).loaded()).isTrue();
            ImportResult run = app.camelContext().createProducerTemplate().requestBody("direct:siras-import",
                    new ImportRequest("manual", SourceFile.local(tmp.resolve("siras/tableA.csv")),
                            SourceFile.local(tmp.resolve("siras/tableB.csv"))), ImportResult.class);
            assertThat(run.status()).as(run.message()).isEqualTo(ImportStatus.APPLIED);
            String key = app.camelContext().getRegistry().lookupByNameAndType("apiKeys", ApiKeys.class)
                    .create("round trip", Area.AERIES.stream().map(Area::id).collect(Collectors.toSet()), null, 20);
            int port = ApiServer.boundPort(app.camelContext());
            HttpClient http = HttpClient.newHttpClient();

            // roster CSV -> API: every column of a student comes back with the same value
            CSVRecord student = firstRow(tmp.resolve("roster/students.csv"));
            JsonNode records = get(http, port, key, "/api/v5/schools/" + student.get("SchoolCode") + "/students/"
                    + student.get("StudentID"));
            assertThat(records.size()).isEqualTo(1);
            JsonNode served = records.get(0);
            // the extended fields (DateRedesignatedFluentEnglishProficient, ResidenceSchool, ...) are served by /extended
            JsonNode extended = get(http, port, key, "/api/v5/schools/" + student.get("SchoolCode") + "/students/"
                    + student.get("StudentID") + "/extended").get(0);
            for (String column : student.getParser().getHeaderNames()) {
                String csv = student.get(column);
                JsonNode value = served.has(column) ? served.get(column) : extended.get(column);
                assertThat(value).as(column + " is served").isNotNull();
                if (csv.isEmpty()) {
                    assertThat(value.isNull() || value.asText().isEmpty() || (value.isNumber() && value.asInt() == 0))
                            .as(column + " empty").isTrue();
                } else if (csv.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    assertThat(value.asText()).as(column).isEqualTo(csv + "T00:00:00");
                } else if (value.isNumber()) {
                    assertThat(value.asLong()).as(column).isEqualTo(Long.parseLong(csv));
                } else {
                    assertThat(value.asText()).as(column).isEqualTo(csv);
                }
            }

            // SIRAS import -> program 144: the imported disability code and eligibility start date
            CSVRecord plan = firstRow(tmp.resolve("siras/tableA.csv"));
            String sid = plan.get("Local Student ID");
            JsonNode programs = get(http, port, key, "/api/v5/schools/0/students/" + sid + "/programs?code=144");
            assertThat(programs.size()).isEqualTo(1);
            JsonNode p144 = programs.get(0);
            assertThat(p144.get("ProgramCode").asText()).isEqualTo("144");
            assertThat(extended(p144, "DisabilityCode")).isEqualTo(plan.get("Disability 1 Code"));
            assertThat(p144.get("EligibilityStartDate").asText())
                    .isEqualTo(apiDate(plan.get("Special Education Initial Service Start Date")));

            // the referred student (no eligibility yet) is 144x
            String referred = null;
            try (Reader r = Files.newBufferedReader(tmp.resolve("roster/programs.csv"));
                 CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                for (CSVRecord row : p) {
                    if (row.get("ProgramCode").equals("144x")) {
                        referred = row.get("StudentID");
                    }
                }
            }
            assertThat(referred).isNotNull();
            JsonNode evaluating = get(http, port, key, "/api/v5/schools/0/students/" + referred + "/programs");
            assertThat(evaluating.findValuesAsText("ProgramCode")).contains("144x").doesNotContain("144");
        }
    }
}
