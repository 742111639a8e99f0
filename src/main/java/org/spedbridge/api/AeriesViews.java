package org.spedbridge.api;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.spedbridge.roster.RosterFile;

/**
 * The objects the API answers with, as Aeries' public documentation shows them (support.aeries.com,
 * "Aeries API - School Related End Points", "Student Related End Points", "Attendance and Enrollment
 * Related End Points"): every documented property, in the documented order, with Aeries' spelling and
 * JSON type. A stored property is named here only; its column and type come from {@link RosterFile},
 * the one declaration of what the roster files may carry. A view turns a result-set row into an ordered
 * map that is written as JSON or XML with exactly those names. No value: "" (text), 0 (number),
 * false (boolean), null (date), [] (list), as Aeries answers.
 */
public final class AeriesViews {

    private AeriesViews() {
    }

    /** A property's JSON type. */
    public enum Kind { INT, TEXT, DATE, DATETIME, BOOL, DECIMAL, TEXT_LIST, OBJECT_LIST }

    /**
     * One property of an answer.
     *
     * @param name   Aeries' property name (also the XML element name)
     * @param column the result-set column it is read from; null when it is not read from a row
     * @param sql    the SELECT expression for the column ({@code {a}} = the table's alias); null = {@code {a}.column}
     * @param kind   its JSON type
     * @param items  for an OBJECT_LIST: the view of its elements
     */
    public record Property(String name, String column, String sql, Kind kind, View items) {
        public boolean stored() {
            return column != null;
        }
    }

    /** An ordered list of properties plus the SQL column list that feeds it. */
    public record View(String name, List<Property> properties) {

        /** The SELECT list for this view over a table aliased {@code alias}. */
        public String columns(String alias) {
            return properties.stream().filter(Property::stored)
                    .map(p -> p.sql() == null ? alias + "." + p.column() : p.sql().replace("{a}", alias) + " AS " + p.column())
                    .collect(Collectors.joining(", "));
        }

        public Map<String, Object> row(ResultSet rs) throws SQLException {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Property p : properties) {
                out.put(p.name(), value(rs, p));
            }
            return out;
        }

        /** The XML element of one object (Aeries' class name). */
        public String element() {
            return name;
        }
    }

    private static final DateTimeFormatter AERIES_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'00:00:00");
    private static final DateTimeFormatter AERIES_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final BigDecimal NO_DECIMAL = BigDecimal.ZERO.setScale(4);

    static Object value(ResultSet rs, Property p) throws SQLException {
        String column = p.column();
        switch (p.kind()) {
            case INT: {
                long v = rs.getLong(column);
                return rs.wasNull() ? 0 : (Object) (v == (int) v ? Integer.valueOf((int) v) : Long.valueOf(v));
            }
            case DATE:
                return date(rs.getDate(column));
            case DATETIME: {
                Timestamp t = rs.getTimestamp(column);
                return t == null ? null : t.toLocalDateTime().format(AERIES_DATE_TIME);
            }
            case BOOL:
                return rs.getBoolean(column);
            case DECIMAL: {
                BigDecimal d = rs.getBigDecimal(column);
                return d == null ? NO_DECIMAL : d.setScale(Math.max(4, d.scale()));
            }
            case TEXT_LIST:
            case OBJECT_LIST:
                return List.of(); // lists the SIS holds no data for (School.Terms)
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

    // ------------------------------------------------------------------ building views

    /**
     * A view whose entries are property names of {@code file} (their column and type from there) or
     * {@link Property} objects for what is not stored as such.
     */
    static View view(String name, RosterFile file, Object... entries) {
        List<Property> out = new ArrayList<>();
        for (Object e : entries) {
            out.add(e instanceof Property p ? p : stored(file, (String) e));
        }
        return new View(name, List.copyOf(out));
    }

    private static Property stored(RosterFile file, String property) {
        RosterFile.Column c = file.byHeader(property);
        if (c == null || !c.property().equals(property)) {
            throw new IllegalStateException(property + " is not a property of " + file.fileName());
        }
        String column = c.column() != null ? c.column() : c.spedColumn();
        return new Property(property, column, null, kind(c.type()), null);
    }

    /** A property served under another name too (Aeries spells some twice): the other one's column. */
    private static Property alias(RosterFile file, String name, String of) {
        Property p = stored(file, of);
        return new Property(name, p.column(), null, p.kind(), null);
    }

    private static Property derived(String name, String column, String sql, Kind kind) {
        return new Property(name, column, sql, kind, null);
    }

    private static Property list(String name, View items) {
        return new Property(name, null, null, items == null ? Kind.TEXT_LIST : Kind.OBJECT_LIST, items);
    }

    private static Property text(String name) {
        return new Property(name, null, null, Kind.TEXT, null);
    }

    private static Kind kind(RosterFile.Type type) {
        return switch (type) {
            case INTEGER -> Kind.INT;
            case DATE -> Kind.DATE;
            case DATETIME -> Kind.DATETIME;
            case BOOLEAN -> Kind.BOOL;
            case DECIMAL -> Kind.DECIMAL;
            case TEXT, TEXT_NOT_NULL -> Kind.TEXT;
        };
    }

    // ------------------------------------------------------------------ the views

    /** School.Terms[]: Aeries' Term object. The SIS holds no terms: every school answers []. */
    public static final View TERM = new View("Term", List.of(
            derived("FirstHalfEndDate", null, null, Kind.DATE), derived("SecondHalfStartDate", null, null, Kind.DATE),
            list("TrackTerms", null), text("TermCode"), text("TermDescription"),
            derived("StartDate", null, null, Kind.DATE), derived("EndDate", null, null, Kind.DATE)));

    public static final View SCHOOL = view("School", RosterFile.SCHOOLS,
            "RegionCode", "StateCharterNumber", "CharterStatusCode", "FederalTaxID",
            "FederalInformationProcessingStandardsCode", "QualityRatingAndImprovementSystemParticipationCode",
            "AccreditationStatusCode", "SchoolWebsite", "OrganizationCategoryCode", "SchoolCategoryCode",
            "LocalEducationAgencyTypeCode", "TitleIPartACode", "NSLPStatusCode", "NCESSchoolID", "CollegeBoardSchoolCode",
            "CampusEnrollmentTypeCode", "PreKSchoolTypeCode", "EarlyCollegeHighSchoolIndicator",
            "ScienceTechnologyEngineeringAndMathematicsIndicator", "PathwaysInTechnologyIndicator", "ShortName",
            list("Terms", TERM),
            "SchoolCode", "Name", "InactiveStatusCode", "Address", "AddressCity", "AddressState", "AddressZipCode",
            "AddressZipExt", "DoNotReport", "StateCountyID", "StateDistrictID", "StateSchoolID", "LowGradeLevel",
            "HighGradeLevel", "PrincipalName", "PrincipalEmailAddress", "AttendancePeriod", "Tracks", "ScheduleType",
            "SessionType", "AttendanceType", "AttendanceReporting", "ScheduleBasis", "PhoneNumber");

    public static final View STUDENT = view("Student", RosterFile.STUDENTS,
            "StudentID", "OldStudentID", "CorrespondenceLanguageCode", "CounselorNumber", "StudentPersonalEmailAddress",
            "SchoolCode", "StudentNumber", "StateStudentID", "LastName", "FirstName", "MiddleName", "LastNameAlias",
            "FirstNameAlias", "MiddleNameAlias", "Gender", "Grade", "GradeLevelShortDescription",
            "GradeLevelLongDescription", "Birthdate", "ParentGuardianName", "HomePhone", "StudentMobilePhone",
            "MailingAddress", "MailingAddressCity", "MailingAddressState", "MailingAddressZipCode",
            "MailingAddressZipExt", "ResidenceAddress", "ResidenceAddressCity", "ResidenceAddressState",
            "ResidenceAddressZipCode", "ResidenceAddressZipExt", "AddressVerified", "EthnicityCode", "RaceCode1",
            "RaceCode2", "RaceCode3", "RaceCode4", "RaceCode5", "UserCode1", "UserCode2", "UserCode3", "UserCode4",
            "UserCode5", "UserCode6", "UserCode7", "UserCode8", "UserCode9", "UserCode10", "UserCode11", "UserCode12",
            "UserCode13", "SchoolEnterDate", "SchoolLeaveDate", "DistrictEnterDate", "Track",
            "AttendanceProgramCodePrimary", "AttendanceProgramCodeAdditional1", "AttendanceProgramCodeAdditional2",
            "LockerNumber", "LowSchedulingPeriod", "HighSchedulingPeriod", "InactiveStatusCode", "FamilyKey",
            "LanguageFluencyCode", "HomeLanguageCode", "ParentEdLevelCode", "ParentEmailAddress", "StudentEmailAddress",
            "NetworkLoginID", "EarlyWarningPoints", "HomeRoomTeacherNumber", "NotificationPreferenceCode",
            "NextSchoolCode", "NextGrade", "NextGradeLevelShortDescription", "NextGradeLevelLongDescription",
            "RecordsReleaseCode");

    public static final View STUDENT_EXTENDED = view("StudentExtended", RosterFile.STUDENTS,
            "StudentID", "CountInCensusIndicator", "NextInterIntraDistrictTransferCode", "NextInterIntraDistrictStateCode",
            "SummerWithdrawalLeaveDate", "SummerWithdrawalNextSchool", "EndOfYearNextSchool", "ReportingSchoolCode",
            "NextAttendanceProgramCodePrimary", "NextAttendanceProgramCodeAdditional1",
            "NextAttendanceProgramCodeAdditional2", "HomeLanguageSurveyDate", "BirthdateVerificationMethodCode",
            "InitialNinthGradeEntryYear", "GraduationCohort", "SchoolCode", "StudentNumber", "StateStudentID",
            "SchoolCompletionDate", "SchoolCompletionStatusCode", "QualifiedUC", "QualifiedCSU", "CourseCompletionUC",
            "CourseCompletionCSU", "InterIntraDistrictTransferCode", "InterIntraDistrictStateCode",
            "GraduationRequirementsTrack", "SafeSchoolsActViolationDate", "SchedulingGroup", "ExpectedGraduationDate",
            "SummerWithdrawalReasonCode", "EndOfYearStatusCode", "RecordAddedDateTime", "RecordAddedSystem",
            "SchoolMobility", "DistrictMobility", "USSchoolsLessThan3Years", "USEnterDate", "USSchoolEnterDate",
            "StateSchoolEnterDate", "DateRedesignatedFluentEnglishProficient", "HomeLanguageSurveyFirstLanguageCode",
            "HomeLanguageSurveyPrimaryLanguageCode", "HomeLanguageSurveyHomeLanguageCode",
            "HomeLanguageSurveyAdultLanguageCode", "EnglishLearnerProgramCode", "EnglishLearnerServiceCode",
            "EnglishLearnerStartDate", "EnglishLearnerEndDate", "LongTermEnglishLearnerCode", "YearsAsEnglishLearner",
            "BirthCity", "BirthStateCode", "BirthCountryCode", "LastSchool", "ResidenceSchool", "NextResidenceSchool",
            "NextGrade",
            // the Student object's NextSchoolCode, spelled NextSchool in the extended object
            alias(RosterFile.STUDENTS, "NextSchool", "NextSchoolCode"));

    /**
     * Contact. SchoolCode: the contacts file's SchoolCode, else the school of the student's record
     * that the query joins as {@code s} (Aeries reads it from the student, STU.SC).
     */
    public static final View CONTACT = view("Contact", RosterFile.CONTACTS,
            "StudentID", "AdministrativeLockCode", "EnrolledTheStudentIndicator", "Birthdate", "Occupation",
            "TuberculosisTestStatusCode", "TuberculosisTestExpirationDate", "FingerprintStatusCode", "FingerprintDate",
            "UserCode1", "UserCode2", "UserCode3", "UserCode4", "UserCode5", "UserCode6", "UserCode7", "UserCode8",
            "PortalAccountID", "MiscCode", "MailTagCode", "AddressTypeCode", "AdditionalCommunicationTypeCode1",
            "AdditionalCommunicationTypeCode2", "AdditionalCommunicationTypeCode3", "AdditionalCommunicationTypeCode4",
            "AdditionalCommunicationDetail1", "AdditionalCommunicationDetail2", "AdditionalCommunicationDetail3",
            "AdditionalCommunicationDetail4", "AddressVerificationDate", "RecordAddedDate", "MilitaryUserFieldCode1",
            "MilitaryUserFieldCode2", "MilitaryUserFieldCode3", "MilitaryUserFieldCode4", "MilitaryUserFieldCode5",
            "PrimaryContact1Field", "PrimaryContact2Field", "PrimaryContact1Description", "PrimaryContact2Description",
            "EducationalRightsHolder", "AttendanceNotification", "PrimaryContact",
            derived("SchoolCode", "school_code", "COALESCE({a}.school_code, s.school_code)", Kind.INT),
            "SequenceNumber", "MailingName", "NamePrefix", "FirstName", "LastName", "MiddleName", "NameSuffix",
            "Address", "AddressCity", "AddressState", "AddressZipCode", "AddressZipExt", "RelationshipToStudentCode",
            "LivesWithStudentIndicator", "RedFlag", "HomePhone", "WorkPhone", "WorkPhoneExt", "CellPhone", "Pager",
            "EmailAddress", "AccessToPortal", "ContactOrder", "CorrespondenceLanguageCode",
            // the spelling of Aeries' earlier API versions, which public clients still read (issue 9)
            alias(RosterFile.CONTACTS, "CorrespondanceLanguageCode", "CorrespondenceLanguageCode"),
            "EmployerName", "EmployerLocation", "MilitaryBranchCode", "MilitaryRankCode", "MilitarySupervisorName",
            "MilitarySupervisorPhone", "MilitaryStatusCode", "NotificationPreferenceCode", "Comments");

    public static final View ENROLLMENT = view("Enrollment", RosterFile.ENROLLMENT,
            "StudentID", "InterIntraDistrictStateCode", "NonpublicSchoolStateCode", "NextSchoolCode",
            "ReportingSchoolCode", "SchoolCode", "StudentNumber", "AcademicYear", "Track", "AttendanceProgramCode",
            "AttendanceProgramCodeAdditional1", "AttendanceProgramCodeAdditional2", "Grade", "ElementaryTeacherNumber",
            "ElementaryTeacherName", "EnterDate", "LeaveDate", "ExitReasonCode", "InterIntraDistrictTransferCode");

    /** Program.ExtendedProperties[]: {Name, Value}. */
    public static final View EXTENDED_PROPERTY = new View("ExtendedProperty", List.of(text("Name"), text("Value")));

    /** Program rows: the union query in {@link AeriesApi#programs} yields these columns for both sources. */
    public static final View PROGRAM = view("Program", RosterFile.PROGRAMS,
            list("ExtendedProperties", EXTENDED_PROPERTY), "StudentID", "ProgramCode", "ProgramDescription",
            "EligibilityStartDate", "EligibilityEndDate", "ParticipationStartDate", "ParticipationEndDate");

    /** ExtendedProperties of the special-education rows (144, 144x), in this order. */
    public static final List<Property> SPED_EXTENDED = List.of(
            stored(RosterFile.PROGRAMS, "DisabilityCode"),
            alias(RosterFile.PROGRAMS, "DisabilityCodeDescription", "DisabilityCode"),
            stored(RosterFile.PROGRAMS, "DisabilityCode2"),
            alias(RosterFile.PROGRAMS, "DisabilityCode2Description", "DisabilityCode2"),
            stored(RosterFile.PROGRAMS, "ParentalConsentDate"),
            stored(RosterFile.PROGRAMS, "ResidenceStatusCode"));

    public static final View CODE = view("Code", RosterFile.CODES,
            "Table", "Field", "Code", "Description", "Category", "SortOrder", "Status", "AeriesCode", "NumericValue",
            "CorrespondenceLanguageCode1", "DescriptionForLanguage1", "CorrespondenceLanguageCode2",
            "DescriptionForLanguage2", "CorrespondenceLanguageCode3", "DescriptionForLanguage3",
            "CorrespondenceLanguageCode4", "DescriptionForLanguage4", "CorrespondenceLanguageCode5",
            "DescriptionForLanguage5", "CorrespondenceLanguageCode6", "DescriptionForLanguage6");

    public static final View STUDENT_CHANGE = view("StudentDataChange", RosterFile.STUDENTS,
            "StudentID", "SchoolCode", "StudentNumber");

    /** Aeries' installation information (not read from a table). */
    public static final View SYSTEM_INFO = new View("SystemInfo", List.of(text("AeriesVersion"), text("DatabaseYear"),
            list("AvailableDatabaseYears", null), text("LocalTimeZoneName"), text("CurrentDateTime")));

    /** Every object the API answers with, nested ones included (for the OpenAPI schemas). */
    public static final List<View> ALL = List.of(SYSTEM_INFO, SCHOOL, TERM, STUDENT, STUDENT_EXTENDED, CONTACT,
            PROGRAM, EXTENDED_PROPERTY, ENROLLMENT, CODE, STUDENT_CHANGE);

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

    /** A program row; for 144/144x rows the special-education extended properties are filled in. */
    public static Map<String, Object> program(ResultSet rs) throws SQLException {
        Map<String, Object> out = PROGRAM.row(rs);
        List<Map<String, Object>> ext = new ArrayList<>();
        if (rs.getInt("from_sped") == 1) {
            for (Property p : SPED_EXTENDED) {
                Object v = value(rs, p);
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
