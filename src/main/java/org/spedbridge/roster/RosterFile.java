package org.spedbridge.roster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * THE one place that says what each roster extract file holds: its file name, the table it loads,
 * its key, and for every Aeries v5 property name (the CSV header) the database column, type and
 * maximum length. Enum order is the load order (dependencies first).
 */
public enum RosterFile {

    CODES("codes.csv", "code", false,
            key("Table", "table_name", Type.TEXT, 10),
            key("Field", "field_name", Type.TEXT, 20),
            key("Code", "code", Type.TEXT, 10),
            col("Description", "description", Type.TEXT_NOT_NULL, 200),
            col("Status", "status", Type.TEXT_NOT_NULL, 1),
            // the rest of Aeries' code set object (V13)
            col("Category", Type.TEXT, 10),
            col("SortOrder", Type.INTEGER),
            col("AeriesCode", Type.TEXT, 10),
            col("NumericValue", Type.DECIMAL),
            col("CorrespondenceLanguageCode1", Type.TEXT, 2),
            col("DescriptionForLanguage1", Type.TEXT, 200),
            col("CorrespondenceLanguageCode2", Type.TEXT, 2),
            col("DescriptionForLanguage2", Type.TEXT, 200),
            col("CorrespondenceLanguageCode3", Type.TEXT, 2),
            col("DescriptionForLanguage3", Type.TEXT, 200),
            col("CorrespondenceLanguageCode4", Type.TEXT, 2),
            col("DescriptionForLanguage4", Type.TEXT, 200),
            col("CorrespondenceLanguageCode5", Type.TEXT, 2),
            col("DescriptionForLanguage5", Type.TEXT, 200),
            col("CorrespondenceLanguageCode6", Type.TEXT, 2),
            col("DescriptionForLanguage6", Type.TEXT, 200)),

    SCHOOLS("schools.csv", "school", true,
            key("SchoolCode", Type.INTEGER),
            col("Name", Type.TEXT_NOT_NULL, 100),
            col("InactiveStatusCode", Type.TEXT_NOT_NULL, 5),
            col("Address", Type.TEXT, 100),
            col("AddressCity", Type.TEXT, 50),
            col("AddressState", Type.TEXT, 2),
            col("AddressZipCode", Type.TEXT, 10),
            col("PhoneNumber", Type.TEXT, 20),
            col("StateCountyID", Type.TEXT, 2),
            col("StateDistrictID", Type.TEXT, 5),
            col("StateSchoolID", Type.TEXT, 7),
            col("LowGradeLevel", Type.INTEGER),
            col("HighGradeLevel", Type.INTEGER),
            col("PrincipalName", Type.TEXT, 100),
            col("PrincipalEmailAddress", Type.TEXT, 100),
            // the rest of Aeries' School object (V13)
            col("AddressZipExt", Type.TEXT, 4),
            col("DoNotReport", Type.BOOLEAN),
            col("AttendancePeriod", Type.INTEGER),
            col("Tracks", Type.INTEGER),
            col("ScheduleType", Type.TEXT, 30),
            col("SessionType", Type.TEXT, 30),
            col("AttendanceType", Type.TEXT, 30),
            col("AttendanceReporting", Type.TEXT, 30),
            col("ScheduleBasis", Type.TEXT, 30),
            col("RegionCode", Type.TEXT, 10),
            col("StateCharterNumber", Type.TEXT, 10),
            col("CharterStatusCode", Type.TEXT, 5),
            col("FederalTaxID", Type.TEXT, 20),
            col("FederalInformationProcessingStandardsCode", Type.TEXT, 10),
            col("QualityRatingAndImprovementSystemParticipationCode", Type.TEXT, 5),
            col("AccreditationStatusCode", Type.TEXT, 5),
            col("SchoolWebsite", Type.TEXT, 200),
            col("OrganizationCategoryCode", Type.TEXT, 5),
            col("SchoolCategoryCode", Type.TEXT, 5),
            col("LocalEducationAgencyTypeCode", Type.TEXT, 5),
            col("TitleIPartACode", Type.TEXT, 5),
            col("NSLPStatusCode", Type.TEXT, 5),
            col("NCESSchoolID", Type.TEXT, 20),
            col("CollegeBoardSchoolCode", Type.TEXT, 10),
            col("CampusEnrollmentTypeCode", Type.TEXT, 5),
            col("PreKSchoolTypeCode", Type.TEXT, 5),
            col("EarlyCollegeHighSchoolIndicator", Type.BOOLEAN),
            col("ScienceTechnologyEngineeringAndMathematicsIndicator", Type.BOOLEAN),
            col("PathwaysInTechnologyIndicator", Type.BOOLEAN),
            col("ShortName", Type.TEXT, 50)),

    STUDENTS("students.csv", "student", true,
            key("StudentID", Type.INTEGER),
            key("SchoolCode", Type.INTEGER),
            col("StudentNumber", Type.INTEGER),
            col("StateStudentID", Type.TEXT, 10),
            col("LastName", Type.TEXT, 50),
            col("FirstName", Type.TEXT, 30),
            col("MiddleName", Type.TEXT, 30),
            col("LastNameAlias", Type.TEXT, 50),
            col("FirstNameAlias", Type.TEXT, 30),
            col("MiddleNameAlias", Type.TEXT, 30),
            col("Gender", Type.TEXT, 1),
            col("Grade", Type.INTEGER),
            col("Birthdate", Type.DATE),
            col("ParentGuardianName", Type.TEXT, 100),
            col("HomePhone", Type.TEXT, 20),
            col("MailingAddress", Type.TEXT, 100),
            col("MailingAddressCity", Type.TEXT, 50),
            col("MailingAddressState", Type.TEXT, 2),
            col("MailingAddressZipCode", Type.TEXT, 10),
            col("ResidenceAddress", Type.TEXT, 100),
            col("ResidenceAddressCity", Type.TEXT, 50),
            col("ResidenceAddressState", Type.TEXT, 2),
            col("ResidenceAddressZipCode", Type.TEXT, 10),
            col("EthnicityCode", Type.TEXT, 1),
            col("RaceCode1", Type.TEXT, 3),
            col("RaceCode2", Type.TEXT, 3),
            col("RaceCode3", Type.TEXT, 3),
            col("RaceCode4", Type.TEXT, 3),
            col("RaceCode5", Type.TEXT, 3),
            col("SchoolEnterDate", Type.DATE),
            col("SchoolLeaveDate", Type.DATE),
            col("DistrictEnterDate", Type.DATE),
            col("Track", Type.TEXT, 1),
            col("InactiveStatusCode", Type.TEXT_NOT_NULL, 1),
            col("LanguageFluencyCode", Type.TEXT, 1),
            col("HomeLanguageCode", Type.TEXT, 2),
            col("CorrespondenceLanguageCode", Type.TEXT, 2),
            col("ParentEdLevelCode", Type.TEXT, 2),
            col("StudentEmailAddress", Type.TEXT, 100),
            col("NextSchoolCode", Type.INTEGER),
            col("NextGrade", Type.INTEGER),
            // the extended record ("students/extended") travels in the same file
            col("DateRedesignatedFluentEnglishProficient", Type.DATE),
            col("EnglishLearnerStartDate", Type.DATE),
            col("EnglishLearnerEndDate", Type.DATE),
            col("InterIntraDistrictTransferCode", Type.TEXT, 5),
            col("InterIntraDistrictStateCode", Type.TEXT, 5),
            col("ReportingSchoolCode", Type.INTEGER),
            col("ResidenceSchool", Type.INTEGER),
            col("NextResidenceSchool", Type.INTEGER),
            col("EndOfYearNextSchool", Type.INTEGER),
            // the rest of Aeries' Student object (V13)
            col("OldStudentID", Type.INTEGER),
            col("CounselorNumber", Type.INTEGER),
            col("StudentPersonalEmailAddress", Type.TEXT, 100),
            col("GradeLevelShortDescription", Type.TEXT, 10),
            col("GradeLevelLongDescription", Type.TEXT, 50),
            col("StudentMobilePhone", Type.TEXT, 20),
            col("MailingAddressZipExt", Type.TEXT, 4),
            col("ResidenceAddressZipExt", Type.TEXT, 4),
            col("AddressVerified", Type.BOOLEAN),
            col("UserCode1", Type.TEXT, 10),
            col("UserCode2", Type.TEXT, 10),
            col("UserCode3", Type.TEXT, 10),
            col("UserCode4", Type.TEXT, 10),
            col("UserCode5", Type.TEXT, 10),
            col("UserCode6", Type.TEXT, 10),
            col("UserCode7", Type.TEXT, 10),
            col("UserCode8", Type.TEXT, 10),
            col("UserCode9", Type.TEXT, 10),
            col("UserCode10", Type.TEXT, 10),
            col("UserCode11", Type.TEXT, 10),
            col("UserCode12", Type.TEXT, 10),
            col("UserCode13", Type.TEXT, 10),
            col("AttendanceProgramCodePrimary", Type.TEXT, 5),
            col("AttendanceProgramCodeAdditional1", Type.TEXT, 5),
            col("AttendanceProgramCodeAdditional2", Type.TEXT, 5),
            col("LockerNumber", Type.TEXT, 10),
            col("LowSchedulingPeriod", Type.INTEGER),
            col("HighSchedulingPeriod", Type.INTEGER),
            col("FamilyKey", Type.INTEGER),
            col("ParentEmailAddress", Type.TEXT, 100),
            col("NetworkLoginID", Type.TEXT, 50),
            col("EarlyWarningPoints", Type.DECIMAL),
            col("HomeRoomTeacherNumber", Type.TEXT, 10),
            col("NotificationPreferenceCode", Type.TEXT, 5),
            col("NextGradeLevelShortDescription", Type.TEXT, 10),
            col("NextGradeLevelLongDescription", Type.TEXT, 50),
            col("RecordsReleaseCode", Type.TEXT, 5),
            // the rest of Aeries' Student Extended object (V13)
            col("CountInCensusIndicator", Type.TEXT, 5),
            col("NextInterIntraDistrictTransferCode", Type.TEXT, 5),
            col("NextInterIntraDistrictStateCode", Type.TEXT, 5),
            col("SummerWithdrawalLeaveDate", Type.DATE),
            col("SummerWithdrawalNextSchool", Type.INTEGER),
            col("NextAttendanceProgramCodePrimary", Type.TEXT, 5),
            col("NextAttendanceProgramCodeAdditional1", Type.TEXT, 5),
            col("NextAttendanceProgramCodeAdditional2", Type.TEXT, 5),
            col("HomeLanguageSurveyDate", Type.DATE),
            col("BirthdateVerificationMethodCode", Type.TEXT, 5),
            col("InitialNinthGradeEntryYear", Type.TEXT, 9),
            col("GraduationCohort", Type.TEXT, 9),
            col("SchoolCompletionDate", Type.DATE),
            col("SchoolCompletionStatusCode", Type.TEXT, 5),
            col("QualifiedUC", Type.TEXT, 1),
            col("QualifiedCSU", Type.TEXT, 1),
            col("CourseCompletionUC", Type.TEXT, 1),
            col("CourseCompletionCSU", Type.TEXT, 1),
            col("GraduationRequirementsTrack", Type.TEXT, 5),
            col("SafeSchoolsActViolationDate", Type.DATE),
            col("SchedulingGroup", Type.TEXT, 5),
            col("ExpectedGraduationDate", Type.DATE),
            col("SummerWithdrawalReasonCode", Type.TEXT, 5),
            col("EndOfYearStatusCode", Type.TEXT, 5),
            col("RecordAddedDateTime", Type.DATETIME),
            col("RecordAddedSystem", Type.TEXT, 20),
            col("SchoolMobility", Type.INTEGER),
            col("DistrictMobility", Type.INTEGER),
            col("USSchoolsLessThan3Years", Type.TEXT, 1),
            col("USEnterDate", Type.DATE),
            col("USSchoolEnterDate", Type.DATE),
            col("StateSchoolEnterDate", Type.DATE),
            col("HomeLanguageSurveyFirstLanguageCode", Type.TEXT, 2),
            col("HomeLanguageSurveyPrimaryLanguageCode", Type.TEXT, 2),
            col("HomeLanguageSurveyHomeLanguageCode", Type.TEXT, 2),
            col("HomeLanguageSurveyAdultLanguageCode", Type.TEXT, 2),
            col("EnglishLearnerProgramCode", Type.TEXT, 5),
            col("EnglishLearnerServiceCode", Type.TEXT, 5),
            col("LongTermEnglishLearnerCode", Type.TEXT, 5),
            col("YearsAsEnglishLearner", Type.INTEGER),
            col("BirthCity", Type.TEXT, 50),
            col("BirthStateCode", Type.TEXT, 5),
            col("BirthCountryCode", Type.TEXT, 5),
            col("LastSchool", Type.INTEGER)),

    CONTACTS("contacts.csv", "contact", true,
            key("StudentID", Type.INTEGER),
            key("SequenceNumber", Type.INTEGER),
            col("SchoolCode", Type.INTEGER),
            col("ContactOrder", Type.INTEGER),
            col("MailingName", Type.TEXT, 100),
            col("FirstName", Type.TEXT, 30),
            col("MiddleName", Type.TEXT, 30),
            col("LastName", Type.TEXT, 50),
            col("Address", Type.TEXT, 100),
            col("AddressCity", Type.TEXT, 50),
            col("AddressState", Type.TEXT, 2),
            col("AddressZipCode", Type.TEXT, 10),
            col("RelationshipToStudentCode", Type.TEXT, 2),
            col("LivesWithStudentIndicator", Type.TEXT, 1),
            col("EducationalRightsHolder", Type.TEXT_NOT_NULL, 1),
            col("PrimaryContact", Type.TEXT, 1),
            col("MiscCode", Type.TEXT, 5),
            col("HomePhone", Type.TEXT, 20),
            col("WorkPhone", Type.TEXT, 20),
            col("CellPhone", Type.TEXT, 20),
            col("EmailAddress", Type.TEXT, 100),
            col("CorrespondenceLanguageCode", Type.TEXT, 2),
            // the rest of Aeries' Contact object (V13)
            col("AdministrativeLockCode", Type.TEXT, 5),
            col("EnrolledTheStudentIndicator", Type.TEXT, 1),
            col("Birthdate", Type.DATE),
            col("Occupation", Type.TEXT, 50),
            col("TuberculosisTestStatusCode", Type.TEXT, 5),
            col("TuberculosisTestExpirationDate", Type.DATE),
            col("FingerprintStatusCode", Type.TEXT, 5),
            col("FingerprintDate", Type.DATE),
            col("UserCode1", Type.TEXT, 10),
            col("UserCode2", Type.TEXT, 10),
            col("UserCode3", Type.TEXT, 10),
            col("UserCode4", Type.TEXT, 10),
            col("UserCode5", Type.TEXT, 10),
            col("UserCode6", Type.TEXT, 10),
            col("UserCode7", Type.TEXT, 10),
            col("UserCode8", Type.TEXT, 10),
            col("PortalAccountID", Type.INTEGER),
            col("MailTagCode", Type.TEXT, 5),
            col("AddressTypeCode", Type.TEXT, 5),
            col("AdditionalCommunicationTypeCode1", Type.TEXT, 5),
            col("AdditionalCommunicationTypeCode2", Type.TEXT, 5),
            col("AdditionalCommunicationTypeCode3", Type.TEXT, 5),
            col("AdditionalCommunicationTypeCode4", Type.TEXT, 5),
            col("AdditionalCommunicationDetail1", Type.TEXT, 100),
            col("AdditionalCommunicationDetail2", Type.TEXT, 100),
            col("AdditionalCommunicationDetail3", Type.TEXT, 100),
            col("AdditionalCommunicationDetail4", Type.TEXT, 100),
            col("AddressVerificationDate", Type.DATE),
            col("RecordAddedDate", Type.DATE),
            col("MilitaryUserFieldCode1", Type.TEXT, 10),
            col("MilitaryUserFieldCode2", Type.TEXT, 10),
            col("MilitaryUserFieldCode3", Type.TEXT, 10),
            col("MilitaryUserFieldCode4", Type.TEXT, 10),
            col("MilitaryUserFieldCode5", Type.TEXT, 10),
            col("PrimaryContact1Field", Type.TEXT, 30),
            col("PrimaryContact2Field", Type.TEXT, 30),
            col("PrimaryContact1Description", Type.TEXT, 100),
            col("PrimaryContact2Description", Type.TEXT, 100),
            col("AttendanceNotification", Type.TEXT, 1),
            col("NamePrefix", Type.TEXT, 10),
            col("NameSuffix", Type.TEXT, 10),
            col("AddressZipExt", Type.TEXT, 4),
            col("RedFlag", Type.BOOLEAN),
            col("WorkPhoneExt", Type.TEXT, 10),
            col("Pager", Type.TEXT, 20),
            col("AccessToPortal", Type.TEXT, 1),
            col("EmployerName", Type.TEXT, 100),
            col("EmployerLocation", Type.TEXT, 100),
            col("MilitaryBranchCode", Type.TEXT, 5),
            col("MilitaryRankCode", Type.TEXT, 10),
            col("MilitarySupervisorName", Type.TEXT, 100),
            col("MilitarySupervisorPhone", Type.TEXT, 20),
            col("MilitaryStatusCode", Type.TEXT, 5),
            col("NotificationPreferenceCode", Type.TEXT, 5),
            col("Comments", Type.TEXT, 1000)),

    ENROLLMENT("enrollment.csv", "enrollment", true,
            key("StudentID", Type.INTEGER),
            key("AcademicYear", Type.TEXT, 4),
            key("SchoolCode", Type.INTEGER),
            key("EnterDate", Type.DATE),
            col("StudentNumber", Type.INTEGER),
            col("LeaveDate", Type.DATE),
            col("ExitReasonCode", Type.TEXT, 5),
            col("Grade", Type.INTEGER),
            col("Track", Type.TEXT, 1),
            col("AttendanceProgramCode", Type.TEXT, 5),
            col("InterIntraDistrictTransferCode", Type.TEXT, 5),
            // the rest of Aeries' enrollment history object (V13)
            col("InterIntraDistrictStateCode", Type.TEXT, 5),
            col("NonpublicSchoolStateCode", Type.TEXT, 10),
            col("NextSchoolCode", Type.INTEGER),
            col("ReportingSchoolCode", Type.INTEGER),
            col("AttendanceProgramCodeAdditional1", Type.TEXT, 5),
            col("AttendanceProgramCodeAdditional2", Type.TEXT, 5),
            col("ElementaryTeacherNumber", Type.INTEGER),
            col("ElementaryTeacherName", Type.TEXT, 100)),

    /**
     * Programs: rows with ProgramCode 144/144x go to sped_record (see {@link ProgramRows}), all
     * others to program. The extended properties are flattened into columns named by their Name;
     * {@code ReferralDate} is ours (an optional extra column for 144x rows).
     */
    PROGRAMS("programs.csv", "program", true,
            key("StudentID", Type.INTEGER),
            key("ProgramCode", Type.TEXT, 5),
            col("ProgramDescription", Type.TEXT, 100),
            col("EligibilityStartDate", Type.DATE),
            col("EligibilityEndDate", Type.DATE),
            col("ParticipationStartDate", Type.DATE),
            col("ParticipationEndDate", Type.DATE),
            special("DisabilityCode", "disability_code", Type.TEXT, 5),
            special("DisabilityCode2", "disability_code2", Type.TEXT, 5),
            special("ParentalConsentDate", "parental_consent_date", Type.DATE, 0),
            special("ResidenceStatusCode", "residence_status_code", Type.TEXT, 5),
            special("ReferralDate", "referral_date", Type.DATE, 0),
            // derived from the codes; accepted so that an Aeries export loads without warnings
            special("DisabilityCodeDescription", null, Type.TEXT, 0),
            special("DisabilityCode2Description", null, Type.TEXT, 0));

    /** How a cell becomes a value. */
    public enum Type {
        /** Text; empty cell = NULL. */
        TEXT,
        /** Text in a NOT NULL DEFAULT '' column; empty cell = ''. */
        TEXT_NOT_NULL,
        /** A whole number. */
        INTEGER,
        /** yyyy-MM-dd (yyyy-MM-ddT00:00:00 accepted too). */
        DATE,
        /** true/false (also Y/N, yes/no, 1/0, any case). */
        BOOLEAN,
        /** A decimal number (at most 4 places, as Aeries' decimals). */
        DECIMAL,
        /** yyyy-MM-ddTHH:mm:ss (or with a space instead of the T; a date alone is midnight). */
        DATETIME
    }

    /**
     * One property of a file.
     *
     * @param property  the Aeries v5 property name (the CSV header)
     * @param column    the column of the file's table, or null when the table has no such column
     * @param spedColumn the sped_record column for 144/144x program rows, or null
     * @param key       part of the file's key (required in the header and in every row)
     * @param maxLength for text: the column's length (0 = not checked)
     */
    public record Column(String property, String column, String spedColumn, Type type, boolean key, int maxLength) {
    }

    private final String fileName;
    private final String table;
    private final boolean hasUpdatedAt;
    private final List<Column> columns;

    RosterFile(String fileName, String table, boolean hasUpdatedAt, Column... columns) {
        this.fileName = fileName;
        this.table = table;
        this.hasUpdatedAt = hasUpdatedAt;
        this.columns = List.of(columns);
    }

    public String fileName() {
        return fileName;
    }

    public String table() {
        return table;
    }

    public boolean hasUpdatedAt() {
        return hasUpdatedAt;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Column> keys() {
        List<Column> keys = new ArrayList<>();
        for (Column c : columns) {
            if (c.key()) {
                keys.add(c);
            }
        }
        return keys;
    }

    /** The column for a header name (case and surrounding spaces ignored), or null when unknown. */
    public Column byHeader(String header) {
        String h = header.trim();
        for (Column c : columns) {
            if (c.property().equalsIgnoreCase(h)) {
                return c;
            }
        }
        return null;
    }

    /** Aeries property names are PascalCase; the columns are their snake_case (StudentID -> student_id). */
    static String snakeCase(String property) {
        String s = property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }

    /** The properties whose column has the same name in program and sped_record (a holder: enum constants init first). */
    private static final class Shared {
        static final List<String> SPED = List.of("StudentID", "ProgramDescription", "EligibilityStartDate",
                "EligibilityEndDate", "ParticipationStartDate", "ParticipationEndDate");
    }

    private static Column key(String property, Type type) {
        return key(property, type, 0);
    }

    private static Column key(String property, Type type, int maxLength) {
        String c = snakeCase(property);
        return new Column(property, c, Shared.SPED.contains(property) ? c : null, type, true, maxLength);
    }

    private static Column key(String property, String column, Type type, int maxLength) {
        return new Column(property, column, null, type, true, maxLength);
    }

    private static Column col(String property, Type type) {
        return col(property, type, 0);
    }

    private static Column col(String property, Type type, int maxLength) {
        String c = snakeCase(property);
        return new Column(property, c, Shared.SPED.contains(property) ? c : null, type, false, maxLength);
    }

    private static Column col(String property, String column, Type type, int maxLength) {
        return new Column(property, column, null, type, false, maxLength);
    }

    /** A program property stored only on the special-education record (sped_record). */
    private static Column special(String property, String spedColumn, Type type, int maxLength) {
        return new Column(property, null, spedColumn, type, false, maxLength);
    }
}
