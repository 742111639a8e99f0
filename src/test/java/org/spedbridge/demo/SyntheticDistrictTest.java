package org.spedbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.roster.RosterLoadResult;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;

class SyntheticDistrictTest {

    @TempDir
    Path temp;

    @Test
    void theSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot() throws Exception {
        SyntheticDistrict d = SyntheticDistrict.of(42, 700, 90, 260).withEdgeCases(true);
        d.writeAll(temp.resolve("r1"), temp.resolve("s1"));
        d.writeAll(temp.resolve("r2"), temp.resolve("s2"));
        SyntheticDistrict.of(43, 700, 90, 260).withEdgeCases(true).writeAll(temp.resolve("r3"), temp.resolve("s3"));

        for (String f : List.of("schools.csv", "students.csv", "contacts.csv", "enrollment.csv", "programs.csv", "codes.csv")) {
            assertThat(Files.readAllBytes(temp.resolve("r2").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(temp.resolve("r1").resolve(f)));
        }
        for (String f : List.of("tableA.csv", "tableB.csv")) {
            assertThat(Files.readAllBytes(temp.resolve("s2").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(temp.resolve("s1").resolve(f)));
            assertThat(Files.readAllBytes(temp.resolve("s3").resolve(f))).as(f)
                    .isNotEqualTo(Files.readAllBytes(temp.resolve("s1").resolve(f)));
        }
        assertThat(Files.readAllBytes(temp.resolve("r3").resolve("students.csv")))
                .isNotEqualTo(Files.readAllBytes(temp.resolve("r1").resolve("students.csv")));
    }

    @Test
    void writesTheSizesAskedFor() throws Exception {
        SyntheticDistrict d = SyntheticDistrict.of(7, 2_000, 300, 1_500);
        SyntheticDistrict.Expected e = d.writeAll(temp.resolve("roster"), temp.resolve("siras"));

        assertThat(rows(temp.resolve("roster/students.csv"))).hasSize(2_000);
        assertThat(rows(temp.resolve("roster/enrollment.csv"))).hasSize(2_000);
        assertThat(rows(temp.resolve("siras/tableA.csv"))).hasSize(300);
        assertThat(rows(temp.resolve("siras/tableB.csv"))).hasSize(1_500);
        assertThat(rows(temp.resolve("roster/programs.csv")).stream().filter(r -> r.get("ProgramCode").equals("144")))
                .hasSize(300);
        assertThat(header(temp.resolve("siras/tableA.csv"))).isEqualTo(SyntheticDistrict.TABLE_A_HEADERS);
        assertThat(header(temp.resolve("siras/tableB.csv"))).isEqualTo(SyntheticDistrict.TABLE_B_HEADERS);
        assertThat(e.students()).isEqualTo(2_000);
        assertThat(e.rowsRead()).isEqualTo(300);
        assertThat(e.matched()).isEqualTo(300);
        assertThat(e.serviceRowsRead()).isEqualTo(1_500);
        assertThat(e.servicesImported()).isEqualTo(1_500);
        assertThat(e.unmatched() + e.duplicates() + e.errors() + e.ignored() + e.warnings() + e.servicesUnmatched()
                + e.servicesIgnored() + e.notInFile()).isZero();
        // CALPADS dates, our CDS code
        CSVRecord first = rows(temp.resolve("siras/tableA.csv")).get(0);
        assertThat(first.get("Student Birth Date")).matches("\\d{8}");
        assertThat(first.get("Reporting LEA")).isEqualTo(SyntheticDistrict.DEMO_CDS_CODE);
        assertThat(first.get("SSID")).matches("\\d{10}");
    }

    @Test
    void theExpectedNumbersFollowFromWhatWasWrittenByTheImportRules() throws Exception {
        SyntheticDistrict d = SyntheticDistrict.demo(2026);
        SyntheticDistrict.Expected e = d.writeAll(temp.resolve("roster"), temp.resolve("siras"));

        // an independent reading of the files by the rules of specs/sped-files.md
        Map<String, String> idBySsid = new HashMap<>();
        Set<String> rosterIds = new HashSet<>();
        for (CSVRecord r : rows(temp.resolve("roster/students.csv"))) {
            rosterIds.add(r.get("StudentID"));
            idBySsid.put(r.get("StateStudentID"), r.get("StudentID"));
        }
        List<CSVRecord> a = rows(temp.resolve("siras/tableA.csv"));
        Map<String, Integer> ssidCount = new HashMap<>();
        a.forEach(r -> ssidCount.merge(r.get("SSID"), 1, Integer::sum));
        int matched = 0, unmatched = 0, duplicates = 0, errors = 0, ignored = 0;
        int warnings = header(temp.resolve("siras/tableA.csv")).contains(SyntheticDistrict.UNKNOWN_COLUMN) ? 1 : 0;
        Set<String> imported = new HashSet<>();
        for (CSVRecord r : a) {
            String ssid = r.get("SSID");
            boolean applied = List.of("", "A").contains(r.get("Transaction Type Code"));
            if (applied && validDate(r.get("Special Education Referral Date"))) {
                // names are only read: other characters than a name has are a warning each, the row is imported
                for (String name : List.of(r.get("Student Legal First Name"), r.get("Student Legal Last Name"))) {
                    warnings += name.matches("[\\p{L}\\p{M} '\u2019.-]*") ? 0 : 1;
                }
            }
            if (!r.get("Transaction Type Code").isEmpty() && !r.get("Transaction Type Code").equals("A")) {
                ignored++;
            } else if (!validDate(r.get("Special Education Referral Date"))) {
                errors++;
            } else if (!ssid.isEmpty() && ssidCount.get(ssid) > 1) {
                duplicates++;
            } else if (idBySsid.containsKey(ssid) || rosterIds.contains(r.get("Local Student ID"))) {
                matched++;
                imported.add(idBySsid.getOrDefault(ssid, r.get("Local Student ID")));
            } else {
                unmatched++;
            }
        }
        int servicesImported = 0, servicesUnmatched = 0, servicesIgnored = 0;
        List<CSVRecord> b = rows(temp.resolve("siras/tableB.csv"));
        for (CSVRecord r : b) {
            String id = idBySsid.getOrDefault(r.get("SSID"), r.get("Local Student ID"));
            if (!List.of("A", "R").contains(r.get("Transaction Type Code"))) {
                servicesIgnored++;
            } else if (imported.contains(id)) {
                servicesImported++;
            } else {
                servicesUnmatched++;
            }
        }
        int notInFile = 0;
        for (CSVRecord r : rows(temp.resolve("roster/programs.csv"))) {
            if (r.get("ProgramCode").startsWith("144") && !imported.contains(r.get("StudentID"))) {
                notInFile++;
            }
        }

        assertThat(e.rowsRead()).isEqualTo(a.size());
        assertThat(List.of(e.matched(), e.unmatched(), e.duplicates(), e.errors(), e.ignored(), e.warnings()))
                .isEqualTo(List.of(matched, unmatched, duplicates, errors, ignored, warnings));
        assertThat(List.of(e.serviceRowsRead(), e.servicesImported(), e.servicesUnmatched(), e.servicesIgnored()))
                .isEqualTo(List.of(b.size(), servicesImported, servicesUnmatched, servicesIgnored));
        assertThat(e.notInFile()).isEqualTo(notInFile);
        // every edge case is really there
        assertThat(List.of(e.unmatched(), e.duplicates(), e.errors(), e.ignored(), e.servicesIgnored(), e.warnings()))
                .isEqualTo(List.of(1, 2, 1, 1, 1, 4));
        assertThat(e.notInFile()).isEqualTo(5);
        assertThat(e.servicesUnmatched()).isEqualTo(7);
        assertThat(e.importCounts().ignored()).isEqualTo(2);
        assertThat(header(temp.resolve("siras/tableA.csv"))).contains(SyntheticDistrict.UNKNOWN_COLUMN);
        String tableA = Files.readString(temp.resolve("siras/tableA.csv"));
        assertThat(tableA).contains("José,Nguyễn", "\"=HYPERLINK(\"\"http://x.test\"\")\",+1", "\"O\"\"Neil, Jr.\"");
        assertThat(a.stream().filter(r -> r.get("SSID").isEmpty())).hasSize(1);
        assertThat(a.stream().filter(r -> r.get("Special Education Initial Service Start Date").isEmpty()
                && !r.get("Special Education Referral Date").isEmpty())).hasSize(1);
        assertThat(rows(temp.resolve("roster/programs.csv")).stream().filter(r -> r.get("ProgramCode").equals("144x")))
                .hasSize(1);
        // roster sizes
        assertThat(rows(temp.resolve("roster/students.csv"))).hasSize(e.students());
        assertThat(rows(temp.resolve("roster/contacts.csv"))).hasSize(e.contacts());
        assertThat(rows(temp.resolve("roster/enrollment.csv"))).hasSize(e.enrollments());
        assertThat(rows(temp.resolve("roster/schools.csv"))).hasSize(e.schools());
        assertThat(rows(temp.resolve("roster/codes.csv"))).hasSize(e.codes());
        assertThat(rows(temp.resolve("roster/programs.csv"))).hasSize(e.programs() + e.spedRecords());
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void theRosterItWritesLoadsCleanly(TestDatabases.Kind kind) throws Exception {
        SyntheticDistrict.Expected e = SyntheticDistrict.demo(5).writeRoster(temp.resolve("roster"));
        try (Database db = Database.open(Settings.load(null, Map.of(), TestDatabases.fresh(kind)))) {
            RosterLoadResult r = new RosterLoader(db).load(temp.resolve("roster"));

            assertThat(r.errors()).isEmpty();
            assertThat(r.warnings()).isEmpty();
            assertThat(r.rows("school")).isEqualTo(e.schools());
            assertThat(r.rows("student")).isEqualTo(e.students());
            assertThat(r.rows("contact")).isEqualTo(e.contacts());
            assertThat(r.rows("enrollment")).isEqualTo(e.enrollments());
            assertThat(r.rows("program")).isEqualTo(e.programs());
            assertThat(r.rows("sped_record")).isEqualTo(e.spedRecords());
            assertThat(r.rows("code")).isEqualTo(e.codes());
            assertThat(count(db, "SELECT COUNT(*) FROM student WHERE first_name = 'José' AND last_name = 'Nguyễn'"))
                    .isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM sped_record WHERE state_student_id IS NULL")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM sped_record WHERE eligibility_start_date IS NULL"
                    + " AND referral_date IS NOT NULL")).isEqualTo(1);
        }
    }

    private static long count(Database db, String sql) throws Exception {
        try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean validDate(String s) {
        try {
            LocalDate.parse(s, DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static List<CSVRecord> rows(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return new ArrayList<>(p.getRecords());
        }
    }

    static List<String> header(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return p.getHeaderNames();
        }
    }

}
