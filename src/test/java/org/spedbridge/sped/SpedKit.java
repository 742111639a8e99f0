package org.spedbridge.sped;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.run.ImportRuns;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * A fresh database + work folder for import tests, roster rows by plain SQL, files written as given; each
 * pair is imported through the real route (direct:siras-import, the way import-files enters it) of the
 * application without its API and management servers.
 */
final class SpedKit implements AutoCloseable {

    static final String STUDENTS_HEADER = "Record Type Code,Transaction Type Code,Reporting LEA,School of Attendance,"
            + "Academic Year ID,SSID,Local Student ID,Student Legal First Name,Student Legal Last Name,Student Birth Date,"
            + "Special Education Referral Date,Special Education Meeting Date,Education Plan Type Code,"
            + "Primary Residence Code,Special Education Initial Service Start Date,Disability 1 Code,"
            + "Special Education Exit Date,Special Education Exit Reason Code";
    static final String SERVICES_HEADER = "Record Type Code,Transaction Type Code,SSID,Local Student ID,"
            + "Special Education Service Code,Special Education Service Provider Code,Service Location Code,"
            + "Service Frequency Code,Service Duration,Nonpublic Agency Identifier,Service Start Date,Service End Date";

    final Path dir;
    final Settings settings;
    final Database db;
    private final SpedBridgeApp app;
    private int fileNo;

    SpedKit(TestDatabases.Kind kind, Path dir, Map<String, String> overrides) {
        this.dir = dir;
        Properties p = new Properties();
        p.setProperty("siras.import.header-aliases-file", dir.resolve("no-such-aliases.csv").toString());
        p.setProperty("siras.import.batch-size", "3");
        p.setProperty("api.enabled", "false");
        p.setProperty("management.enabled", "false");
        p.setProperty("mail.smtp.host", "");
        p.putAll(overrides);
        this.settings = TestApp.settings(kind, dir, p);
        try {
            this.app = TestApp.start(settings);
        } catch (Exception e) {
            throw new IllegalStateException("the application did not start: " + e, e);
        }
        this.db = app.database();
    }

    SpedKit(TestDatabases.Kind kind, Path dir) {
        this(kind, dir, Map.of());
    }

    /** Imports a pair through the route, as import-files does. */
    ImportResult run(ImportRequest request) {
        var done = app.camelContext().createProducerTemplate().send("direct:siras-import",
                e -> e.getIn().setBody(request));
        if (done.getException() != null) {
            throw new AssertionError("the route failed", done.getException());
        }
        return done.getMessage().getBody(ImportResult.class);
    }

    /** Imports a pair through the route with these headers (dryRun, releaseRun, trigger). */
    org.apache.camel.Exchange send(Object body, Map<String, Object> headers) {
        return app.camelContext().createProducerTemplate().send("direct:siras-import", e -> {
            e.getIn().getHeaders().putAll(headers);
            e.getIn().setBody(body);
        });
    }

    org.apache.camel.CamelContext camel() {
        return app.camelContext();
    }

    private ImportRuns runs() {
        return app.camelContext().getRegistry().lookupByNameAndType("importRuns", ImportRuns.class);
    }

    java.util.Optional<ImportResult> lastRun() {
        return runs().lastRun();
    }

    ImportResult recordFailure(String trigger, String reason, SourceFile students, SourceFile services) {
        return runs().recordFailure(trigger, reason, students, services);
    }

    /** A students row in the STUDENTS_HEADER layout with usual special-education values. */
    static String student(String tx, String ssid, String local, String first, String last, String birth) {
        return String.join(",", "SPED", tx, "1964212", "1964212", "2025-2026", ssid, local, first, last, birth,
                "20240105", "20240301", "100", "100", "20240315", "240", "", "");
    }

    static String service(String tx, String ssid, String local, String code) {
        return String.join(",", "SSRV", tx, ssid, local, code, "100", "100", "2", "30", "", "20240315", "20250315");
    }

    Path file(String content) throws IOException {
        return bytes(content.getBytes(StandardCharsets.UTF_8));
    }

    Path file(String content, Charset cs) throws IOException {
        return bytes(content.getBytes(cs));
    }

    Path bytes(byte[] content) throws IOException {
        Path p = dir.resolve("in" + (++fileNo) + ".csv");
        Files.write(p, content);
        return p;
    }

    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    ImportResult run(Path students, Path services) {
        return run(new ImportRequest("test", SourceFile.local(students), SourceFile.local(services)));
    }

    void roster(int studentId, int school, String ssid, int grade, String inactive) throws SQLException {
        sql("INSERT INTO student (student_id, school_code, state_student_id, first_name, last_name, grade,"
                + " inactive_status_code) VALUES (?, ?, ?, ?, ?, ?, ?)", studentId, school, ssid, "F" + studentId,
                "L" + studentId, grade, inactive);
    }

    void roster(int studentId, String ssid, int grade) throws SQLException {
        roster(studentId, 10, ssid, grade, "");
    }

    void sql(String sql, Object... params) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    /** Every row of a query as strings (for comparing table contents before and after). */
    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    String one(String sql) throws SQLException {
        List<List<String>> r = rows(sql);
        return r.isEmpty() ? null : r.get(0).get(0);
    }

    /** The data an import may change, as it is now. */
    List<List<String>> snapshot() throws SQLException {
        List<List<String>> all = new ArrayList<>();
        all.addAll(rows("SELECT * FROM sped_record ORDER BY student_id"));
        all.add(List.of("--"));
        all.addAll(rows("SELECT * FROM sped_service ORDER BY student_id, line_number"));
        all.add(List.of("--"));
        all.addAll(rows("SELECT * FROM student ORDER BY student_id, school_code"));
        return all;
    }

    /** What runs left behind: staging rows, and service rows of a run that are not current (unapplied or superseded). */
    int staged() throws SQLException {
        return Integer.parseInt(one("SELECT (SELECT COUNT(*) FROM sped_stage_student)"
                + " + (SELECT COUNT(*) FROM sped_stage_match) + (SELECT COUNT(*) FROM sped_service sv"
                + " WHERE sv.last_import_run_id <> 0 AND NOT EXISTS (SELECT 1 FROM sped_service_current cur"
                + " WHERE cur.student_id = sv.student_id AND cur.last_import_run_id = sv.last_import_run_id"
                + " AND cur.line_number = sv.line_number))"));
    }

    /** A report CSV as rows of cells, the header first. */
    static List<List<String>> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<List<String>> out = new ArrayList<>();
            for (CSVRecord rec : CSVFormat.DEFAULT.parse(r)) {
                out.add(rec.toList());
            }
            return out;
        }
    }

    static Path attachment(ImportResult r, String name) {
        return r.attachments().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + r.attachments()));
    }

    @Override
    public void close() {
        app.close();
    }
}
