package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;

/** The layouts are the one place for the SIRAS fields: their tables exist as the migrations made them. */
class SirasLayoutTest {

    private static Set<String> columns(DatabaseMetaData meta, String table) throws Exception {
        Set<String> names = new HashSet<>();
        for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getColumns(null, null, t, null)) {
                while (rs.next()) {
                    names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyStagedAndStoredColumnExistsInTheSchema(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(Settings.load(null, Map.of(), TestDatabases.fresh(kind)));
             Connection c = db.connection()) {
            DatabaseMetaData meta = c.getMetaData();
            Set<String> staging = columns(meta, SirasLayout.STUDENTS.stagingTableName());
            Set<String> records = columns(meta, "sped_record");
            Set<String> services = columns(meta, "sped_service");
            assertThat(staging).isNotEmpty();
            assertThat(SirasLayout.STUDENTS.stagingTable(List.of()).fields())
                    .allSatisfy(col -> assertThat(staging).as("sped_stage_student").contains(col.name()));
            assertThat(SirasLayout.STUDENTS.storedColumns()).allSatisfy(col -> {
                assertThat(records).as("sped_record").contains(col.name());
                assertThat(staging).as("merged from sped_stage_student").contains(col.from());
            });
            assertThat(SirasLayout.SERVICES.storedColumns())
                    .allSatisfy(col -> assertThat(services).as("sped_service").contains(col.name()));
        }
    }

    /** The width of a text column, by table and column name (lower case). */
    private static Map<String, Integer> widths(DatabaseMetaData meta, String table) throws Exception {
        Map<String, Integer> widths = new java.util.HashMap<>();
        for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getColumns(null, null, t, null)) {
                while (rs.next()) {
                    widths.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getInt("COLUMN_SIZE"));
                }
            }
        }
        return widths;
    }

    /**
     * Over-long values are never cut: the layout's limit for a stored text is its column's width (a longer value
     * is refused by the row check, naming the column and the limit), and every staging column holds what the
     * layout lets through.
     */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyTextLimitIsTheWidthOfItsColumn(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(Settings.load(null, Map.of(), TestDatabases.fresh(kind)));
             Connection c = db.connection()) {
            DatabaseMetaData meta = c.getMetaData();
            Map<String, Integer> staging = widths(meta, SirasLayout.STUDENTS.stagingTableName());
            Map<String, Map<String, Integer>> stored = Map.of("students", widths(meta, "sped_record"),
                    "services", widths(meta, "sped_service"));
            int checked = 0;
            for (SirasLayout layout : List.of(SirasLayout.STUDENTS, SirasLayout.SERVICES)) {
                for (Field f : layout.fields()) {
                    if (f.kind() != Field.Kind.TEXT && f.kind() != Field.Kind.SSID) {
                        continue;
                    }
                    if (f.stored() != null) {
                        assertThat(stored.get(layout.file().key()).get(f.stored())).as(f.stored())
                                .isEqualTo(f.maxLength());
                        checked++;
                    }
                    if (layout == SirasLayout.STUDENTS && f.staged() != null) {
                        assertThat(staging.get(f.staged())).as("sped_stage_student." + f.staged())
                                .isGreaterThanOrEqualTo(f.maxLength());
                    }
                }
            }
            assertThat(checked).as("stored text fields").isEqualTo(26);
        }
    }

    @Test
    void theStudentsStoredColumnsAreTheRecordsTheImportHasAlwaysWritten() {
        assertThat(SirasLayout.STUDENTS.storedColumns()).extracting(SirasLayout.Column::name)
                .containsExactlyInAnyOrder("state_student_id", "school_of_attendance", "reporting_lea",
                        "reporting_selpa", "district_of_accountability", "academic_year_id", "local_record_id",
                        "local_sped_student_id", "referral_date", "referring_party_code", "parental_consent_date",
                        "meeting_type_code", "meeting_date", "evaluation_id", "evaluation_delay_code",
                        "plan_type_code", "plan_amendment_date", "residence_status_code", "eligibility_start_date",
                        "eligibility_end_date", "disability_code", "disability_code2", "program_setting_code",
                        "exit_reason_code", "special_transportation");
        // a blank SSID in the file keeps the one on the record
        assertThat(SirasLayout.STUDENTS.storedColumns()).filteredOn(SirasLayout.Column::keepOld)
                .extracting(SirasLayout.Column::name).containsExactly("state_student_id");
        assertThat(SirasLayout.SERVICES.storedColumns()).extracting(SirasLayout.Column::name).containsExactly(
                "state_student_id", "evaluation_id", "service_code", "provider_code", "location_code",
                "frequency_code", "duration_minutes", "nonpublic_agency_id", "start_date", "end_date");
    }

    @Test
    void everyFieldTheBuiltInAliasesNameIsDeclared() {
        HeaderAliases aliases = HeaderAliases.load(null);
        for (SirasLayout layout : List.of(SirasLayout.STUDENTS, SirasLayout.SERVICES)) {
            for (String field : aliases.fields(layout.file())) {
                if (!field.equals(HeaderAliases.UNUSED)) {
                    assertThat(layout.field(field).name()).as(layout.file().key()).isEqualTo(field);
                }
            }
        }
    }

    @Test
    void anUnknownFieldIsAClearError() {
        assertThatThrownBy(() -> SirasLayout.SERVICES.field("first_nmae"))
                .hasMessageContaining("services file has no field first_nmae");
    }

    @Test
    void localIdsUpToNineDigitsAreStudentIds() {
        assertThat(SirasLayout.localIdNumber("1003")).isEqualTo(1003);
        assertThat(SirasLayout.localIdNumber("123456789")).isEqualTo(123456789);
        assertThat(SirasLayout.localIdNumber("1234567890")).isNull();
        assertThat(SirasLayout.localIdNumber("A1003")).isNull();
        assertThat(SirasLayout.localIdNumber(null)).isNull();
    }
}
