package org.spedbridge.sped;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the rows of one file against its {@link SirasLayout}: each row is imported with its values, or
 * rejected as an error (a structural problem, a bad date, an over-long field, a broken rule...) or ignored
 * (Transaction Type); warnings (unknown codes, another record type, any problem in a field the SIS only reads:
 * {@link Field#readOnly()}) travel with an imported row. The
 * columns are found once per file, so each row is checked by position.
 */
public final class RowValidator {

    /** The verdict on one row: its values (null when not imported), why not, warnings, and its keys. */
    public record Verdict(RowValues values, Issue.Kind rejectedAs, String reason, List<String> warnings,
            String ssid, String localId) {
        public boolean accepted() {
            return values != null;
        }
    }

    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("MM/dd/uuuu").withResolverStyle(ResolverStyle.STRICT));

    private final SirasLayout layout;
    /** Field index -> the file's column, or -1 when the file has none. */
    private final int[] columnOf;
    private final Field transaction;
    private final Field ssid;
    private final Field localId;

    private RowValidator(SirasLayout layout, SpedCsvReader reader) {
        this.layout = layout;
        List<Field> fields = layout.fields();
        this.columnOf = new int[fields.size()];
        Field tx = null;
        for (Field f : fields) {
            columnOf[f.index()] = f.kind() == Field.Kind.KNOWN ? -1 : reader.column(f.name());
            if (f.kind() == Field.Kind.TRANSACTION && columnOf[f.index()] >= 0) {
                tx = f;
            }
        }
        this.transaction = tx;
        this.ssid = layout.field(SirasLayout.SSID);
        this.localId = layout.field(SirasLayout.LOCAL_ID);
    }

    /** The validator for a file whose header the reader has read. */
    public static RowValidator of(SirasLayout layout, SpedCsvReader reader) {
        return new RowValidator(layout, reader);
    }

    public Verdict check(SpedCsvReader.Row row) {
        String[] raw = new String[columnOf.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = columnOf[i] < 0 ? "" : row.cell(columnOf[i]);
        }
        String rawSsid = raw[ssid.index()];
        String rawLocal = raw[localId.index()];
        if (row.problem() != null) {
            return rejected(Issue.Kind.ERROR, row.problem(), rawSsid, rawLocal);
        }
        if (transaction != null && !accepts(transaction, raw[transaction.index()])) {
            return rejected(Issue.Kind.IGNORED, "Transaction Type '" + raw[transaction.index()]
                    + "' is not applied (only " + describe(transaction) + ")", rawSsid, rawLocal);
        }
        Object[] values = new Object[raw.length];
        RowValues checked = new RowValues(layout, raw, values);
        List<String> errors = null;
        List<String> warnings = null;
        for (SirasLayout.Step step : layout.steps()) {
            if (step instanceof Field f) {
                String problem = checkField(f, raw[f.index()], values);
                if (problem != null && f.readOnly()) {
                    warnings = add(warnings, problem + notStored(f));
                } else if (problem != null) {
                    errors = add(errors, problem);
                }
                Object value = values[f.index()];
                if (problem == null && f.codes() != null && value != null && !f.codes().known().test((String) value)) {
                    warnings = add(warnings, f.codes().problem(f.name(), (String) value)
                            + (f.readOnly() ? notStored(f) : "; imported as given."));
                } else if (f.kind() == Field.Kind.RECORD_TYPE && !raw[f.index()].isEmpty()
                        && !raw[f.index()].equalsIgnoreCase(f.accepted().get(0))) {
                    String expected = f.accepted().get(0);
                    warnings = add(warnings, "Record Type Code '" + raw[f.index()] + "' is not " + expected
                            + "; the row is read as " + expected + ".");
                }
            } else {
                String error = ((SirasLayout.Rule) step).check().apply(checked);
                if (error != null) {
                    errors = add(errors, error);
                }
            }
        }
        if (errors != null) {
            return rejected(Issue.Kind.ERROR, String.join("; ", errors), rawSsid, rawLocal);
        }
        return new Verdict(checked, null, null, warnings == null ? List.of() : warnings,
                (String) values[ssid.index()], (String) values[localId.index()]);
    }

    /**
     * Sets the field's value from its cell; returns its problem, or null. A read-only field with a problem keeps
     * what the report can show: text cut to its limit with control characters replaced, no date.
     */
    private static String checkField(Field f, String v, Object[] values) {
        if (v.isEmpty()) {
            return f.missing();
        }
        switch (f.kind()) {
            case SSID -> {
                if (v.length() != 10 || !digits(v, 0, 10)) {
                    return "SSID '" + v + "' is not 10 digits";
                }
                values[f.index()] = v;
            }
            case TEXT -> {
                String tooLong = v.length() <= f.maxLength() ? null : tooLong(f, v);
                String odd = f.characters().problem(f.name(), v);
                if (tooLong == null && odd == null) {
                    values[f.index()] = v;
                    return null;
                }
                if (f.readOnly()) {
                    values[f.index()] = shown(v, f.maxLength());
                }
                return tooLong == null ? odd : odd == null ? tooLong : tooLong + "; " + odd;
            }
            case DATE -> {
                LocalDate d = parseDate(v);
                if (d == null) {
                    return f.name() + " '" + v + "' is not a date (CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY)";
                }
                values[f.index()] = d;
            }
            case MINUTES -> {
                try {
                    values[f.index()] = Integer.valueOf(v);
                } catch (NumberFormatException e) {
                    return f.name() + " '" + v + "' is not a whole number of minutes";
                }
            }
            default -> {
                // KNOWN, RECORD_TYPE, TRANSACTION: not a value of the row
            }
        }
        return null;
    }

    /**
     * Why a text is too long. Never cut on the way in: a stored field names its column and the column's width (the
     * layout's limit); a read-only one says what the report shows.
     */
    private static String tooLong(Field f, String v) {
        String why = f.name() + " is longer than " + f.maxLength() + " characters (" + v.length() + ")";
        if (f.readOnly()) {
            return why + "; the report shows its first " + f.maxLength();
        }
        return f.stored() == null ? why : why + ": column " + f.stored() + " holds at most " + f.maxLength();
    }

    /** The end of a warning about a read-only field. */
    private static String notStored(Field f) {
        return "; the row is imported (the SIS does not store " + f.name() + ")";
    }

    /** A read-only value as the report can show it: at most {@code max} characters, control characters as U+FFFD. */
    private static String shown(String v, int max) {
        int end = Math.min(v.length(), max);
        if (end < v.length() && end > 0 && Character.isHighSurrogate(v.charAt(end - 1))) {
            end--;
        }
        StringBuilder b = new StringBuilder(end);
        v.substring(0, end).codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? 0xFFFD : c));
        return b.toString();
    }

    private static boolean accepts(Field transaction, String value) {
        for (String a : transaction.accepted()) {
            if (a.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Field transaction) {
        List<String> names = new ArrayList<>();
        for (String a : transaction.accepted()) {
            names.add(a.isEmpty() ? "blank" : a.toUpperCase(Locale.ROOT));
        }
        return String.join(" or ", names);
    }

    private static List<String> add(List<String> list, String item) {
        List<String> l = list == null ? new ArrayList<>(2) : list;
        l.add(item);
        return l;
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

    private static Verdict rejected(Issue.Kind kind, String reason, String ssid, String local) {
        return new Verdict(null, kind, reason, List.of(), ssid.isEmpty() ? null : ssid, local.isEmpty() ? null : local);
    }
}
