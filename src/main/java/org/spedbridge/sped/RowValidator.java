package org.spedbridge.sped;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a row of either file into the values staged for it, or says why it is not imported:
 * an error (bad date, over-long field, missing both keys, ...), ignored (Transaction Type), plus
 * warnings (unknown codes). Only the column order of {@link StagingTables} is assumed.
 */
public final class RowValidator {

    /** The verdict on one row: {@code values} to stage (null when not imported), why not, and warnings. */
    public record Verdict(Object[] values, Issue.Kind rejectedAs, String reason, List<String> warnings,
            String ssid, String localId) {
        public boolean accepted() {
            return values != null;
        }
    }

    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("MM/dd/uuuu").withResolverStyle(ResolverStyle.STRICT));

    private RowValidator() {
    }

    /** Collects the errors and warnings of one row while reading its fields. */
    private static final class Fields {
        final SpedCsvReader.Row row;
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        Fields(SpedCsvReader.Row row) {
            this.row = row;
        }

        String text(String field, int max) {
            String v = row.get(field);
            if (v.isEmpty()) {
                return null;
            }
            if (v.length() > max) {
                errors.add(field + " is longer than " + max + " characters (" + v.length() + ")");
                return null;
            }
            return v;
        }

        String code(String field, int max, Set<String> known, String what) {
            String v = text(field, max);
            if (v != null && known != null && !known.contains(v)) {
                warnings.add("Unknown " + what + " code '" + v + "' (" + field + "); imported as given.");
            }
            return v;
        }

        LocalDate date(String field) {
            String v = row.get(field);
            if (v.isEmpty()) {
                return null;
            }
            LocalDate d = parseDate(v);
            if (d == null) {
                errors.add(field + " '" + v + "' is not a date (CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY)");
            }
            return d;
        }

        String ssid() {
            String v = row.get("ssid");
            if (v.isEmpty()) {
                return null;
            }
            if (v.length() != 10 || !digits(v, 0, 10)) {
                errors.add("SSID '" + v + "' is not 10 digits");
                return null;
            }
            return v;
        }
    }

    /**
     * A date in one of the accepted forms, or null. The three forms are read digit by digit (a million
     * service rows carry two dates each: DateTimeFormatter and its exceptions cost seconds); anything else
     * goes through the strict formatters.
     */
    public static LocalDate parseDate(String value) {
        int n = value.length();
        try {
            if (n == 8 && digits(value, 0, 8)) {
                return LocalDate.of(number(value, 0, 4), number(value, 4, 6), number(value, 6, 8));
            }
            if (n == 10 && value.charAt(4) == '-' && value.charAt(7) == '-' && digits(value, 0, 4)
                    && digits(value, 5, 7) && digits(value, 8, 10)) {
                return LocalDate.of(number(value, 0, 4), number(value, 5, 7), number(value, 8, 10));
            }
            if (n == 10 && value.charAt(2) == '/' && value.charAt(5) == '/' && digits(value, 0, 2)
                    && digits(value, 3, 5) && digits(value, 6, 10)) {
                return LocalDate.of(number(value, 6, 10), number(value, 0, 2), number(value, 3, 5));
            }
        } catch (DateTimeException e) {
            return null; // e.g. February 30
        }
        for (DateTimeFormatter f : DATE_FORMATS) {
            try {
                return LocalDate.parse(value, f);
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        return null;
    }

    /** A students-file row: the values of {@link StagingTables#STUDENT_COLUMNS} after run_id and line_number. */
    public static Verdict student(SpedCsvReader.Row row, boolean hasTransactionColumn) {
        String rawSsid = row.get("ssid");
        String rawLocal = row.get("local_student_id");
        if (row.problem() != null) {
            return rejected(Issue.Kind.ERROR, row.problem(), rawSsid, rawLocal);
        }
        String tx = row.get("transaction_type");
        if (!tx.isEmpty() && !tx.equalsIgnoreCase("A")) {
            return rejected(Issue.Kind.IGNORED, "Transaction Type '" + tx + "' is not applied (only A or blank)",
                    rawSsid, rawLocal);
        }
        Fields f = new Fields(row);
        recordType(f, "SPED");
        String ssid = f.ssid();
        String local = f.text("local_student_id", 16);
        if (rawSsid.isEmpty() && rawLocal.isEmpty()) {
            f.errors.add("both SSID and Local Student ID are missing");
        }
        String first = f.text("first_name", 30);
        String last = f.text("last_name", 50);
        LocalDate birth = f.date("birthdate");
        String grade = f.text("grade", 3);
        String school = f.text("school_of_attendance", 7);
        String lea = f.text("reporting_lea", 7);
        String selpa = f.text("reporting_selpa", 4);
        String accountability = f.text("district_of_accountability", 7);
        String year = f.text("academic_year_id", 9);
        String localRecord = f.text("local_record_id", 255);
        String localSped = f.text("local_sped_student_id", 20);
        LocalDate referral = f.date("referral_date");
        String referringParty = f.text("referring_party_code", 5);
        LocalDate consent = f.date("parental_consent_date");
        String meetingType = f.text("meeting_type_code", 5);
        LocalDate meeting = f.date("meeting_date");
        String evaluation = f.text("evaluation_id", 20);
        String delay = f.text("evaluation_delay_code", 5);
        String plan = f.code("plan_type_code", 5, SpedCodes.PLAN_TYPES, "plan type");
        LocalDate amendment = f.date("plan_amendment_date");
        String residence = f.text("residence_status_code", 5);
        LocalDate initialService = f.date("initial_service_start_date");
        String disability = f.code("disability_code", 5, SpedCodes.DISABILITIES, "disability");
        String disability2 = f.code("disability_code2", 5, SpedCodes.DISABILITIES, "disability");
        String setting = f.text("program_setting_code", 5);
        LocalDate exit = f.date("exit_date");
        String exitReason = f.text("exit_reason_code", 5);
        String transport = f.text("special_transportation", 1);
        if (!f.errors.isEmpty()) {
            return rejected(Issue.Kind.ERROR, String.join("; ", f.errors), rawSsid, rawLocal);
        }
        LocalDate eligibilityStart = initialService != null ? initialService
                : plan != null && SpedCodes.SERVICE_PLAN_TYPES.contains(plan) ? meeting : null;
        Object[] values = {
            ssid, local, localIdNumber(local), first, last, birth == null ? null : birth.toString(), grade,
            school, lea, selpa, accountability, year, localRecord, localSped,
            referral, referringParty, consent, meetingType, meeting, evaluation, delay, plan, amendment,
            residence, eligibilityStart, exit, disability, disability2, setting, exitReason, transport
        };
        return new Verdict(values, null, null, f.warnings, ssid, local);
    }

    /** A services-file row: ssid, local_id, then the sped_service values ({@link StagingTables#serviceRow}). */
    public static Verdict service(SpedCsvReader.Row row, boolean hasTransactionColumn) {
        String rawSsid = row.get("ssid");
        String rawLocal = row.get("local_student_id");
        if (row.problem() != null) {
            return rejected(Issue.Kind.ERROR, row.problem(), rawSsid, rawLocal);
        }
        String tx = row.get("transaction_type");
        if (hasTransactionColumn && !tx.equalsIgnoreCase("A") && !tx.equalsIgnoreCase("R")) {
            return rejected(Issue.Kind.IGNORED, "Transaction Type '" + tx + "' is not applied (only A or R)",
                    rawSsid, rawLocal);
        }
        Fields f = new Fields(row);
        recordType(f, "SSRV");
        String ssid = f.ssid();
        String local = f.text("local_student_id", 16);
        if (rawSsid.isEmpty() && rawLocal.isEmpty()) {
            f.errors.add("both SSID and Local Student ID are missing");
        }
        String evaluation = f.text("evaluation_id", 20);
        String service = f.text("service_code", 5);
        if (service == null && row.get("service_code").isEmpty()) {
            f.errors.add("the service code is missing");
        } else if (service != null && !SpedCodes.isKnownService(service)) {
            f.warnings.add("Unknown service code '" + service + "'; imported as given.");
        }
        String provider = f.text("provider_code", 5);
        String location = f.text("location_code", 5);
        String frequency = f.text("frequency_code", 5);
        Integer duration = null;
        String rawDuration = row.get("duration_minutes");
        if (!rawDuration.isEmpty()) {
            try {
                duration = Integer.valueOf(rawDuration);
            } catch (NumberFormatException e) {
                f.errors.add("duration_minutes '" + rawDuration + "' is not a whole number of minutes");
            }
        }
        if (frequency != null && (rawDuration.isEmpty() || (duration != null && duration < 10))) {
            f.errors.add("duration_minutes must be at least 10 when a frequency is given"
                    + (duration == null ? " (it is missing)" : " (it is " + duration + ")"));
        }
        String npa = f.text("nonpublic_agency_id", 20);
        if (SpedCodes.NONPUBLIC_AGENCY_PROVIDER.equals(provider) && npa == null) {
            f.errors.add("the Nonpublic Agency Identifier is required when the provider code is 400");
        }
        LocalDate start = f.date("start_date");
        LocalDate end = f.date("end_date");
        if (!f.errors.isEmpty()) {
            return rejected(Issue.Kind.ERROR, String.join("; ", f.errors), rawSsid, rawLocal);
        }
        Object[] values = {
            ssid, local, evaluation, service, provider, location, frequency, duration, npa, start, end
        };
        return new Verdict(values, null, null, f.warnings, ssid, local);
    }

    static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static void recordType(Fields f, String expected) {
        String v = f.row.get("record_type");
        if (!v.isEmpty() && !v.equalsIgnoreCase(expected)) {
            f.warnings.add("Record Type Code '" + v + "' is not " + expected + "; the row is read as " + expected + ".");
        }
    }

    private static Integer localIdNumber(String local) {
        if (local == null || local.length() > 9 || !digits(local, 0, local.length())) {
            return null;
        }
        return Integer.valueOf(local);
    }

    private static Verdict rejected(Issue.Kind kind, String reason, String ssid, String local) {
        return new Verdict(null, kind, reason, List.of(), ssid.isEmpty() ? null : ssid, local.isEmpty() ? null : local);
    }
}
