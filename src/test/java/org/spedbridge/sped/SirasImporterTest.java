package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spedbridge.sped.SpedKit.SERVICES_HEADER;
import static org.spedbridge.sped.SpedKit.STUDENTS_HEADER;
import static org.spedbridge.sped.SpedKit.attachment;
import static org.spedbridge.sped.SpedKit.csv;
import static org.spedbridge.sped.SpedKit.lines;
import static org.spedbridge.sped.SpedKit.service;
import static org.spedbridge.sped.SpedKit.student;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.TestDatabases;

/** The import engine end to end on H2 and PostgreSQL: files in, data + report out. */
class SirasImporterTest {

    @TempDir
    Path tmp;

    /** The roster and existing special-education data every scenario starts from. */
    private static void district(SpedKit k) throws Exception {
        k.roster(1001, "1000000001", 3);
        k.roster(1002, 10, "1000000002", 4, "I");   // left school 10 ...
        k.roster(1002, 20, "1000000002", 5, "");    // ... now at school 20, grade 5
        k.roster(1003, null, 7);                    // no SSID in the roster: matched by local ID
        k.roster(1004, "1000000004", 8);
        k.roster(1005, "1000000005", 2);
        k.roster(1006, "1000000006", 1);
        k.roster(1007, "1000000007", 6);
        k.roster(1008, "1000000008", 6);
        k.sql("INSERT INTO sped_record (student_id, state_student_id, plan_type_code) VALUES (1004, '1000000004', '100')");
        k.sql("INSERT INTO sped_record (student_id, state_student_id, plan_type_code) VALUES (1006, '1000000006', '100')");
        k.sql("INSERT INTO sped_record (student_id, state_student_id, plan_type_code) VALUES (1007, '1000000007', '900')");
        k.sql("INSERT INTO sped_service (student_id, line_number, service_code) VALUES (1007, 50, '330')");
        k.sql("INSERT INTO sped_service (student_id, line_number, service_code) VALUES (1007, 51, '415')");
        k.sql("INSERT INTO sped_service (student_id, line_number, service_code) VALUES (1004, 52, '415')");
    }

    private static String happyStudents() {
        return lines(STUDENTS_HEADER,
                student("A", "1000000001", "1001", "\"Ana \"\"Annie\"\"\"", "\"O'Brien, Jr.\"", "20150101"),
                student("", "1000000002", "", "José", "Núñez", "2013-02-03"),
                student("A", "", "1003", "=cmd", "Li", "04/05/2014"),
                student("A", "1000000005", "", "Dup", "One", "20160101"),
                student("A", "1000000005", "", "Dup", "Two", "20160101"),
                student("D", "1000000006", "", "Del", "Eted", "20160101"),
                student("A", "1000000099", "9999", "Un", "Matched", "20160101"),
                student("A", "1000000007", "1007", "Sam", "Stone", "20120709"),
                student("A", "1000000008", "", "Bad", "Date", "20150101").replace(",20240105,", ",2024-02-30,"));
    }

    private static String happyServices() {
        return lines(SERVICES_HEADER,
                service("A", "1000000001", "", "330"),
                service("R", "1000000001", "", "415"),
                service("A", "", "1003", "450"),
                service("A", "1000000005", "", "330"),
                service("A", "1000000006", "", "330"),
                service("D", "1000000001", "", "330"),
                service("A", "1000000099", "", "330"),
                service("A", "1000000077", "", "330"),
                service("A", "1000000007", "", "999"),
                "SSRV,A,1000000002,,330,400,100,2,30,,20240315,20250315");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void appliesAPairAndReportsEveryRow(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            ImportResult r = k.run(k.file(happyStudents()), k.file(happyServices()));

            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(r.counts()).isEqualTo(new ImportCounts(9, 4, 1, 2, 2, 2, 4, 10, 4, 4, 2));
            assertThat(r.studentsSha256()).hasSize(64);

            // sped_record: created or updated for the four matched students, the others untouched
            assertThat(k.rows("SELECT student_id, state_student_id, plan_type_code, disability_code, referral_date,"
                    + " eligibility_start_date, residence_status_code, school_of_attendance FROM sped_record"
                    + " WHERE student_id = 1001").get(0))
                    .containsExactly("1001", "1000000001", "100", "240", "2024-01-05", "2024-03-15", "100", "1964212");
            assertThat(k.rows("SELECT student_id FROM sped_record WHERE last_import_run_id = " + r.runId()
                    + " ORDER BY student_id")).containsExactly(List.of("1001"), List.of("1002"), List.of("1003"),
                    List.of("1007"));
            assertThat(k.one("SELECT plan_type_code FROM sped_record WHERE student_id = 1007")).isEqualTo("100");
            assertThat(k.one("SELECT state_student_id FROM sped_record WHERE student_id = 1003")).isNull();
            assertThat(k.one("SELECT last_import_run_id FROM sped_record WHERE student_id = 1004")).isNull();
            // demographics never change
            assertThat(k.one("SELECT first_name FROM student WHERE student_id = 1001")).isEqualTo("F1001");

            // services: replaced for imported students, untouched for the others
            assertThat(k.rows("SELECT student_id, line_number, service_code FROM sped_service ORDER BY student_id,"
                    + " line_number")).containsExactly(
                    List.of("1001", "2", "330"), List.of("1001", "3", "415"), List.of("1003", "4", "450"),
                    List.of("1004", "52", "415"), List.of("1007", "10", "999"));

            // the report attachments, in the mail's order
            assertThat(r.attachments()).extracting(p -> p.getFileName().toString()).containsExactlyElementsOf(
                    ReportFiles.ORDER);
            assertThat(r.attachments()).allSatisfy(p -> assertThat(p.getParent().getFileName().toString())
                    .isEqualTo(Long.toString(r.runId())));
            assertThat(Files.readString(attachment(r, ReportFiles.IMPORTED))).isEqualTo(
                    "OriginalLineNumber,SSID,FirstName,LastName,Birthdate,Grade,StudentID\r\n"
                    + "2,1000000001,\"Ana \"\"Annie\"\"\",\"O'Brien, Jr.\",2015-01-01,3,1001\r\n"
                    + "3,1000000002,José,Núñez,2013-02-03,5,1002\r\n"
                    + "4,,'=cmd,Li,2014-04-05,7,1003\r\n"
                    + "9,1000000007,Sam,Stone,2012-07-09,6,1007\r\n");
            assertThat(csv(attachment(r, ReportFiles.UNMATCHED))).containsExactly(
                    List.of("OriginalLineNumber", "SSID", "StudentID", "FirstName", "LastName", "Birthdate", "Grade"),
                    List.of("8", "1000000099", "9999", "Un", "Matched", "2016-01-01", ""));
            assertThat(csv(attachment(r, ReportFiles.DUPLICATES))).containsExactly(
                    List.of("OriginalLineNumber", "SSID", "FirstName", "LastName", "Birthdate", "Grade"),
                    List.of("5", "1000000005", "Dup", "One", "2016-01-01", ""),
                    List.of("6", "1000000005", "Dup", "Two", "2016-01-01", ""));
            assertThat(csv(attachment(r, ReportFiles.NOT_IN_FILE))).containsExactly(
                    List.of("StudentID", "SSID", "FirstName", "LastName", "SchoolCode"),
                    List.of("1004", "1000000004", "F1004", "L1004", "10"),
                    List.of("1006", "1000000006", "F1006", "L1006", "10"));
            assertThat(csv(attachment(r, ReportFiles.SERVICES_IMPORTED))).containsExactly(
                    List.of("OriginalLineNumber", "SSID", "StudentID", "ServiceCode"),
                    List.of("2", "1000000001", "1001", "330"),
                    List.of("3", "1000000001", "1001", "415"),
                    List.of("4", "", "1003", "450"),
                    List.of("10", "1000000007", "1007", "999"));
            assertThat(csv(attachment(r, ReportFiles.SERVICES_UNMATCHED))).containsExactly(
                    List.of("OriginalLineNumber", "SSID", "LocalStudentID", "ServiceCode", "Reason"),
                    List.of("5", "1000000005", "", "330",
                            "the student's SSID or local ID occurs more than once in the students file"),
                    List.of("6", "1000000006", "", "330", "the student's row was ignored (Transaction Type)"),
                    List.of("8", "1000000099", "", "330", "the student's row matched no student in the SIS"),
                    List.of("9", "1000000077", "", "330", "the student is not in the students file"));
            List<List<String>> errors = csv(attachment(r, ReportFiles.ERRORS));
            assertThat(errors.get(0)).containsExactly("File", "OriginalLineNumber", "SSID", "Kind", "Reason");
            assertThat(errors.subList(1, errors.size())).extracting(e -> e.subList(0, 4)).containsExactly(
                    List.of("in1.csv", "2", "1000000001", "warning"),
                    List.of("in1.csv", "2", "1000000001", "warning"),
                    List.of("in1.csv", "4", "", "warning"),
                    List.of("in1.csv", "7", "1000000006", "ignored"),
                    List.of("in1.csv", "10", "1000000008", "error"),
                    List.of("in2.csv", "7", "1000000001", "ignored"),
                    List.of("in2.csv", "10", "1000000007", "warning"),
                    List.of("in2.csv", "11", "1000000002", "error"));
            // names are only read: odd characters are warnings and the rows are imported
            assertThat(errors.get(1).get(4)).startsWith("first_name has characters other than letters").contains("'\"'");
            assertThat(errors.get(2).get(4)).startsWith("last_name has characters other than letters").contains("','");
            assertThat(errors.get(3).get(4)).startsWith("first_name has characters other than letters").contains("'='");
            assertThat(errors.get(5).get(4)).contains("referral_date '2024-02-30' is not a date");
            assertThat(errors.get(6).get(4)).contains("Transaction Type 'D'");
            assertThat(errors.get(7).get(4)).contains("Unknown service code '999'");
            assertThat(errors.get(8).get(4)).contains("Nonpublic Agency Identifier is required");

            // the run is recorded, its issues kept, staging emptied
            assertThat(k.rows("SELECT status, trigger_name, rows_read, matched, services_imported, not_in_file,"
                    + " students_sha256 FROM import_run WHERE id = " + r.runId()).get(0))
                    .containsExactly("APPLIED", "test", "9", "4", "4", "2", r.studentsSha256());
            assertThat(k.one("SELECT COUNT(*) FROM import_issue WHERE run_id = " + r.runId())).isEqualTo("8");
            assertThat(k.staged()).isZero();
            assertThat(k.lastRun()).get().satisfies(last -> {
                assertThat(last.runId()).isEqualTo(r.runId());
                assertThat(last.status()).isEqualTo(ImportStatus.APPLIED);
                assertThat(last.counts()).isEqualTo(r.counts());
                assertThat(last.attachments()).hasSize(7);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void samePairTwiceIsUnchangedAndWritesNothing(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            Path a = k.file(happyStudents());
            Path b = k.file(happyServices());
            ImportResult first = k.run(a, b);
            assertThat(first.status()).isEqualTo(ImportStatus.APPLIED);
            List<List<String>> before = k.snapshot();

            ImportResult second = k.run(a, b);
            assertThat(second.status()).isEqualTo(ImportStatus.UNCHANGED);
            assertThat(second.status().exitCode()).isZero();
            assertThat(second.message()).startsWith("The files were not refreshed since ");
            assertThat(k.snapshot()).isEqualTo(before);
            assertThat(k.one("SELECT status FROM import_run WHERE id = " + second.runId())).isEqualTo("UNCHANGED");

            // a changed services file is applied again
            Path b2 = k.file(happyServices() + service("A", "1000000001", "", "425") + "\n");
            assertThat(k.run(a, b2).status()).isEqualTo(ImportStatus.APPLIED);
            assertThat(k.one("SELECT COUNT(*) FROM sped_service WHERE student_id = 1001")).isEqualTo("3");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void reapplyUnchangedSettingAppliesAgain(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, Map.of("siras.import.reapply-unchanged", "true"))) {
            district(k);
            Path a = k.file(happyStudents());
            Path b = k.file(happyServices());
            ImportResult first = k.run(a, b);
            ImportResult second = k.run(a, b);
            assertThat(second.status()).isEqualTo(ImportStatus.APPLIED);
            assertThat(k.one("SELECT last_import_run_id FROM sped_record WHERE student_id = 1001"))
                    .isEqualTo(Long.toString(second.runId())).isNotEqualTo(Long.toString(first.runId()));
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void casemisHeadersBomCrlfWindows1252AndUnknownColumn(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            String students = String.join("\r\n",
                    " selpa_code ,STUDENT_ID,SSID,LAST_NAME,FIRST_NAME,BIRTHDATE,GRADE,PLAN_TYPE,DISABILITY1,"
                            + "DISABILITY2,EXIT_DATE,EXIT_RESON,FAVOURITE_COLOUR",
                    "1234,1001,1000000001,Peña,Zoë,20150101,03,10,320,,,,blue",
                    "1234,4444,1000000044,Doe,Jane,20150101,04,10,999,,,,red",
                    "") + "\r\n";  // trailing blank line
            byte[] cp1252 = students.getBytes(java.nio.charset.Charset.forName("windows-1252"));
            Path a = k.bytes(cp1252);
            byte[] services = ("\uFEFF" + String.join("\r\n", "SSID,STUDENT_ID,SERVICE_CODE,PROVIDER,FREQUENCY,DURATION",
                    "1000000001,1001,330,100,2,30") + "\r\n").getBytes(StandardCharsets.UTF_8);
            Path b = k.bytes(services);

            ImportResult r = k.run(a, b);
            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(r.counts().rowsRead()).isEqualTo(2);
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(r.counts().unmatched()).isEqualTo(1);
            assertThat(r.counts().servicesImported()).isEqualTo(1);
            assertThat(k.rows("SELECT plan_type_code, disability_code, reporting_selpa FROM sped_record"
                    + " WHERE student_id = 1001").get(0)).containsExactly("10", "320", "1234");
            assertThat(csv(attachment(r, ReportFiles.IMPORTED)).get(1))
                    .containsExactly("2", "1000000001", "Zoë", "Peña", "2015-01-01", "3", "1001");
            assertThat(csv(attachment(r, ReportFiles.UNMATCHED)).get(1))
                    .containsExactly("3", "1000000044", "4444", "Jane", "Doe", "2015-01-01", "04");
            List<List<String>> errors = csv(attachment(r, ReportFiles.ERRORS));
            assertThat(errors).extracting(e -> e.get(3) + ":" + e.get(4)).anySatisfy(s -> assertThat(s)
                    .startsWith("warning:").contains("not valid UTF-8").contains("Windows-1252"));
            assertThat(errors).extracting(e -> e.get(3) + ":" + e.get(4)).anySatisfy(s -> assertThat(s)
                    .startsWith("warning:Unknown column 'FAVOURITE_COLOUR'"));
            assertThat(errors).extracting(e -> e.get(3) + ":" + e.get(4)).anySatisfy(s -> assertThat(s)
                    .startsWith("warning:Unknown disability code '999'"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void extraAliasFileExtendsTheHeaders(TestDatabases.Kind kind) throws Exception {
        Path aliases = tmp.resolve("aliases.csv");
        Files.writeString(aliases, "file,field,alias\nstudents,ssid,Kennung\nstudents,unused,Notes\n");
        try (SpedKit k = new SpedKit(kind, tmp, Map.of("siras.import.header-aliases-file", aliases.toString()))) {
            district(k);
            ImportResult r = k.run(k.file(lines("Kennung,FIRST_NAME,Notes", "1000000001,Ana,x")),
                    k.file(lines("SSID,SERVICE_CODE", "1000000001,330")));
            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(r.counts().warnings()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void rowErrorsAreListedAndTheRestImports(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            ImportResult r = k.run(k.file(lines(STUDENTS_HEADER,
                            student("A", "1000000001", "", "Ana", "Ok", "20150101"),
                            student("A", "12345", "", "Short", "Ssid", "20150101"),
                            student("A", "", "", "No", "Keys", "20150101"),
                            student("A", "1000000002", "", "Ben", "Long", "20150101")
                                    .replace("SPED,A,1964212,1964212,", "SPED,A,1964212,19642120,"),
                            "SPED,A,1964212,1964212,2025-2026,1000000007,,Too,Few",
                            student("A", "1000000008", "", "Bad", "Plan", "20150101").replace(",20240315,", ",2024-3-15,"))),
                    k.file(lines(SERVICES_HEADER,
                            "SSRV,A,1000000001,,330,100,100,2,5,,20240315,20250315",
                            "SSRV,A,1000000001,,330,100,100,2,abc,,20240315,20250315",
                            service("A", "1000000001", "", "415"))));
            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(r.counts().errors()).isEqualTo(7);
            assertThat(r.counts().servicesImported()).isEqualTo(1);
            List<List<String>> errors = csv(attachment(r, ReportFiles.ERRORS));
            assertThat(errors.subList(1, errors.size())).extracting(e -> e.get(1) + " " + e.get(4)).satisfiesExactly(
                    e -> assertThat(e).startsWith("3 SSID '12345' is not 10 digits"),
                    e -> assertThat(e).startsWith("4 both SSID and Local Student ID are missing"),
                    e -> assertThat(e).startsWith("5 school_of_attendance is longer than 7 characters (8): column"
                            + " school_of_attendance holds at most 7"),
                    e -> assertThat(e).startsWith("6 Wrong number of fields: 9 instead of 18"),
                    e -> assertThat(e).startsWith("7 initial_service_start_date '2024-3-15' is not a date"),
                    e -> assertThat(e).startsWith("2 duration_minutes must be at least 10"),
                    e -> assertThat(e).startsWith("3 duration_minutes 'abc' is not a whole number"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aProblemInAFieldTheSisOnlyReadsIsAWarningAndTheStudentIsImported(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            k.roster(1009, "1000000009", -1); // transitional kindergarten
            String longFirst = "Maximiliana-Alexandra Konstantina"; // 33 characters, the limit is 30
            ImportResult r = k.run(k.file(lines(STUDENTS_HEADER + ",Student Gender Code,Grade",
                            student("A", "1000000001", "", longFirst, "Ok", "20150101") + ",F,3",
                            student("A", "1000000002", "", "=B0b<", "Nul\u0000l", "20150101") + ",M,5",
                            student("A", "1000000007", "", "Sam", "Stone", "2012-02-30") + ",Q,6",
                            student("A", "1000000009", "", "Tia", "Kay", "20200101") + ",X,-1",
                            student("A", "1000000099", "", "Una", "Matched", "20200101") + ",F,-1")),
                    k.file(lines(SERVICES_HEADER, service("A", "1000000001", "", "330"),
                            service("A", "1000000002", "", "415"), service("A", "1000000007", "", "450"),
                            service("A", "1000000009", "", "330"))));

            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(r.counts()).isEqualTo(new ImportCounts(5, 4, 1, 0, 0, 0, 5, 4, 4, 0, 2));
            // each student's record is updated, its services imported, and it is not "not in file"
            assertThat(k.rows("SELECT student_id FROM sped_record WHERE last_import_run_id = " + r.runId()
                    + " ORDER BY student_id")).containsExactly(List.of("1001"), List.of("1002"), List.of("1007"),
                    List.of("1009"));
            assertThat(k.rows("SELECT student_id, service_code FROM sped_service_current WHERE last_import_run_id = "
                    + r.runId() + " ORDER BY student_id")).containsExactly(List.of("1001", "330"),
                    List.of("1002", "415"), List.of("1007", "450"), List.of("1009", "330"));
            assertThat(csv(attachment(r, ReportFiles.NOT_IN_FILE))).extracting(row -> row.get(0))
                    .containsExactly("StudentID", "1004", "1006");
            assertThat(csv(attachment(r, ReportFiles.SERVICES_UNMATCHED))).hasSize(1);
            // demographics never change
            assertThat(k.one("SELECT first_name FROM student WHERE student_id = 1001")).isEqualTo("F1001");

            // the warnings, with their lines, in the report and in the run's issue rows
            List<List<String>> errors = csv(attachment(r, ReportFiles.ERRORS));
            assertThat(errors.subList(1, errors.size())).extracting(e -> e.get(1) + " " + e.get(3) + " " + e.get(4))
                    .containsExactly(
                            "2 warning first_name is longer than 30 characters (33); the report shows its first 30;"
                                    + " the row is imported (the SIS does not store first_name)",
                            "3 warning first_name has characters other than letters, spaces, apostrophes, hyphens and"
                                    + " periods: '=' '0' '<'; the row is imported (the SIS does not store first_name)",
                            "3 warning last_name has characters other than letters, spaces, apostrophes, hyphens and"
                                    + " periods: U+0000; the row is imported (the SIS does not store last_name)",
                            "4 warning birthdate '2012-02-30' is not a date (CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY); the"
                                    + " row is imported (the SIS does not store birthdate)",
                            "4 warning Unknown gender code 'Q' (gender); the row is imported (the SIS does not store"
                                    + " gender)");
            assertThat(k.rows("SELECT line_number, kind FROM import_issue WHERE run_id = " + r.runId() + " ORDER BY seq"))
                    .containsExactly(List.of("2", "warning"), List.of("3", "warning"), List.of("3", "warning"),
                            List.of("4", "warning"), List.of("4", "warning"));

            // the report: the name as far as it fits, a real formula neutralised, a TK grade -1 as a plain number
            assertThat(Files.readString(attachment(r, ReportFiles.IMPORTED))).isEqualTo(
                    "OriginalLineNumber,SSID,FirstName,LastName,Birthdate,Grade,StudentID\r\n"
                    + "2,1000000001,Maximiliana-Alexandra Konstant,Ok,2015-01-01,3,1001\r\n"
                    + "3,1000000002,'=B0b<,Nul\uFFFDl,2015-01-01,5,1002\r\n"
                    + "4,1000000007,Sam,Stone,,6,1007\r\n"
                    + "5,1000000009,Tia,Kay,2020-01-01,-1,1009\r\n");
            assertThat(csv(attachment(r, ReportFiles.UNMATCHED))).containsExactly(
                    List.of("OriginalLineNumber", "SSID", "StudentID", "FirstName", "LastName", "Birthdate", "Grade"),
                    List.of("6", "1000000099", "", "Una", "Matched", "2020-01-01", "-1"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void unbalancedQuotesAreARowErrorWithItsLineNumber(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            ImportResult r = k.run(k.file(lines(STUDENTS_HEADER,
                            student("A", "1000000001", "", "Ana", "Ok", "20150101"),
                            student("A", "1000000002", "", "\"Ben", "Open", "20150101"),
                            student("A", "1000000007", "", "Sam", "Ok", "20150101"))),
                    k.file(lines(SERVICES_HEADER, service("A", "1000000001", "", "330"))));
            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(r.counts().errors()).isEqualTo(1);
            List<List<String>> errors = csv(attachment(r, ReportFiles.ERRORS));
            assertThat(errors.get(1).get(1)).isEqualTo("3");
            assertThat(errors.get(1).get(4)).contains("Unbalanced quotes");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void blankSsidIsMatchedByLocalIdAndMeetingDateStandsInForStart(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            String row = student("A", "", "1003", "Li", "Wu", "20150101").replace(",20240315,", ",,");
            ImportResult r = k.run(k.file(lines(STUDENTS_HEADER, row)), k.file(lines(SERVICES_HEADER,
                    service("A", "", "1003", "330"))));
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(k.rows("SELECT student_id, eligibility_start_date FROM sped_record WHERE last_import_run_id = "
                    + r.runId())).containsExactly(List.of("1003", "2024-03-01"));
            assertThat(k.one("SELECT COUNT(*) FROM sped_service WHERE student_id = 1003")).isEqualTo("1");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aDatabaseErrorDuringApplyChangesNothing(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            // the database refuses service code 777: the run fails while its services are written
            k.sql("ALTER TABLE sped_service ADD CONSTRAINT no_777 CHECK (service_code <> '777')");
            List<List<String>> before = k.snapshot();
            ImportResult r = k.run(k.file(happyStudents()), k.file(lines(SERVICES_HEADER,
                    service("A", "1000000001", "", "330"), service("A", "1000000007", "", "777"))));
            assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
            assertThat(r.status().exitCode()).isEqualTo(4);
            assertThat(r.message()).contains("database error").contains("Nothing was changed");
            assertThat(r.attachments()).isEmpty();
            assertThat(k.snapshot()).isEqualTo(before);
            assertThat(k.staged()).isZero();
            // the students files, written while the services were (the records' side), are removed with them
            for (String report : ReportFiles.ORDER) {
                assertThat(tmp.resolve("runs").resolve(Long.toString(r.runId())).resolve(report)).doesNotExist();
            }
            assertThat(k.one("SELECT status FROM import_run WHERE id = " + r.runId())).isEqualTo("FAILED");
            assertThat(k.one("SELECT message FROM import_run WHERE id = " + r.runId())).contains("database error");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aRunLeftRunningByAStoppedProcessIsMarkedFailedAndItsRowsRemoved(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            // a process died 7 hours ago in the middle of run 900 (after its services were written), and a
            // run 901 started 1 hour ago is still RUNNING (perhaps on another node): only 900 is stale
            k.sql("INSERT INTO import_run (id, trigger_name, status, started_at) VALUES (900, 'schedule', 'RUNNING', ?)",
                    java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofHours(7))));
            k.sql("INSERT INTO import_run (id, trigger_name, status, started_at) VALUES (901, 'schedule', 'RUNNING', ?)",
                    java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
            k.sql("INSERT INTO sped_service (student_id, line_number, service_code, last_import_run_id)"
                    + " VALUES (1004, 2, '330', 900)");
            k.sql("INSERT INTO sped_service (student_id, line_number, service_code, last_import_run_id)"
                    + " VALUES (1008, 3, '330', 900)");
            k.sql("INSERT INTO sped_stage_student (run_id, line_number, ssid) VALUES (900, 2, '1000000004')");
            // the unapplied rows are not current for anyone
            assertThat(k.rows("SELECT student_id, service_code FROM sped_service_current ORDER BY student_id,"
                    + " line_number")).containsExactly(List.of("1004", "415"), List.of("1007", "330"),
                    List.of("1007", "415"));

            ImportResult r = k.run(k.file(happyStudents()), k.file(happyServices()));

            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(k.rows("SELECT status, message FROM import_run WHERE id = 900").get(0)).containsExactly(
                    "FAILED", "interrupted: the process stopped during this run; nothing of it was applied");
            assertThat(k.one("SELECT finished_at FROM import_run WHERE id = 900")).isNotNull();
            assertThat(k.one("SELECT status FROM import_run WHERE id = 901")).isEqualTo("RUNNING");
            assertThat(k.one("SELECT COUNT(*) FROM sped_service WHERE last_import_run_id = 900")).isEqualTo("0");
            assertThat(k.staged()).isZero();
            assertThat(k.rows("SELECT student_id, line_number, service_code FROM sped_service ORDER BY student_id,"
                    + " line_number")).containsExactly(
                    List.of("1001", "2", "330"), List.of("1001", "3", "415"), List.of("1003", "4", "450"),
                    List.of("1004", "52", "415"), List.of("1007", "10", "999"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void currentServicesAreThoseOfTheRunThatAppliedLast(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            ImportResult first = k.run(k.file(happyStudents()), k.file(happyServices()));
            assertThat(first.status()).isEqualTo(ImportStatus.APPLIED);
            assertThat(k.one("SELECT services_run_id FROM sped_record WHERE student_id = 1001"))
                    .isEqualTo(Long.toString(first.runId()));
            assertThat(k.one("SELECT services_run_id FROM sped_record WHERE student_id = 1004")).isEqualTo("0");
            // a second pair: 1001 now has one service; 1003 is not in the students file, keeps its service
            ImportResult second = k.run(k.file(lines(STUDENTS_HEADER,
                            student("A", "1000000001", "", "Ana", "Ok", "20150101"))),
                    k.file(lines(SERVICES_HEADER, service("A", "1000000001", "", "425"))));
            assertThat(second.status()).as(second.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(k.rows("SELECT student_id, line_number, service_code, last_import_run_id FROM"
                    + " sped_service_current ORDER BY student_id, line_number")).containsExactly(
                    List.of("1001", "2", "425", Long.toString(second.runId())),
                    List.of("1003", "4", "450", Long.toString(first.runId())),
                    List.of("1004", "52", "415", "0"),
                    List.of("1007", "10", "999", Long.toString(first.runId())));
            // nothing but the current rows is left
            assertThat(k.one("SELECT COUNT(*) FROM sped_service")).isEqualTo("4");
            assertThat(k.staged()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aDatabaseErrorInTheApplyTransactionRemovesTheWrittenServices(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            // every service row is written, then the database refuses the records' disability code 240
            k.sql("ALTER TABLE sped_record ADD CONSTRAINT no_240 CHECK (disability_code <> '240')");
            List<List<String>> before = k.snapshot();
            ImportResult r = k.run(k.file(happyStudents()), k.file(happyServices()));
            assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
            assertThat(r.message()).contains("database error").contains("Nothing was changed");
            assertThat(k.snapshot()).isEqualTo(before);
            assertThat(k.one("SELECT COUNT(*) FROM sped_service WHERE last_import_run_id = " + r.runId())).isEqualTo("0");
            assertThat(k.staged()).isZero();
            // the students files (written beside the services while the records were merged) are gone too
            for (String report : ReportFiles.ORDER) {
                assertThat(tmp.resolve("runs").resolve(Long.toString(r.runId())).resolve(report)).doesNotExist();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void twoRowsMatchingTheSameStudentByDifferentKeysAreDuplicates(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            district(k);
            ImportResult r = k.run(k.file(lines(STUDENTS_HEADER,
                            student("A", "1000000001", "", "Ana", "BySsid", "20150101"),
                            student("A", "", "1001", "Ana", "ByLocalId", "20150101"),
                            student("A", "1000000004", "", "Dee", "Ok", "20150101"))),
                    k.file(lines(SERVICES_HEADER, service("A", "1000000001", "", "330"),
                            service("A", "1000000004", "", "330"))));
            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(r.counts().duplicates()).isEqualTo(2);
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(csv(attachment(r, ReportFiles.DUPLICATES))).extracting(row -> row.get(0))
                    .containsExactly("OriginalLineNumber", "2", "3");
            assertThat(csv(attachment(r, ReportFiles.SERVICES_UNMATCHED)).get(1)).containsExactly("2", "1000000001",
                    "", "330", "the student's SSID or local ID occurs more than once in the students file");
            assertThat(k.one("SELECT last_import_run_id FROM sped_record WHERE student_id = 1001")).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void recordFailureStoresAFailedRun(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            ImportResult r = k.recordFailure("schedule", "Host key mismatch for ftp.sirassystems.org", null,
                    null);
            assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
            assertThat(k.rows("SELECT status, trigger_name, message FROM import_run WHERE id = " + r.runId()).get(0))
                    .containsExactly("FAILED", "schedule", "Host key mismatch for ftp.sirassystems.org");
            assertThat(k.lastRun()).get().extracting(ImportResult::status).isEqualTo(ImportStatus.FAILED);
        }
    }
}
