package org.spedbridge.api;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place that maps database columns to Aeries v5 property names and JSON types.
 * A view turns a result-set row into an ordered map that Jackson writes with the exact names.
 * Types: INT (JSON number; NULL -> 0 as Aeries does), TEXT (JSON string; NULL -> ""),
 * DATE ("yyyy-MM-ddT00:00:00" or null).
 */
public final class AeriesViews {

    private AeriesViews() {
    }

    public enum Type { INT, TEXT, DATE }

    /** One property: its Aeries name, the column it comes from, its JSON type. */
    public record Property(String name, String column, Type type) {
    }

    /** An ordered list of properties plus the SQL column list that feeds it. */
    public record View(String name, List<Property> properties) {
        public String columns(String alias) {
            return properties.stream().map(p -> alias + "." + p.column()).collect(Collectors.joining(", "));
        }

        public Map<String, Object> row(ResultSet rs) throws SQLException {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Property p : properties) {
                out.put(p.name(), value(rs, p.column(), p.type()));
            }
            return out;
        }
    }

    private static final DateTimeFormatter AERIES_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'00:00:00");

    static Object value(ResultSet rs, String column, Type type) throws SQLException {
        switch (type) {
            case INT: {
                long v = rs.getLong(column);
                return rs.wasNull() ? 0 : (Object) (v == (int) v ? Integer.valueOf((int) v) : Long.valueOf(v));
            }
            case DATE:
                return date(rs.getDate(column));
            default: {
                String s = rs.getString(column);
                return s == null ? "" : s;
            }
        }
    }

    /** Aeries' date string, or null. */
    public static String date(Date d) {
        return d == null ? null : d.toLocalDate().format(AERIES_DATE);
    }

    private static Property i(String name, String column) {
        return new Property(name, column, Type.INT);
    }

    private static Property s(String name, String column) {
        return new Property(name, column, Type.TEXT);
    }

    private static Property d(String name, String column) {
        return new Property(name, column, Type.DATE);
    }

    public static final View SCHOOL = new View("School", List.of(
            i("SchoolCode", "school_code"),
            s("Name", "name"),
            s("InactiveStatusCode", "inactive_status_code"),
            s("Address", "address"),
            s("AddressCity", "address_city"),
            s("AddressState", "address_state"),
            s("AddressZipCode", "address_zip_code"),
            s("PhoneNumber", "phone_number"),
            s("StateCountyID", "state_county_id"),
            s("StateDistrictID", "state_district_id"),
            s("StateSchoolID", "state_school_id"),
            i("LowGradeLevel", "low_grade_level"),
            i("HighGradeLevel", "high_grade_level"),
            s("PrincipalName", "principal_name"),
            s("PrincipalEmailAddress", "principal_email_address")));

    public static final View STUDENT = new View("Student", List.of(
            i("StudentID", "student_id"),
            i("SchoolCode", "school_code"),
            i("StudentNumber", "student_number"),
            s("StateStudentID", "state_student_id"),
            s("LastName", "last_name"),
            s("FirstName", "first_name"),
            s("MiddleName", "middle_name"),
            s("LastNameAlias", "last_name_alias"),
            s("FirstNameAlias", "first_name_alias"),
            s("MiddleNameAlias", "middle_name_alias"),
            s("Gender", "gender"),
            i("Grade", "grade"),
            d("Birthdate", "birthdate"),
            s("ParentGuardianName", "parent_guardian_name"),
            s("HomePhone", "home_phone"),
            s("MailingAddress", "mailing_address"),
            s("MailingAddressCity", "mailing_address_city"),
            s("MailingAddressState", "mailing_address_state"),
            s("MailingAddressZipCode", "mailing_address_zip_code"),
            s("ResidenceAddress", "residence_address"),
            s("ResidenceAddressCity", "residence_address_city"),
            s("ResidenceAddressState", "residence_address_state"),
            s("ResidenceAddressZipCode", "residence_address_zip_code"),
            s("EthnicityCode", "ethnicity_code"),
            s("RaceCode1", "race_code1"),
            s("RaceCode2", "race_code2"),
            s("RaceCode3", "race_code3"),
            s("RaceCode4", "race_code4"),
            s("RaceCode5", "race_code5"),
            d("SchoolEnterDate", "school_enter_date"),
            d("SchoolLeaveDate", "school_leave_date"),
            d("DistrictEnterDate", "district_enter_date"),
            s("Track", "track"),
            s("InactiveStatusCode", "inactive_status_code"),
            s("LanguageFluencyCode", "language_fluency_code"),
            s("HomeLanguageCode", "home_language_code"),
            s("CorrespondenceLanguageCode", "correspondence_language_code"),
            s("ParentEdLevelCode", "parent_ed_level_code"),
            s("StudentEmailAddress", "student_email_address"),
            i("NextSchoolCode", "next_school_code"),
            i("NextGrade", "next_grade")));

    public static final View STUDENT_EXTENDED = new View("StudentExtended", List.of(
            i("StudentID", "student_id"),
            i("SchoolCode", "school_code"),
            d("DateRedesignatedFluentEnglishProficient", "date_redesignated_fluent_english_proficient"),
            d("EnglishLearnerStartDate", "english_learner_start_date"),
            d("EnglishLearnerEndDate", "english_learner_end_date"),
            s("InterIntraDistrictTransferCode", "inter_intra_district_transfer_code"),
            s("InterIntraDistrictStateCode", "inter_intra_district_state_code"),
            i("ReportingSchoolCode", "reporting_school_code"),
            i("ResidenceSchool", "residence_school"),
            i("NextResidenceSchool", "next_residence_school"),
            i("EndOfYearNextSchool", "end_of_year_next_school")));

    public static final View CONTACT = new View("Contact", List.of(
            i("StudentID", "student_id"),
            i("SchoolCode", "school_code"),
            i("SequenceNumber", "sequence_number"),
            i("ContactOrder", "contact_order"),
            s("MailingName", "mailing_name"),
            s("FirstName", "first_name"),
            s("MiddleName", "middle_name"),
            s("LastName", "last_name"),
            s("Address", "address"),
            s("AddressCity", "address_city"),
            s("AddressState", "address_state"),
            s("AddressZipCode", "address_zip_code"),
            s("RelationshipToStudentCode", "relationship_to_student_code"),
            s("LivesWithStudentIndicator", "lives_with_student_indicator"),
            s("EducationalRightsHolder", "educational_rights_holder"),
            s("PrimaryContact", "primary_contact"),
            s("MiscCode", "misc_code"),
            s("HomePhone", "home_phone"),
            s("WorkPhone", "work_phone"),
            s("CellPhone", "cell_phone"),
            s("EmailAddress", "email_address"),
            s("CorrespondenceLanguageCode", "correspondence_language_code")));

    public static final View ENROLLMENT = new View("Enrollment", List.of(
            i("StudentID", "student_id"),
            i("SchoolCode", "school_code"),
            i("StudentNumber", "student_number"),
            s("AcademicYear", "academic_year"),
            d("EnterDate", "enter_date"),
            d("LeaveDate", "leave_date"),
            s("ExitReasonCode", "exit_reason_code"),
            i("Grade", "grade"),
            s("Track", "track"),
            s("AttendanceProgramCode", "attendance_program_code"),
            s("InterIntraDistrictTransferCode", "inter_intra_district_transfer_code")));

    /** Program rows: the union query in {@link ApiQueries} yields these columns for both sources. */
    public static final View PROGRAM = new View("Program", List.of(
            i("StudentID", "student_id"),
            s("ProgramCode", "program_code"),
            s("ProgramDescription", "program_description"),
            d("EligibilityStartDate", "eligibility_start_date"),
            d("EligibilityEndDate", "eligibility_end_date"),
            d("ParticipationStartDate", "participation_start_date"),
            d("ParticipationEndDate", "participation_end_date")));

    /** ExtendedProperties of the special-education rows (144, 144x), in this order. */
    public static final List<Property> SPED_EXTENDED = List.of(
            s("DisabilityCode", "disability_code"),
            s("DisabilityCodeDescription", "disability_code"),
            s("DisabilityCode2", "disability_code2"),
            s("DisabilityCode2Description", "disability_code2"),
            d("ParentalConsentDate", "parental_consent_date"),
            s("ResidenceStatusCode", "residence_status_code"));

    public static final View CODE = new View("Code", List.of(
            s("Table", "table_name"),
            s("Field", "field_name"),
            s("Code", "code"),
            s("Description", "description"),
            s("Status", "status")));

    public static final View STUDENT_CHANGE = new View("StudentDataChange", List.of(
            i("StudentID", "student_id"),
            i("SchoolCode", "school_code"),
            i("StudentNumber", "student_number")));

    /** CALPADS disability codes (specs/sped-files.md) -> the description served with program 144. */
    public static final Map<String, String> DISABILITIES = Map.ofEntries(
            Map.entry("210", "Intellectual Disability"),
            Map.entry("220", "Hard of Hearing"),
            Map.entry("230", "Deafness"),
            Map.entry("240", "Speech or Language Impairment"),
            Map.entry("250", "Visual Impairment"),
            Map.entry("260", "Emotional Disturbance"),
            Map.entry("270", "Orthopedic Impairment"),
            Map.entry("280", "Other Health Impairment"),
            Map.entry("281", "Established Medical Disability"),
            Map.entry("290", "Specific Learning Disability"),
            Map.entry("300", "Deaf-Blindness"),
            Map.entry("310", "Multiple Disability"),
            Map.entry("320", "Autism"),
            Map.entry("330", "Traumatic Brain Injury"));

    public static final String SPED_CODE = "144";
    public static final String EVALUATING_CODE = "144x";
    public static final String SPED_DESCRIPTION = "Special Education";
    public static final String EVALUATING_DESCRIPTION = "Evaluating for Special Education Services";

    /** A program row; for 144/144x rows the special-education extended properties are added. */
    public static Map<String, Object> program(ResultSet rs) throws SQLException {
        Map<String, Object> out = PROGRAM.row(rs);
        List<Map<String, Object>> ext = new java.util.ArrayList<>();
        if (rs.getInt("from_sped") == 1) {
            for (Property p : SPED_EXTENDED) {
                Object v = value(rs, p.column(), p.type());
                if (p.name().endsWith("Description")) {
                    v = DISABILITIES.getOrDefault((String) v, "");
                }
                Map<String, Object> nv = new LinkedHashMap<>();
                nv.put("Name", p.name());
                nv.put("Value", v);
                ext.add(nv);
            }
        }
        out.put("ExtendedProperties", ext);
        return out;
    }
}
