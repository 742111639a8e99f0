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
                "XX,A,12345,,Ann,2015-02-30,100,20240301,240",
                "XX,,1000000001,1001,Ann,20150101,777,20240301,999",
                "SPED,D,1000000002,,Bo,20150101,100,,240",
                "SPED,a,,,Cy,20150101,100,20240301,240");
        assertThat(v.get(0).accepted()).isFalse();
        assertThat(v.get(0).rejectedAs()).isEqualTo(Issue.Kind.ERROR);
        assertThat(v.get(0).reason()).isEqualTo("SSID '12345' is not 10 digits; birthdate '2015-02-30' is not a date"
                + " (CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY)");
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
}
