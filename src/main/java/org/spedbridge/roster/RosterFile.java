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
            col("Status", "status", Type.TEXT_NOT_NULL, 1)),

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
            col("PrincipalEmailAddress", Type.TEXT, 100)),

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
            col("EndOfYearNextSchool", Type.INTEGER)),

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
            col("CorrespondenceLanguageCode", Type.TEXT, 2)),

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
            col("InterIntraDistrictTransferCode", Type.TEXT, 5)),

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
        DATE
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
