package org.spedbridge.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.spedbridge.sped.ImportCounts;

/**
 * A synthetic school district, deterministic for a seed, for the demo, the tests and the benchmarks.
 * It writes the SIS roster extracts ({@code schools.csv}, {@code students.csv}, {@code contacts.csv},
 * {@code enrollment.csv}, {@code programs.csv}, {@code codes.csv}; Aeries v5 property names, dates
 * yyyy-MM-dd) and the SIRAS pair ({@code tableA.csv} in the CALPADS SPED layout with the CALPADS
 * descriptive header names, {@code tableB.csv} SSRV-like; dates CCYYMMDD).
 *
 * <p>{@code students} students of which the first {@code spedStudents} (spread evenly over the district)
 * have a special-education record (program 144 in programs.csv) and a tableA row; {@code serviceRows}
 * tableB rows spread over them. Every row is computed from (seed, index), and written straight to
 * its file: memory does not grow with the district.
 *
 * <p>With {@link #withEdgeCases(boolean) edge cases}, a few extra students (beyond {@code students})
 * exercise every import rule (see {@link Edge}); {@link #expected()} gives the numbers an import of
 * these files must report.
 */
public final class SyntheticDistrict {

    /** The demo district's CDS code (also its SIRAS SFTP user name in the demo). */
    public static final String DEMO_CDS_CODE = "1964733";
    public static final String ACADEMIC_YEAR_ID = "2025-2026";
    public static final String ACADEMIC_YEAR = "2025";
    public static final String REPORTING_SELPA = "1900";

    public static final String SCHOOLS = "schools.csv";
    public static final String STUDENTS = "students.csv";
    public static final String CONTACTS = "contacts.csv";
    public static final String ENROLLMENT = "enrollment.csv";
    public static final String PROGRAMS = "programs.csv";
    public static final String CODES = "codes.csv";
    public static final String TABLE_A = "tableA.csv";
    public static final String TABLE_B = "tableB.csv";
    /** The unknown column the edge-case tableA carries (a warning for the import). */
    public static final String UNKNOWN_COLUMN = "District Notes";

    /** tableA: CALPADS SPED, in file order, with the CALPADS descriptive names. */
    public static final List<String> TABLE_A_HEADERS = List.of(
            "Record Type Code", "Transaction Type Code", "Local Record ID", "Reporting LEA", "School of Attendance",
            "School of Attendance NPS", "Academic Year ID", "SSID", "Local Student ID",
            "Local Special Education Student ID", "Student Legal First Name", "Student Legal Last Name",
            "Student Birth Date", "Student Gender Code", "Reporting SELPA",
            "District of Special Education Accountability", "Special Education Referral Date",
            "Referring Party Code", "Initial Evaluation Parental Consent Date", "Special Education Meeting Type Code",
            "Special Education Meeting Date", "Student Special Education Evaluation or Amendment Identifier",
            "Evaluation Delay Code", "Education Plan Type Code", "Education Plan Amendment Date",
            "Primary Residence Code", "Special Education Initial Service Start Date", "Disability 1 Code",
            "Disability 2 Code", "Infant Regional Center Services Eligibility Indicator",
            "Special Education Program Setting Code", "Preschool Program Setting Service Location Code",
            "Ten or More Weekly Hours in Setting Indicator", "General Education Participation Percentage Range Code",
            "Special Education Infant Program Type Code", "Special Transportation Indicator",
            "Special Education Exit Date", "Special Education Exit Reason Code");

    /** tableB: SSRV-like. */
    public static final List<String> TABLE_B_HEADERS = List.of(
            "Record Type Code", "Transaction Type Code", "Local Record ID", "Reporting LEA", "School of Attendance",
            "Academic Year ID", "SSID", "Local Student ID", "Student Legal First Name", "Student Legal Last Name",
            "Student Birth Date", "Student Gender Code", "Reporting SELPA",
            "Student Special Education Evaluation or Amendment Identifier", "Special Education Service Code",
            "Special Education Service Provider Code", "Service Location Code", "Service Frequency Code",
            "Service Duration", "Nonpublic Agency Identifier", "Service Start Date", "Service End Date");

    /** The roster properties written (a subset of what the loader knows). */
    static final List<String> STUDENT_HEADERS = List.of("StudentID", "SchoolCode", "StudentNumber", "StateStudentID",
            "LastName", "FirstName", "MiddleName", "Gender", "Grade", "Birthdate", "ParentGuardianName", "HomePhone",
            "MailingAddress", "MailingAddressCity", "MailingAddressState", "MailingAddressZipCode", "EthnicityCode",
            "RaceCode1", "SchoolEnterDate", "SchoolLeaveDate", "DistrictEnterDate", "Track", "InactiveStatusCode",
            "LanguageFluencyCode", "HomeLanguageCode", "CorrespondenceLanguageCode", "NextSchoolCode", "NextGrade",
            "DateRedesignatedFluentEnglishProficient", "EnglishLearnerStartDate", "ReportingSchoolCode",
            "ResidenceSchool", "NextResidenceSchool");

    /** Education plan types (CALPADS) and the disability and service codes used, all from the spec. */
    public static final List<String> PLAN_TYPES = List.of("100", "150", "200", "700", "800", "900");
    public static final List<String> DISABILITY_CODES = List.of("210", "220", "230", "240", "250", "260", "270",
            "280", "281", "290", "300", "310", "320", "330");
    public static final List<String> SERVICE_CODES = List.of("330", "330", "330", "415", "415", "450", "460",
            "425", "340", "350", "435", "436", "445", "510", "545", "610", "900");

    static final LocalDate SCHOOL_START = LocalDate.of(2025, 8, 13);
    static final DateTimeFormatter CALPADS = DateTimeFormatter.BASIC_ISO_DATE;
    static final CSVFormat CSV = CSVFormat.DEFAULT; // RFC 4180 quoting, CRLF

    private static final String[] FIRST = {"Allan", "Maria", "James", "Sofia", "Liam", "Olivia", "Noah", "Emma",
            "Mateo", "Ava", "Ethan", "Isabella", "Lucas", "Mia", "Daniel", "Camila", "Henry", "Harper", "Leo", "Zoe"};
    private static final String[] LAST = {"Abbott", "Garcia", "Smith", "Hernandez", "Johnson", "Lopez", "Williams",
            "Martinez", "Brown", "Gonzalez", "Jones", "Rodriguez", "Davis", "Perez", "Miller", "Sanchez", "Wilson",
            "Ramirez", "Moore", "Torres", "Chen", "Patel", "Kim", "Tran"};

    /**
     * The edge cases, one (or two) extra students each, after the regular ones.
     * Numbers each contributes to the import's counts are in {@link #expected()}.
     */
    public enum Edge {
        /** Two tableA rows with the same SSID: neither imported; has a 144 record -> also not in file. */
        DUPLICATE_SSID,
        /** A tableA row whose SSID and local ID are not in the roster; its services are unmatched. */
        UNMATCHED,
        /** SSID blank in tableA; matched by Local Student ID. */
        BLANK_SSID_LOCAL_ID,
        /** Transaction Type D in tableA: ignored; has a 144 record -> not in file; its service unmatched. */
        DELETE_IN_TABLE_A,
        /** Imported; one of its two tableB rows has Transaction Type D (ignored). */
        DELETE_IN_TABLE_B,
        /** An invalid referral date in tableA (a stored field): a row error; has a 144 record -> not in file. */
        INVALID_DATE,
        /** Names that look like spreadsheet formulas: a warning for each name (the SIS only reads them); imported. */
        FORMULA_NAMES,
        /** José Nguyễn; imported. */
        NON_ASCII_NAME,
        /** A last name with a comma and double quotes (quoted in the CSV): a warning; imported. */
        COMMA_AND_QUOTES,
        /** In the roster, not in tableA, but with two tableB rows: unmatched services. */
        SERVICES_NOT_IMPORTED,
        /** A 144 record in programs.csv, absent from tableA: not in file. */
        NOT_IN_FILE_1,
        /** A second one. */
        NOT_IN_FILE_2,
        /** Referred, being evaluated: referral + consent dates, no plan/eligibility (programs.csv 144x); imported. */
        REFERRED_NOT_ELIGIBLE
    }

    /**
     * The numbers the files hold and an import of them must report.
     *
     * @param schools          rows of schools.csv
     * @param students         rows of students.csv
     * @param contacts         rows of contacts.csv
     * @param enrollments      rows of enrollment.csv
     * @param programs         programs.csv rows other than 144/144x (-> program)
     * @param spedRecords      programs.csv rows 144/144x (-> sped_record)
     * @param codes            rows of codes.csv
     * @param rowsRead         tableA data rows
     * @param matched          tableA rows imported (matched, valid, not duplicate, not ignored)
     * @param unmatched        valid tableA rows without a roster student
     * @param duplicates       tableA rows whose SSID occurs more than once (all of them)
     * @param errors           tableA rows with a validation error
     * @param ignored          tableA rows with a Transaction Type other than A/blank
     * @param warnings         warnings of tableA/tableB: the unknown column, names with other characters than a
     *                         name has
     * @param serviceRowsRead  tableB data rows
     * @param servicesImported tableB rows (A/R) of students imported in this run
     * @param servicesUnmatched tableB rows (A/R) of students not imported in this run
     * @param servicesIgnored  tableB rows with a Transaction Type other than A/R
     * @param notInFile        students with a special-education record that the import does not update
     */
    public record Expected(
            int schools, int students, int contacts, int enrollments, int programs, int spedRecords, int codes,
            int rowsRead, int matched, int unmatched, int duplicates, int errors, int ignored, int warnings,
            int serviceRowsRead, int servicesImported, int servicesUnmatched, int servicesIgnored, int notInFile) {

        /**
         * As the import reports them. Assumption: {@code ignored} counts the ignored rows of both files
         * (tableA D rows + tableB D rows), as the spec lists both as "ignored".
         */
        public ImportCounts importCounts() {
            return new ImportCounts(rowsRead, matched, unmatched, duplicates, errors, ignored + servicesIgnored,
                    warnings, serviceRowsRead, servicesImported, servicesUnmatched, notInFile);
        }
    }

    private final long seed;
    private final int students;
    private final int spedStudents;
    private final int serviceRows;
    private final boolean edgeCases;
    private final String cdsCode;
    private final int schoolCount;

    private SyntheticDistrict(long seed, int students, int spedStudents, int serviceRows, boolean edgeCases,
                              String cdsCode) {
        if (students < 1 || spedStudents < 0 || spedStudents > students || serviceRows < 0
                || (serviceRows > 0 && spedStudents == 0)) {
            throw new IllegalArgumentException("need 1 <= students, 0 <= spedStudents <= students, and spedStudents > 0"
                    + " when there are services (got " + students + ", " + spedStudents + ", " + serviceRows + ")");
        }
        if (!cdsCode.matches("\\d{7}")) {
            throw new IllegalArgumentException("the CDS code has 7 digits, not '" + cdsCode + "'");
        }
        this.seed = seed;
        this.students = students;
        this.spedStudents = spedStudents;
        this.serviceRows = serviceRows;
        this.edgeCases = edgeCases;
        this.cdsCode = cdsCode;
        this.schoolCount = Math.max(1, Math.min(60, (students + 499) / 500));
    }

    /** A district of {@code students} students, {@code spedStudents} in tableA, {@code serviceRows} in tableB. */
    public static SyntheticDistrict of(long seed, int students, int spedStudents, int serviceRows) {
        return new SyntheticDistrict(seed, students, spedStudents, serviceRows, false, DEMO_CDS_CODE);
    }

    /** The demo district: 500 students, 60 in special education, 150 services, with the edge cases. */
    public static SyntheticDistrict demo(long seed) {
        return of(seed, 500, 60, 150).withEdgeCases(true);
    }

    public SyntheticDistrict withEdgeCases(boolean on) {
        return new SyntheticDistrict(seed, students, spedStudents, serviceRows, on, cdsCode);
    }

    public SyntheticDistrict withCdsCode(String cds) {
        return new SyntheticDistrict(seed, students, spedStudents, serviceRows, edgeCases, cds);
    }

    public String cdsCode() {
        return cdsCode;
    }

    public boolean edgeCases() {
        return edgeCases;
    }

    // ------------------------------------------------------------------ the people

    /** One student as both systems see them. */
    record Student(int index, int studentId, int schoolCode, String stateSchoolId, String ssid, String firstName,
                   String lastName, String gender, int grade, LocalDate birthdate, LocalDate districtEnter,
                   String languageFluency, String homeLanguage, String race) {
    }

    /** The student at {@code index} (0-based; edge-case students come after the regular ones). */
    Student student(int index) {
        SplittableRandom r = random(1, index);
        int school = index % schoolCount;
        int grade = r.nextInt(-1, 13);
        LocalDate birth = LocalDate.of(2025 - 6 - grade, 9, 1).minusDays(r.nextInt(0, 365));
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        Edge edge = edgeOf(index);
        if (edge == Edge.FORMULA_NAMES) {
            first = "=HYPERLINK(\"http://x.test\")";
            last = "+1";
        } else if (edge == Edge.NON_ASCII_NAME) {
            first = "José";
            last = "Nguyễn";
        } else if (edge == Edge.COMMA_AND_QUOTES) {
            last = "O\"Neil, Jr.";
        }
        String fluency = r.nextInt(5) == 0 ? "L" : "E";
        return new Student(index, studentId(index), schoolCode(school), stateSchoolId(school), ssid(index), first,
                last, r.nextBoolean() ? "F" : "M", grade, birth,
                SCHOOL_START.minusYears(Math.max(0, grade) + r.nextInt(0, 2)).minusDays(r.nextInt(0, 30)),
                fluency, fluency.equals("L") ? "01" : "00", String.valueOf(100 * (1 + r.nextInt(7))));
    }

    static int studentId(int index) {
        return 100_001 + index;
    }

    /** 10 digits, unique per index (an affine bijection modulo 9e9). */
    static String ssid(int index) {
        long v = (index * 7_919_237L + 123_456_789L) % 9_000_000_000L + 1_000_000_000L;
        return Long.toString(v);
    }

    static int schoolCode(int school) {
        return 101 + school;
    }

    static String stateSchoolId(int school) {
        return String.format("%07d", 6_000_100 + school * 7);
    }

    /** The student index of the k-th special-education student (spread evenly over the district). */
    int spedIndex(int k) {
        return (int) ((long) k * students / spedStudents);
    }

    private int edgeCount() {
        return edgeCases ? Edge.values().length : 0;
    }

    private Edge edgeOf(int index) {
        int e = index - students;
        return edgeCases && e >= 0 && e < Edge.values().length ? Edge.values()[e] : null;
    }

    private SplittableRandom random(int stream, long index) {
        long s = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        return new SplittableRandom(s);
    }

    private static boolean inRoster(Edge e) {
        return e != Edge.UNMATCHED;
    }

    /** "144", "144x" or null: the student's special-education row in programs.csv. */
    private static String spedProgram(Edge e) {
        return switch (e) {
            case DUPLICATE_SSID, BLANK_SSID_LOCAL_ID, DELETE_IN_TABLE_A, DELETE_IN_TABLE_B, INVALID_DATE,
                    NOT_IN_FILE_1, NOT_IN_FILE_2 -> "144";
            case REFERRED_NOT_ELIGIBLE -> "144x";
            default -> null;
        };
    }

    /** tableA rows the edge case writes. */
    private static int tableARows(Edge e) {
        return switch (e) {
            case DUPLICATE_SSID -> 2;
            case SERVICES_NOT_IMPORTED, NOT_IN_FILE_1, NOT_IN_FILE_2 -> 0;
            default -> 1;
        };
    }

    /** tableB rows the edge case writes (A rows, plus one D row for DELETE_IN_TABLE_B). */
    private static int tableBRows(Edge e) {
        return switch (e) {
            case UNMATCHED, SERVICES_NOT_IMPORTED, DELETE_IN_TABLE_B -> 2;
            case NOT_IN_FILE_1, NOT_IN_FILE_2, REFERRED_NOT_ELIGIBLE -> 0;
            default -> 1;
        };
    }

    private static boolean imported(Edge e) {
        return switch (e) {
            case BLANK_SSID_LOCAL_ID, DELETE_IN_TABLE_B, FORMULA_NAMES, NON_ASCII_NAME, COMMA_AND_QUOTES,
                    REFERRED_NOT_ELIGIBLE -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------ expected numbers

    /** What the files hold and what an import of them must report (computed, nothing written). */
    public Expected expected() {
        int rosterStudents = students;
        int contacts = 0;
        int programs = 0;
        for (int i = 0; i < students; i++) {
            contacts += contactCount(i);
            programs += otherProgram(i) == null ? 0 : 1;
        }
        int sped = spedStudents;
        int rowsRead = spedStudents;
        int matched = spedStudents;
        int unmatched = 0;
        int duplicates = 0;
        int errors = 0;
        int ignored = 0;
        int warnings = edgeCases ? 1 : 0; // the unknown column
        int serviceRowsRead = serviceRows;
        int servicesImported = serviceRows;
        int servicesUnmatched = 0;
        int servicesIgnored = 0;
        int notInFile = 0;
        for (int e = 0; e < edgeCount(); e++) {
            Edge edge = Edge.values()[e];
            int index = students + e;
            if (inRoster(edge)) {
                rosterStudents++;
                contacts += contactCount(index);
                programs += otherProgram(index) == null ? 0 : 1;
                sped += spedProgram(edge) != null ? 1 : 0;
            }
            rowsRead += tableARows(edge);
            serviceRowsRead += tableBRows(edge);
            switch (edge) {
                case DUPLICATE_SSID -> duplicates += 2;
                case UNMATCHED -> unmatched++;
                case DELETE_IN_TABLE_A -> ignored++;
                case INVALID_DATE -> errors++;
                case FORMULA_NAMES -> warnings += 2;
                case COMMA_AND_QUOTES -> warnings++;
                default -> { }
            }
            if (imported(edge)) {
                matched++;
                int d = edge == Edge.DELETE_IN_TABLE_B ? 1 : 0;
                servicesIgnored += d;
                servicesImported += tableBRows(edge) - d;
            } else {
                servicesUnmatched += tableBRows(edge);
                if (spedProgram(edge) != null) {
                    notInFile++;
                }
            }
        }
        return new Expected(schoolCount, rosterStudents, contacts, rosterStudents, programs, sped, CODE_ROWS.size(),
                rowsRead, matched, unmatched, duplicates, errors, ignored, warnings,
                serviceRowsRead, servicesImported, servicesUnmatched, servicesIgnored, notInFile);
    }

    // ------------------------------------------------------------------ writing

    /** Writes the roster and the SIRAS pair; returns {@link #expected()}. */
    public Expected writeAll(Path rosterDir, Path sirasDir) throws IOException {
        writeRoster(rosterDir);
        writeSiras(sirasDir);
        return expected();
    }

    /** Writes the six roster files into {@code dir}; returns {@link #expected()}. */
    public Expected writeRoster(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeCodes(dir.resolve(CODES));
        writeSchools(dir.resolve(SCHOOLS));
        try (CSVPrinter st = printer(dir.resolve(STUDENTS), STUDENT_HEADERS);
             CSVPrinter co = printer(dir.resolve(CONTACTS), List.of("StudentID", "SequenceNumber", "SchoolCode",
                     "ContactOrder", "MailingName", "FirstName", "LastName", "RelationshipToStudentCode",
                     "LivesWithStudentIndicator", "EducationalRightsHolder", "PrimaryContact", "HomePhone",
                     "CellPhone", "EmailAddress", "CorrespondenceLanguageCode"));
             CSVPrinter en = printer(dir.resolve(ENROLLMENT), List.of("StudentID", "AcademicYear", "SchoolCode",
                     "EnterDate", "StudentNumber", "LeaveDate", "ExitReasonCode", "Grade", "Track",
                     "AttendanceProgramCode"));
             CSVPrinter pr = printer(dir.resolve(PROGRAMS), List.of("StudentID", "ProgramCode", "ProgramDescription",
                     "EligibilityStartDate", "EligibilityEndDate", "ParticipationStartDate", "ParticipationEndDate",
                     "DisabilityCode", "DisabilityCode2", "ParentalConsentDate", "ResidenceStatusCode"))) {
            int nextSped = 0;
            for (int i = 0; i < students + edgeCount(); i++) {
                Edge edge = edgeOf(i);
                if (edge != null && !inRoster(edge)) {
                    continue;
                }
                Student s = student(i);
                writeStudent(st, s);
                writeContacts(co, s);
                en.printRecord(s.studentId(), ACADEMIC_YEAR, s.schoolCode(), SCHOOL_START, i + 1, null, null,
                        s.grade(), "", "");
                String code;
                if (edge != null) {
                    code = spedProgram(edge);
                } else {
                    code = nextSped < spedStudents && spedIndex(nextSped) == i ? "144" : null;
                    if (code != null) {
                        nextSped++;
                    }
                }
                if (code != null) {
                    Sped sp = sped(i);
                    if (code.equals("144")) {
                        pr.printRecord(s.studentId(), "144", "Special Education", sp.eligibility(), null,
                                sp.eligibility(), null, sp.disability1(), sp.disability2(), sp.consent(), "10");
                    } else {
                        pr.printRecord(s.studentId(), "144x", "Evaluating for Special Education Services",
                                sp.referral(), null, null, null, null, null, sp.consent(), null);
                    }
                }
                String[] other = otherProgram(i);
                if (other != null) {
                    pr.printRecord(s.studentId(), other[0], other[1], SCHOOL_START, null, SCHOOL_START, null,
                            null, null, null, null);
                }
            }
        }
        return expected();
    }

    private void writeStudent(CSVPrinter p, Student s) throws IOException {
        boolean el = s.languageFluency().equals("L");
        p.printRecord(s.studentId(), s.schoolCode(), s.index() + 1, s.ssid(), s.lastName(), s.firstName(), "",
                s.gender(), s.grade(), s.birthdate(), "Parent of " + s.studentId(), phone(s.index()),
                (100 + s.index() % 9000) + " Main St", "Springfield", "CA", "95" + String.format("%03d", s.index() % 1000),
                s.index() % 2 == 0 ? "Y" : "N", s.race(), SCHOOL_START, null, s.districtEnter(), "", "",
                s.languageFluency(), s.homeLanguage(), s.homeLanguage(), s.schoolCode(),
                Math.min(s.grade() + 1, 13), null, el ? s.districtEnter() : null, s.schoolCode(), s.schoolCode(),
                s.schoolCode());
    }

    private static int contactCount(int index) {
        return index % 3 == 0 ? 1 : 2;
    }

    private void writeContacts(CSVPrinter p, Student s) throws IOException {
        for (int seq = 1; seq <= contactCount(s.index()); seq++) {
            String first = FIRST[(s.index() + seq * 7) % FIRST.length];
            p.printRecord(s.studentId(), seq, s.schoolCode(), seq, first + " " + s.lastName(), first, s.lastName(),
                    seq == 1 ? "11" : "10", "Y", seq == 1 ? "Y" : "", seq == 1 ? "Y" : "N", phone(s.index()),
                    phone(s.index() + seq), "parent" + s.studentId() + "-" + seq + "@mail.test", s.homeLanguage());
        }
    }

    private static String phone(int n) {
        return String.format("555%07d", n % 10_000_000);
    }

    /** Programs other than special education: 504 plans and free meals for some students. */
    private static String[] otherProgram(int index) {
        if (index % 25 == 7) {
            return new String[] {"101", "504 Plan"};
        }
        if (index % 5 == 2) {
            return new String[] {"181", "Free Meals"};
        }
        return null;
    }

    private void writeSchools(Path file) throws IOException {
        try (CSVPrinter p = printer(file, List.of("SchoolCode", "Name", "InactiveStatusCode", "Address", "AddressCity",
                "AddressState", "AddressZipCode", "PhoneNumber", "StateCountyID", "StateDistrictID", "StateSchoolID",
                "LowGradeLevel", "HighGradeLevel", "PrincipalName", "PrincipalEmailAddress"))) {
            for (int k = 0; k < schoolCount; k++) {
                p.printRecord(schoolCode(k), "Synthetic School " + (k + 1), "", (k + 1) + " School Rd", "Springfield",
                        "CA", "95001", phone(k), cdsCode.substring(0, 2), cdsCode.substring(2), stateSchoolId(k),
                        -1, 12, "Principal " + (k + 1), "principal" + (k + 1) + "@district.test");
            }
        }
    }

    /** codes.csv: language fluency, program codes, disability codes and plan types. */
    static final List<List<String>> CODE_ROWS = List.of(
            List.of("STU", "LF", "E", "English Only"), List.of("STU", "LF", "L", "English Learner"),
            List.of("STU", "LF", "R", "Reclassified Fluent English Proficient"),
            List.of("PGM", "PGM", "101", "504 Plan"), List.of("PGM", "PGM", "144", "Special Education"),
            List.of("PGM", "PGM", "144x", "Evaluating for Special Education Services"),
            List.of("PGM", "PGM", "181", "Free Meals"),
            List.of("SSE", "DI", "210", "Intellectual Disability"), List.of("SSE", "DI", "240", "Speech or Language Impairment"),
            List.of("SSE", "DI", "280", "Other Health Impairment"), List.of("SSE", "DI", "290", "Specific Learning Disability"),
            List.of("SSE", "DI", "320", "Autism"),
            List.of("SSE", "PT", "100", "IEP"), List.of("SSE", "PT", "200", "ISP"), List.of("SSE", "PT", "900", "Not eligible"));

    private static void writeCodes(Path file) throws IOException {
        try (CSVPrinter p = printer(file, List.of("Table", "Field", "Code", "Description", "Status"))) {
            for (List<String> row : CODE_ROWS) {
                p.printRecord(row.get(0), row.get(1), row.get(2), row.get(3), "");
            }
        }
    }

    /** The special-education facts of one student (the same in programs.csv and tableA). */
    record Sped(LocalDate referral, LocalDate consent, LocalDate eligibility, LocalDate meeting, String planType,
                String disability1, String disability2) {
    }

    Sped sped(int index) {
        SplittableRandom r = random(2, index);
        LocalDate referral = SCHOOL_START.minusDays(r.nextInt(60, 3000));
        LocalDate consent = referral.plusDays(r.nextInt(3, 15));
        LocalDate eligibility = consent.plusDays(r.nextInt(30, 60));
        LocalDate meeting = SCHOOL_START.plusDays(r.nextInt(0, 45));
        String plan = r.nextInt(20) == 0 ? "200" : "100";
        String d1 = DISABILITY_CODES.get(r.nextInt(DISABILITY_CODES.size()));
        String d2 = r.nextInt(6) == 0 ? "240" : "";
        if (d2.equals(d1)) {
            d2 = "";
        }
        if (edgeOf(index) == Edge.REFERRED_NOT_ELIGIBLE) {
            referral = SCHOOL_START.plusDays(20);
            consent = referral.plusDays(5);
            return new Sped(referral, consent, null, null, "", "", "");
        }
        return new Sped(referral, consent, eligibility, meeting, plan, d1, d2);
    }

    /** Writes tableA.csv and tableB.csv into {@code dir}; returns {@link #expected()}. */
    public Expected writeSiras(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> aHeaders = new ArrayList<>(TABLE_A_HEADERS);
        if (edgeCases) {
            aHeaders.add(UNKNOWN_COLUMN);
        }
        try (CSVPrinter a = printer(dir.resolve(TABLE_A), aHeaders);
             CSVPrinter b = printer(dir.resolve(TABLE_B), TABLE_B_HEADERS)) {
            long serviceLine = 0;
            for (int k = 0; k < spedStudents; k++) {
                int i = spedIndex(k);
                Student s = student(i);
                writeTableA(a, s, "A", s.ssid(), CALPADS.format(s.birthdate()));
                long from = (long) serviceRows * k / spedStudents;
                long to = (long) serviceRows * (k + 1) / spedStudents;
                for (long j = from; j < to; j++) {
                    writeTableB(b, s, s.ssid(), (j % 7 == 3) ? "R" : "A", ++serviceLine);
                }
            }
            for (int e = 0; e < edgeCount(); e++) {
                Edge edge = Edge.values()[e];
                Student s = student(students + e);
                String birth = CALPADS.format(s.birthdate());
                switch (edge) {
                    case DUPLICATE_SSID -> {
                        writeTableA(a, s, "A", s.ssid(), birth);
                        writeTableA(a, s, "A", s.ssid(), birth);
                    }
                    case BLANK_SSID_LOCAL_ID -> writeTableA(a, s, "A", "", birth);
                    case DELETE_IN_TABLE_A -> writeTableA(a, s, "D", s.ssid(), birth);
                    case INVALID_DATE -> writeTableA(a, s, "A", s.ssid(), birth, "20241345");
                    case SERVICES_NOT_IMPORTED, NOT_IN_FILE_1, NOT_IN_FILE_2 -> { }
                    default -> writeTableA(a, s, "A", s.ssid(), birth);
                }
                String ssid = edge == Edge.BLANK_SSID_LOCAL_ID ? "" : s.ssid();
                for (int j = 0; j < tableBRows(edge); j++) {
                    String type = edge == Edge.DELETE_IN_TABLE_B && j == 1 ? "D" : "A";
                    writeTableB(b, s, ssid, type, ++serviceLine);
                }
            }
        }
        return expected();
    }

    private void writeTableA(CSVPrinter p, Student s, String transaction, String ssid, String birth)
            throws IOException {
        writeTableA(p, s, transaction, ssid, birth, CALPADS.format(sped(s.index()).referral()));
    }

    private void writeTableA(CSVPrinter p, Student s, String transaction, String ssid, String birth, String referral)
            throws IOException {
        Sped sp = sped(s.index());
        boolean referredOnly = sp.eligibility() == null;
        List<Object> row = new ArrayList<>(List.of(
                "SPED", transaction, "A" + s.studentId(), cdsCode, s.stateSchoolId(), "", ACADEMIC_YEAR_ID, ssid,
                String.valueOf(s.studentId()), "", s.firstName(), s.lastName(), birth, s.gender(), REPORTING_SELPA,
                cdsCode, referral, "10", CALPADS.format(sp.consent()),
                referredOnly ? "" : "30", referredOnly ? "" : CALPADS.format(sp.meeting()),
                referredOnly ? "" : "E" + s.studentId(), "", sp.planType(), "", "100",
                referredOnly ? "" : CALPADS.format(sp.eligibility()), sp.disability1(), sp.disability2(), "",
                referredOnly ? "" : "400", "", referredOnly ? "" : "Y", referredOnly ? "" : "1", "",
                referredOnly ? "" : "N", "", ""));
        if (edgeCases) {
            row.add("");
        }
        p.printRecord(row);
    }

    private void writeTableB(CSVPrinter p, Student s, String ssid, String transaction, long line) throws IOException {
        SplittableRandom r = random(3, line);
        String provider = r.nextInt(20) == 0 ? "400" : "100";
        LocalDate start = SCHOOL_START.plusDays(r.nextInt(0, 30));
        p.printRecord("SSRV", transaction, "B" + line, cdsCode, s.stateSchoolId(), ACADEMIC_YEAR_ID, ssid,
                s.studentId(), s.firstName(), s.lastName(), CALPADS.format(s.birthdate()), s.gender(),
                REPORTING_SELPA, "E" + s.studentId(), SERVICE_CODES.get(r.nextInt(SERVICE_CODES.size())), provider,
                "100", String.valueOf(r.nextInt(1, 4)), 15 * r.nextInt(1, 5), provider.equals("400") ? "NPA" + (1 + r.nextInt(9)) : "",
                CALPADS.format(start), CALPADS.format(LocalDate.of(2026, 6, 12)));
    }

    private static CSVPrinter printer(Path file, List<String> headers) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, CSV);
        p.printRecord(headers);
        return p;
    }

    /** {@code SyntheticDistrict ROSTER_DIR SIRAS_DIR STUDENTS SPED SERVICES [SEED] [edge]}: writes a district. */
    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: SyntheticDistrict ROSTER_DIR SIRAS_DIR STUDENTS SPED_STUDENTS SERVICE_ROWS [SEED] [edge]");
            System.exit(2);
        }
        SyntheticDistrict d = of(args.length > 5 ? Long.parseLong(args[5]) : 1L, Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4])).withEdgeCases(args.length > 6 && args[6].equals("edge"));
        System.out.println(d.writeAll(Path.of(args[0]), Path.of(args[1])));
    }
}
