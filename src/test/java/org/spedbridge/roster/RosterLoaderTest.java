package org.spedbridge.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;

class RosterLoaderTest {

    @TempDir
    Path dir;

    static Database open(TestDatabases.Kind kind) {
        return Database.open(Settings.load(null, Map.of(), TestDatabases.fresh(kind)));
    }

    static void write(Path dir, String name, String... lines) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
    }

    static void smallSet(Path dir) throws Exception {
        write(dir, "codes.csv", "Table,Field,Code,Description,Status",
                "STU,LF,E,English Only,", "STU,LF,L,English Learner,");
        write(dir, "schools.csv", "SchoolCode,Name,StateSchoolID,LowGradeLevel,HighGradeLevel",
                "994,Aeries Demo High,1234567,9,12", "995,Demo Elementary,1234568,0,5");
        write(dir, "students.csv",
                "StudentID,SchoolCode,StudentNumber,StateStudentID,LastName,FirstName,Gender,Grade,Birthdate,"
                        + "InactiveStatusCode,DateRedesignatedFluentEnglishProficient,ResidenceSchool",
                "99400001,994,1,1234567890,Abbott,Allan,M,12,2008-11-11,,2019-05-01,994",
                "99400002,994,2,1234567891,\"O'Brien, Jr.\",\"Ann \"\"Annie\"\"\",F,11,2009-01-02,,,",
                "99500003,995,3,,Nguyễn,José,M,3,2017-03-04,,,");
        write(dir, "contacts.csv", "StudentID,SequenceNumber,SchoolCode,LastName,EducationalRightsHolder",
                "99400001,1,994,Abbott,Y", "99400001,2,994,Abbott,");
        write(dir, "enrollment.csv", "StudentID,AcademicYear,SchoolCode,EnterDate,LeaveDate,Grade",
                "99400001,2025,994,2025-08-14,,12", "99400001,2024,994,2024-08-15,2025-06-06,11");
        write(dir, "programs.csv",
                "StudentID,ProgramCode,ProgramDescription,EligibilityStartDate,EligibilityEndDate,"
                        + "ParticipationStartDate,ParticipationEndDate,DisabilityCode,DisabilityCode2,"
                        + "ParentalConsentDate,ResidenceStatusCode",
                "99400001,144,Special Education,2020-09-01,,2020-09-01,,290,240,2020-08-01,10",
                "99400002,144x,Evaluating for Special Education Services,2025-10-01,,,,,,2025-10-05,",
                "99400001,101,504 Plan,2019-01-01,2019-06-30,2019-01-01,2019-06-30,,,,");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void loadsEveryFileAndReadsValuesBack(TestDatabases.Kind kind) throws Exception {
        smallSet(dir);
        try (Database db = open(kind)) {
            RosterLoadResult r = new RosterLoader(db).load(dir);

            assertThat(r.errors()).isEmpty();
            assertThat(r.loaded()).isTrue();
            assertThat(r.warnings()).isEmpty();
            assertThat(r.files()).containsExactly(
                    new RosterLoadResult.FileCount("codes.csv", "code", 2),
                    new RosterLoadResult.FileCount("schools.csv", "school", 2),
                    new RosterLoadResult.FileCount("students.csv", "student", 3),
                    new RosterLoadResult.FileCount("contacts.csv", "contact", 2),
                    new RosterLoadResult.FileCount("enrollment.csv", "enrollment", 2),
                    new RosterLoadResult.FileCount("programs.csv", "program", 1),
                    new RosterLoadResult.FileCount("programs.csv", "sped_record", 2));

            assertThat(row(db, "SELECT state_student_id, last_name, first_name, birthdate, grade, inactive_status_code,"
                    + " date_redesignated_fluent_english_proficient, residence_school FROM student WHERE student_id = 99400001"))
                    .containsExactly("1234567890", "Abbott", "Allan", LocalDate.of(2008, 11, 11), 12, "",
                            LocalDate.of(2019, 5, 1), 994);
            assertThat(row(db, "SELECT last_name, first_name, state_student_id FROM student WHERE student_id = 99400002"))
                    .containsExactly("O'Brien, Jr.", "Ann \"Annie\"", "1234567891");
            assertThat(row(db, "SELECT last_name, first_name, state_student_id FROM student WHERE student_id = 99500003"))
                    .containsExactly("Nguyễn", "José", null);
            assertThat(row(db, "SELECT name, state_school_id, low_grade_level FROM school WHERE school_code = 995"))
                    .containsExactly("Demo Elementary", "1234568", 0);
            assertThat(row(db, "SELECT educational_rights_holder FROM contact WHERE student_id = 99400001 AND sequence_number = 2"))
                    .containsExactly("");
            assertThat(row(db, "SELECT leave_date FROM enrollment WHERE student_id = 99400001 AND academic_year = '2024'"))
                    .containsExactly(LocalDate.of(2025, 6, 6));
            assertThat(row(db, "SELECT description, status FROM code WHERE table_name = 'STU' AND code = 'L'"))
                    .containsExactly("English Learner", "");
            // 144 -> sped_record with the student's SSID; other programs -> program
            assertThat(row(db, "SELECT state_student_id, eligibility_start_date, disability_code, disability_code2,"
                    + " parental_consent_date, residence_status_code, program_description, referral_date"
                    + " FROM sped_record WHERE student_id = 99400001"))
                    .containsExactly("1234567890", LocalDate.of(2020, 9, 1), "290", "240", LocalDate.of(2020, 8, 1),
                            "10", "Special Education", null);
            // 144x: not eligible, the referral date kept
            assertThat(row(db, "SELECT eligibility_start_date, referral_date, parental_consent_date FROM sped_record"
                    + " WHERE student_id = 99400002"))
                    .containsExactly(null, LocalDate.of(2025, 10, 1), LocalDate.of(2025, 10, 5));
            assertThat(row(db, "SELECT COUNT(*) FROM program WHERE program_code LIKE '144%'")).containsExactly(0L);
            assertThat(row(db, "SELECT program_description FROM program WHERE student_id = 99400001 AND program_code = '101'"))
                    .containsExactly("504 Plan");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void reloadingUpsertsWithoutDuplicatesAndKeepsColumnsTheFileDoesNotHave(TestDatabases.Kind kind) throws Exception {
        smallSet(dir);
        try (Database db = open(kind)) {
            RosterLoader loader = new RosterLoader(db, 2);
            assertThat(loader.load(dir).loaded()).isTrue();
            assertThat(loader.load(dir).loaded()).isTrue();
            assertThat(counts(db)).containsExactly(2L, 3L, 2L, 2L, 1L, 2L, 2L);

            Path second = dir.resolve("second");
            write(second, "students.csv", "StudentID,SchoolCode,Grade", "99400001,994,13", "99400009,994,9");
            RosterLoadResult r = loader.load(second);
            assertThat(r.loaded()).isTrue();
            assertThat(r.rows("student")).isEqualTo(2);
            assertThat(counts(db)).containsExactly(2L, 4L, 2L, 2L, 1L, 2L, 2L);
            // updated the given column, kept the others
            assertThat(row(db, "SELECT grade, last_name, state_student_id FROM student WHERE student_id = 99400001"))
                    .containsExactly(13, "Abbott", "1234567890");

            // the same key twice in one file (within one statement and across statements): the later row wins
            Path third = dir.resolve("third");
            write(third, "students.csv", "StudentID,SchoolCode,Grade", "99400001,994,7", "99400001,994,8",
                    "99400002,994,5", "99400003,994,1", "99400001,994,9");
            assertThat(new RosterLoader(db, 3).load(third).loaded()).isTrue();
            assertThat(row(db, "SELECT grade FROM student WHERE student_id = 99400001")).containsExactly(9);
            assertThat(counts(db).get(1)).isEqualTo(5L);
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aBadRowRefusesTheWholeLoadAndNamesFileLineAndReason(TestDatabases.Kind kind) throws Exception {
        smallSet(dir);
        write(dir, "students.csv", "StudentID,SchoolCode,Birthdate,Grade,StateStudentID",
                "99400001,994,2008-11-11,12,1234567890",
                "99400002,994,2009-02-30,11,1234567891",
                "99400003,994,2009-01-01,eleven,1234567892",
                ",994,2009-01-01,11,1234567893",
                "99400005,994,2009-01-01,11",
                "99400006,994,2009-01-01,11,12345678901");
        try (Database db = open(kind)) {
            RosterLoadResult r = new RosterLoader(db).load(dir);

            assertThat(r.loaded()).isFalse();
            assertThat(r.errorCount()).isEqualTo(5);
            assertThat(r.errors()).extracting(RosterLoadResult.Problem::toString).containsExactly(
                    "students.csv line 3: Birthdate '2009-02-30' is not a date; write dates as yyyy-MM-dd.",
                    "students.csv line 4: Grade 'eleven' is not a whole number.",
                    "students.csv line 5: the key StudentID is empty; every row needs StudentID, SchoolCode.",
                    "students.csv line 6: the row has 4 fields but the header has 5; check for a missing or extra"
                            + " comma, or quote the value that holds a comma.",
                    "students.csv line 7: StateStudentID '12345678901' is longer than 10 characters.");
            // all or nothing: not even the good files before it (codes, schools) were kept
            assertThat(counts(db)).containsOnly(0L);
            assertThat(r.rows("school")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void missingKeyColumnAndUnbalancedQuoteAreRefused(TestDatabases.Kind kind) throws Exception {
        write(dir, "schools.csv", "Name,StateSchoolID", "Demo High,1234567");
        write(dir, "contacts.csv", "StudentID,SequenceNumber,LastName", "1,1,Smith", "1,2,\"Sm\"ith", "1,3,Jones");
        try (Database db = open(kind)) {
            RosterLoadResult r = new RosterLoader(db).load(dir);
            assertThat(r.loaded()).isFalse();
            assertThat(r.errors()).hasSize(2);
            assertThat(r.errors().get(0)).isEqualTo(new RosterLoadResult.Problem("schools.csv", 1,
                    "the key column SchoolCode is missing; the file needs SchoolCode in its header row."));
            assertThat(r.errors().get(1).file()).isEqualTo("contacts.csv");
            assertThat(r.errors().get(1).line()).isEqualTo(3);
            assertThat(r.errors().get(1).reason()).contains("unbalanced quote");
            assertThat(counts(db)).containsOnly(0L);
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void byteOrderMarkIsStrippedAndAnUnknownColumnIsOnlyAWarning(TestDatabases.Kind kind) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("students.csv"),
                "\uFEFFStudentID,SchoolCode,FavoriteColor,LastName\n99400001,994,blue,Abbott\n", StandardCharsets.UTF_8);
        try (Database db = open(kind)) {
            RosterLoadResult r = new RosterLoader(db).load(dir);
            assertThat(r.errors()).isEmpty();
            assertThat(r.warnings()).hasSize(1);
            assertThat(r.warnings().get(0).toString()).isEqualTo("students.csv line 1: unknown column 'FavoriteColor' ignored (not an Aeries property this file loads; check the spelling if it should be loaded).");
            assertThat(row(db, "SELECT last_name FROM student WHERE student_id = 99400001 AND school_code = 994"))
                    .containsExactly("Abbott");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aFileThatIsNotUtf8IsRefused(TestDatabases.Kind kind) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("students.csv"),
                "StudentID,SchoolCode,FirstName\n99400001,994,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        try (Database db = open(kind)) {
            RosterLoadResult r = new RosterLoader(db).load(dir);
            assertThat(r.loaded()).isFalse();
            assertThat(r.errors()).extracting(RosterLoadResult.Problem::toString)
                    .containsExactly("students.csv: the file is not UTF-8 text. Save it as UTF-8 (CSV UTF-8) and load again.");
            assertThat(counts(db)).containsOnly(0L);
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyMappedColumnExistsInTheSchema(TestDatabases.Kind kind) throws Exception {
        try (Database db = open(kind); Connection c = db.connection()) {
            for (RosterFile f : RosterFile.values()) {
                for (RosterFile.Column col : f.columns()) {
                    if (col.column() != null) {
                        assertThat(columnExists(c, f.table(), col.column())).as(f + "." + col.column()).isTrue();
                    }
                    if (col.spedColumn() != null) {
                        assertThat(columnExists(c, "sped_record", col.spedColumn())).as(col.spedColumn()).isTrue();
                    }
                }
            }
        }
    }

    private static boolean columnExists(Connection c, String table, String column) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static List<Long> counts(Database db) throws Exception {
        List<Long> out = new ArrayList<>();
        for (String t : List.of("school", "student", "contact", "enrollment", "program", "sped_record", "code")) {
            out.add(((Number) row(db, "SELECT COUNT(*) FROM " + t).get(0)).longValue());
        }
        return out;
    }

    /** One row, as Java values (dates as LocalDate, numbers as Integer/Long). */
    static List<Object> row(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            ResultSetMetaData md = rs.getMetaData();
            List<Object> out = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof java.sql.Date d) {
                    v = d.toLocalDate();
                } else if (v instanceof Number n && !(v instanceof Integer)) {
                    v = n.longValue();
                }
                out.add(v);
            }
            return out;
        }
    }
}
