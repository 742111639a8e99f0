package org.spedbridge.sped;

import static org.spedbridge.sped.BulkInsert.Column.bigint;
import static org.spedbridge.sped.BulkInsert.Column.date;
import static org.spedbridge.sped.BulkInsert.Column.integer;
import static org.spedbridge.sped.BulkInsert.Column.text;

import java.util.List;

/** The staging table of migration V2, sped_service (V8) and import_issue, as the bulk inserts fill them. */
public final class StagingTables {

    private StagingTables() {
    }

    public static final String STUDENT_TABLE = "sped_stage_student";
    /** Services go straight into sped_service, tagged with the run (invisible until the run applies). */
    public static final String SERVICE_TABLE = "sped_service";
    public static final String ISSUE_TABLE = "import_issue";
    public static final String MATCH_TABLE = "sped_stage_match";

    /** The outcome of each accepted students-file row: MATCHED, UNMATCHED or DUPLICATE. */
    public static final List<BulkInsert.Column> MATCH_COLUMNS = List.of(
            bigint("run_id"), integer("line_number"), integer("student_id"), text("outcome"));

    /** run_id, line_number, then the values of {@link RowValidator#student}. */
    public static final List<BulkInsert.Column> STUDENT_COLUMNS = List.of(
            bigint("run_id"), integer("line_number"),
            text("ssid"), text("local_id"), integer("local_id_num"), text("first_name"), text("last_name"),
            text("birthdate"), text("grade"),
            text("school_of_attendance"), text("reporting_lea"), text("reporting_selpa"),
            text("district_of_accountability"), text("academic_year_id"), text("local_record_id"),
            text("local_sped_student_id"),
            date("referral_date"), text("referring_party_code"), date("parental_consent_date"),
            text("meeting_type_code"), date("meeting_date"), text("evaluation_id"), text("evaluation_delay_code"),
            text("plan_type_code"), date("plan_amendment_date"), text("residence_status_code"),
            date("eligibility_start_date"), date("eligibility_end_date"), text("disability_code"),
            text("disability_code2"), text("program_setting_code"), text("exit_reason_code"),
            text("special_transportation"));

    /** The sped_service row of an imported service, see {@link #serviceRow}. */
    public static final List<BulkInsert.Column> SERVICE_COLUMNS = List.of(
            integer("student_id"), integer("line_number"), text("state_student_id"), text("evaluation_id"),
            text("service_code"), text("provider_code"), text("location_code"), text("frequency_code"),
            integer("duration_minutes"), text("nonpublic_agency_id"), date("start_date"), date("end_date"),
            bigint("last_import_run_id"));

    /** The values of {@link #SERVICE_COLUMNS} from a run, a line and the values of {@link RowValidator#service}. */
    static Object[] serviceRow(long runId, int studentId, int line, Object[] v) {
        // v: ssid, local_id, evaluation_id, service_code, provider_code, location_code, frequency_code,
        //    duration_minutes, nonpublic_agency_id, start_date, end_date
        return new Object[] {studentId, line, v[0], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], runId};
    }

    public static final List<BulkInsert.Column> ISSUE_COLUMNS = List.of(
            bigint("run_id"), integer("seq"), text("file_name"), integer("line_number"), text("ssid"),
            text("kind"), text("reason"));

    /** The sped_record columns the import writes, each from the staging column of the same name. */
    public static final List<String> RECORD_FIELDS = List.of(
            "school_of_attendance", "reporting_lea", "reporting_selpa", "district_of_accountability",
            "academic_year_id", "local_record_id", "local_sped_student_id", "referral_date",
            "referring_party_code", "parental_consent_date", "meeting_type_code", "meeting_date", "evaluation_id",
            "evaluation_delay_code", "plan_type_code", "plan_amendment_date", "residence_status_code",
            "eligibility_start_date", "eligibility_end_date", "disability_code", "disability_code2",
            "program_setting_code", "exit_reason_code", "special_transportation");
}
