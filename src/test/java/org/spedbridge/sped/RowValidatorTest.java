package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows checked against the layouts: errors in field order, warnings, ignored rows, derived values. */
class RowValidatorTest {

    @TempDir
    Path tmp;

    private List<RowValidator.Verdict> check(SirasLayout layout, String... lines) throws Exception {
        Path file = tmp.resolve(layout.file().key() + ".csv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        List<RowValidator.Verdict> out = new ArrayList<>();
        try (SpedCsvReader reader = SpedCsvReader.open(file, "f.csv", layout.file(), FileFacts.scan(file),
                HeaderAliases.load(null))) {
            RowValidator validator = RowValidator.of(layout, reader);
            SpedCsvReader.Row row;
            while ((row = reader.next()) != null) {
                out.add(validator.check(row));
            }
        }
        return out;
    }

    @Test
    void studentsRowsErrorsInFieldOrderWarningsAndTheEligibilityStart() throws Exception {
        List<RowValidator.Verdict> v = check(SirasLayout.STUDENTS,
                "RECORD_TYPE,TRANS_TYPE,SSID,LOCAL_ID,FIRST_NAME,BIRTHDATE,PLAN_TYPE,MEETING_DATE,DISABILITY1",
                "XX,A,12345,,Ann,2015-02-30,100,2024-02-30,240",
                "XX,,1000000001,1001,Ann,20150101,777,20240301,999",
                "SPED,D,1000000002,,Bo,20150101,100,,240",
                "SPED,a,,,Cy,20150101,100,20240301,240");
        assertThat(v.get(0).accepted()).isFalse();
        assertThat(v.get(0).rejectedAs()).isEqualTo(Issue.Kind.ERROR);
        // the birth date is only read (a warning), the meeting date is stored (an error); a refused row lists its errors
        assertThat(v.get(0).reason()).isEqualTo("SSID '12345' is not 10 digits; meeting_date '2024-02-30' is not a"
                + " date (CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY)");
        assertThat(v.get(0).ssid()).isEqualTo("12345");
        assertThat(v.get(0).warnings()).isEmpty();

        assertThat(v.get(1).accepted()).isTrue();
        assertThat(v.get(1).warnings()).containsExactly("Record Type Code 'XX' is not SPED; the row is read as SPED.",
                "Unknown plan type code '777' (plan_type_code); imported as given.",
                "Unknown disability code '999' (disability_code); imported as given.");
        RowValues row = v.get(1).values();
        assertThat(row.text(SirasLayout.STUDENTS.field("first_name"))).isEqualTo("Ann");
        assertThat(row.value(SirasLayout.STUDENTS.field("birthdate"))).isEqualTo(LocalDate.of(2015, 1, 1));
        SirasLayout.Table staging = SirasLayout.STUDENTS.stagingTable(List.of());
        Object[] staged = staging.row(row);
        List<String> names = staging.fields().stream().map(SirasLayout.Column::name).toList();
        assertThat(staged[names.indexOf("birthdate")]).isEqualTo("2015-01-01");
        assertThat(staged[names.indexOf("local_id_num")]).isEqualTo(1001);
        assertThat(staged[names.indexOf("eligibility_start_date")]).as("777 is no service plan").isNull();

        assertThat(v.get(2).rejectedAs()).isEqualTo(Issue.Kind.IGNORED);
        assertThat(v.get(2).reason()).isEqualTo("Transaction Type 'D' is not applied (only A or blank)");

        assertThat(v.get(3).reason()).isEqualTo("both SSID and Local Student ID are missing");
    }

    @Test
    void servicesRowsRulesBetweenFields() throws Exception {
        List<RowValidator.Verdict> v = check(SirasLayout.SERVICES,
                "SSID,TRANS_TYPE,SERVICE_CODE,PROVIDER,FREQUENCY,DURATION,NPA",
                "1000000001,R,330,400,2,5,",
                "1000000001,A,,100,,,",
                "1000000001,,330,100,,,",
                "1000000001,A,999,100,2,45,");
        assertThat(v.get(0).reason()).isEqualTo("duration_minutes must be at least 10 when a frequency is given (it is 5);"
                + " the Nonpublic Agency Identifier is required when the provider code is 400");
        assertThat(v.get(1).reason()).isEqualTo("the service code is missing");
        assertThat(v.get(2).rejectedAs()).isEqualTo(Issue.Kind.IGNORED);
        assertThat(v.get(2).reason()).isEqualTo("Transaction Type '' is not applied (only A or R)");
        assertThat(v.get(3).accepted()).isTrue();
        assertThat(v.get(3).warnings()).containsExactly("Unknown service code '999'; imported as given.");
        assertThat(v.get(3).values().value(SirasLayout.SERVICES.field("duration_minutes"))).isEqualTo(45);
    }

    @Test
    void aProblemInAFieldTheSisOnlyReadsIsAWarningAndTheRowIsAccepted() throws Exception {
        String longName = "Maximiliana-Alexandra Konstantina"; // 33
        List<RowValidator.Verdict> v = check(SirasLayout.STUDENTS,
                "SSID,FIRST_NAME,LAST_NAME,BIRTHDATE,GENDER,GRADE,PLAN_TYPE",
                "1000000001," + longName + ",Ok,20150101,F,-1,100",
                "1000000002,=B0b<,\"O\"\"Neil, Jr.\",20150101,M,5,100",
                "1000000003,Ann\u0007e,Núñez-D'Arcy St. Jean,2015-02-30,Q,TK12,100",
                "1000000004,José,Nguyễn,20150101,Male,KN,100");
        assertThat(v).allSatisfy(x -> assertThat(x.accepted()).isTrue());
        Field first = SirasLayout.STUDENTS.field("first_name");

        assertThat(v.get(0).warnings()).containsExactly("first_name is longer than 30 characters (33); the report shows"
                + " its first 30; the row is imported (the SIS does not store first_name)");
        assertThat(v.get(0).values().text(first)).isEqualTo(longName.substring(0, 30));

        assertThat(v.get(1).warnings()).containsExactly(
                "first_name has characters other than letters, spaces, apostrophes, hyphens and periods: '=' '0' '<';"
                        + " the row is imported (the SIS does not store first_name)",
                "last_name has characters other than letters, spaces, apostrophes, hyphens and periods: '\"' ',';"
                        + " the row is imported (the SIS does not store last_name)");
        assertThat(v.get(1).values().text(first)).isEqualTo("=B0b<");

        assertThat(v.get(2).warnings()).containsExactly(
                "first_name has characters other than letters, spaces, apostrophes, hyphens and periods: U+0007;"
                        + " the row is imported (the SIS does not store first_name)",
                "birthdate '2015-02-30' is not a date (CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY); the row is imported"
                        + " (the SIS does not store birthdate)",
                "Unknown gender code 'Q' (gender); the row is imported (the SIS does not store gender)",
                "grade is longer than 3 characters (4); the report shows its first 3; the row is imported (the SIS"
                        + " does not store grade)");
        assertThat(v.get(2).values().text(first)).as("a control character is not staged").isEqualTo("Ann\uFFFDe");
        assertThat(v.get(2).values().value(SirasLayout.STUDENTS.field("birthdate"))).isNull();

        assertThat(v.get(3).warnings()).containsExactly("gender is longer than 1 characters (4); the report shows its"
                + " first 1; the row is imported (the SIS does not store gender)");
        assertThat(v.get(0).ssid()).isEqualTo("1000000001");
    }

    @Test
    void aProblemInAStoredFieldOrAKeyRefusesTheRowAndAnOverLongValueNamesTheColumnAndItsLimit() throws Exception {
        List<RowValidator.Verdict> a = check(SirasLayout.STUDENTS,
                "SSID,LOCAL_ID,FIRST_NAME,SCHOOL_CODE,EVAL_ID",
                "1000000001,,Ann,19642120,E1",
                "1000000002,,Ann,1964212,E\u00001",
                ",12345678901234567,Ann,1964212,E1");
        assertThat(a).allSatisfy(x -> assertThat(x.rejectedAs()).isEqualTo(Issue.Kind.ERROR));
        assertThat(a.get(0).reason()).isEqualTo("school_of_attendance is longer than 7 characters (8): column"
                + " school_of_attendance holds at most 7");
        assertThat(a.get(1).reason()).isEqualTo("evaluation_id has characters other than printable characters: U+0000");
        assertThat(a.get(2).reason()).isEqualTo("local_student_id is longer than 16 characters (17)");

        List<RowValidator.Verdict> b = check(SirasLayout.SERVICES,
                "SSID,SERVICE_CODE,NPA,FIRST_NAME",
                "1000000001,330,NPA-0123456789-0123456,=x",
                "1000000001,330000,,Ann",
                "1000000001,330,,=x\u0007 " + "y".repeat(60));
        assertThat(b.get(0).reason()).isEqualTo("nonpublic_agency_id is longer than 20 characters (22): column"
                + " nonpublic_agency_id holds at most 20");
        assertThat(b.get(1).reason()).isEqualTo("service_code is longer than 5 characters (6): column service_code holds"
                + " at most 5");
        assertThat(b.get(2).accepted()).isTrue();
        assertThat(b.get(2).warnings()).as("the services file's names are not read").isEmpty();
    }
}
