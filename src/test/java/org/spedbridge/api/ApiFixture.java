package org.spedbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/** The whole app on a fresh database with a small roster inserted by plain SQL, and an HTTP client. */
final class ApiFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    final SpedBridgeApp app;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ApiKeys keys;

    ApiFixture(TestDatabases.Kind kind, Path tempDir, Properties overrides) throws Exception {
        app = TestApp.start(TestApp.settings(kind, tempDir, overrides));
        port = ApiServer.boundPort(app.camelContext());
        keys = app.camelContext().getRegistry().lookupByNameAndType("apiKeys", ApiKeys.class);
        insertRoster();
    }

    static ApiFixture start(TestDatabases.Kind kind, Path tempDir) throws Exception {
        return new ApiFixture(kind, tempDir, new Properties());
    }

    String key(String... areas) {
        return keys.create("test", Set.of(areas), null, 20);
    }

    /** The id of the key (looked up by its value, as the guard does). */
    long idOf(String key) {
        return keys.findByKey(key).orElseThrow().id();
    }

    static final String[] ALL_AREAS = {"student-data", "special-programs", "special-education", "contacts", "enrollment-history"};

    HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(20)).GET();
        if (key != null) {
            b.header("AERIES-CERT", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = app.database().connection(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    /** Two schools, four student records (one student at two schools), contacts, enrollment, programs, codes, sped records. */
    private void insertRoster() throws SQLException {
        sql(
            "INSERT INTO school (school_code, name, inactive_status_code, address, address_city, address_state, address_zip_code,"
                + " phone_number, state_county_id, state_district_id, state_school_id, low_grade_level, high_grade_level,"
                + " principal_name, principal_email_address) VALUES"
                + " (994, 'Foothill High', '', '1 Main St', 'Sacramento', 'CA', '95814', '9165550100', '34', '67439', '3430000',"
                + " 9, 12, 'Pat Principal', 'pat@district.example'),"
                + " (12, 'Elm Elementary', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1, 5, NULL, NULL)",
            "INSERT INTO student (student_id, school_code, student_number, state_student_id, last_name, first_name, middle_name,"
                + " gender, grade, birthdate, ethnicity_code, race_code1, language_fluency_code, home_language_code,"
                + " inactive_status_code, school_enter_date, school_leave_date, next_school_code, next_grade, track,"
                + " date_redesignated_fluent_english_proficient, residence_school, next_residence_school) VALUES"
                + " (99400001, 994, 1, '1234567890', 'Abbott', 'Allan', '', 'M', 12, DATE '2008-11-11', 'N', '700', 'L', '01',"
                + "  '', DATE '2024-08-14', NULL, 0, 13, 'A', DATE '2020-05-01', 994, 0),"
                + " (99400002, 994, 2, '2234567890', 'Baker', 'Bea', NULL, 'F', 10, DATE '2010-02-03', 'Y', '600', 'E', '00',"
                + "  '', DATE '2025-08-13', NULL, 0, 11, NULL, NULL, NULL, NULL),"
                + " (99400003, 994, 3, '3234567890', 'Cruz', 'Cy', NULL, 'X', 10, DATE '2010-04-05', 'N', '700', 'E', '00',"
                + "  'I', DATE '2023-08-13', DATE '2024-06-10', 12, 11, NULL, NULL, NULL, NULL),"
                + " (99400003, 12, 7, '3234567890', 'Cruz', 'Cy', NULL, 'X', 5, DATE '2010-04-05', 'N', '700', 'E', '00',"
                + "  '', DATE '2024-08-14', NULL, 0, 6, NULL, NULL, NULL, NULL)",
            "INSERT INTO contact (student_id, sequence_number, school_code, contact_order, mailing_name, first_name, last_name,"
                + " relationship_to_student_code, lives_with_student_indicator, educational_rights_holder, primary_contact,"
                + " home_phone, email_address) VALUES"
                + " (99400001, 1, 994, 1, 'Ann Abbott', 'Ann', 'Abbott', '10', 'Y', 'Y', 'Y', '9165550111', 'ann@example.org'),"
                + " (99400001, 2, 994, 2, 'Al Abbott', 'Al', 'Abbott', '11', 'N', '', '', NULL, NULL),"
                + " (99400003, 1, 12, 1, 'Carla Cruz', 'Carla', 'Cruz', '10', 'Y', 'Y', 'Y', NULL, NULL)",
            "INSERT INTO enrollment (student_id, academic_year, school_code, enter_date, student_number, leave_date,"
                + " exit_reason_code, grade, track, attendance_program_code, inter_intra_district_transfer_code) VALUES"
                + " (99400001, '2024', 994, DATE '2024-08-14', 1, DATE '2025-06-12', '', 11, 'A', '', ''),"
                + " (99400001, '2025', 994, DATE '2025-08-13', 1, NULL, NULL, 12, 'A', NULL, NULL),"
                + " (99400003, '2025', 12, DATE '2025-08-13', 7, NULL, NULL, 5, NULL, NULL, NULL)",
            "INSERT INTO program (student_id, program_code, program_description, eligibility_start_date, eligibility_end_date,"
                + " participation_start_date, participation_end_date) VALUES"
                + " (99400001, '127', 'GATE', DATE '2019-09-01', NULL, DATE '2019-09-01', NULL),"
                + " (99400002, '181', 'Free Meals', DATE '2025-08-01', DATE '2026-06-30', NULL, NULL),"
                + " (99400002, '144', 'stale copy that must not be served', NULL, NULL, NULL, NULL)",
            "INSERT INTO sped_record (student_id, state_student_id, referral_date, parental_consent_date, residence_status_code,"
                + " eligibility_start_date, eligibility_end_date, disability_code, disability_code2, participation_start_date)"
                + " VALUES (99400001, '1234567890', DATE '2015-01-05', DATE '2015-02-01', '100', DATE '2015-03-01', NULL, '290', '240',"
                + "  DATE '2015-03-01'),"
                + " (99400002, '2234567890', DATE '2025-09-15', NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                + " (99400003, '3234567890', NULL, NULL, NULL, NULL, NULL, '320', NULL, NULL)",
            "INSERT INTO code (table_name, field_name, code, description, status) VALUES"
                + " ('STU', 'LF', 'E', 'English Only', ''), ('STU', 'LF', 'L', 'English Learner', ''),"
                + " ('STU', 'LF', 'X', 'Old code', 'I')");
    }

    @Override
    public void close() {
        app.close();
    }
}
