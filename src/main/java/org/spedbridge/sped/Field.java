package org.spedbridge.sped;

import java.sql.Types;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * One field of a SIRAS file, as {@link SirasLayout} declares it: its name (what the header aliases map a
 * column to), how a cell is checked, and where the value goes. Built with the factories and the
 * {@code with...} steps below; the layout gives each field its position ({@link #index()}).
 *
 * @param index      the field's position in its layout (set by {@link SirasLayout})
 * @param name       the field (header-aliases.csv's {@code field} column; error messages name it)
 * @param kind       how a cell is checked
 * @param maxLength  for text: the longest value accepted (longer is a row error)
 * @param codes      for text: the known codes (an unknown one is a warning), or null
 * @param missing    the row error when the cell is empty, or null when it may be empty
 * @param accepted   for {@link Kind#TRANSACTION}: the values that apply ("" = blank); for
 *                   {@link Kind#RECORD_TYPE}: the one expected value
 * @param staged     the staging table's column (the students file: sped_stage_student), or null
 * @param stagedAsText staged as its text (ISO date) rather than as its type
 * @param stored     the column the SIS keeps it in (sped_record for students, sped_service for services), or null
 * @param keepOld    the stored value is not replaced by a blank one
 * @param characters for text: the characters it may hold (another one is a problem)
 * @param readOnly   the SIS only reads it (a matching hint, a report column) and never stores it: a problem in it
 *                   is a warning and the row is imported; a problem in any other field is a row error
 */
public record Field(int index, String name, Kind kind, int maxLength, CodeSet codes, String missing,
        List<String> accepted, String staged, boolean stagedAsText, String stored, boolean keepOld,
        Characters characters, boolean readOnly)
        implements SirasLayout.Step {

    /** How a cell is checked. */
    public enum Kind {
        /** A known column the import does not read (no "unknown column" warning). */
        KNOWN,
        /** Record Type Code: another value than the layout's is a warning. */
        RECORD_TYPE,
        /** Transaction Type: a row whose value is not accepted is ignored (when the file has the column). */
        TRANSACTION,
        /** The statewide student identifier: 10 digits. */
        SSID,
        /** Text up to {@code maxLength}; empty = no value. */
        TEXT,
        /** A date: CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY. */
        DATE,
        /** A whole number of minutes. */
        MINUTES
    }

    /** The codes a field is checked against: an unknown code is a warning (districts use local codes). */
    public record CodeSet(String what, java.util.function.Predicate<String> known, boolean namesField) {
        String problem(String field, String value) {
            return "Unknown " + what + " code '" + value + "'" + (namesField ? " (" + field + ")" : "");
        }
    }

    /** The characters a text field may hold: a value with another one has a problem that names them. */
    public record Characters(String what, IntPredicate allowed) {
        /** Anything but a control character (NUL, a bell, a line break inside a quoted cell...). */
        public static final Characters PRINTABLE = new Characters("printable characters",
                c -> !Character.isISOControl(c));
        /** A person's name: letters of any script with their accents, spaces, apostrophes, hyphens and periods. */
        public static final Characters NAME = new Characters("letters, spaces, apostrophes, hyphens and periods",
                c -> Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK
                        || Character.getType(c) == Character.COMBINING_SPACING_MARK || " '\u2019-.".indexOf(c) >= 0);

        /**
         * The problem with a value ("first_name has characters other than ...: '<' U+0007"), or null when it has
         * none; invisible characters (controls, spaces other than the plain one) are named by their code point.
         */
        String problem(String field, String value) {
            if (allAllowed(value)) {
                return null;
            }
            Set<String> odd = new LinkedHashSet<>();
            value.codePoints().filter(c -> !allowed.test(c)).forEach(c -> odd.add(Character.isISOControl(c)
                    || Character.isWhitespace(c) || Character.isSpaceChar(c) ? String.format("U+%04X", c)
                    : "'" + Character.toString(c) + "'"));
            return field + " has characters other than " + what + ": " + String.join(" ", odd);
        }

        /** A plain loop: every text cell of every row passes here. */
        private boolean allAllowed(String value) {
            for (int i = 0; i < value.length(); ) {
                int c = value.codePointAt(i);
                if (!allowed.test(c)) {
                    return false;
                }
                i += Character.charCount(c);
            }
            return true;
        }
    }

    public static Field known(String name) {
        return of(name, Kind.KNOWN, 0, List.of());
    }

    public static Field recordType(String name, String expected) {
        return of(name, Kind.RECORD_TYPE, 0, List.of(expected));
    }

    /** Transaction Type: only these values apply ("" = blank), compared without case. */
    public static Field transaction(String name, String... applied) {
        return of(name, Kind.TRANSACTION, 0, List.of(applied));
    }

    public static Field ssid(String name) {
        return of(name, Kind.SSID, 10, List.of());
    }

    public static Field text(String name, int maxLength) {
        return of(name, Kind.TEXT, maxLength, List.of());
    }

    public static Field date(String name) {
        return of(name, Kind.DATE, 0, List.of());
    }

    public static Field minutes(String name) {
        return of(name, Kind.MINUTES, 0, List.of());
    }

    private static Field of(String name, Kind kind, int maxLength, List<String> accepted) {
        return new Field(-1, name, kind, maxLength, null, null, accepted, null, false, null, false,
                Characters.PRINTABLE, false);
    }

    /** Checked against these codes (a warning when unknown). */
    public Field withCodes(CodeSet set) {
        return new Field(index, name, kind, maxLength, set, missing, accepted, staged, stagedAsText, stored, keepOld,
                characters, readOnly);
    }

    /** An empty cell is this row error. */
    public Field withRequired(String message) {
        return new Field(index, name, kind, maxLength, codes, message, accepted, staged, stagedAsText, stored, keepOld,
                characters, readOnly);
    }

    /** Staged (for the report) in the column of its own name, not kept by the SIS. */
    public Field withStaged() {
        return withStaged(name);
    }

    public Field withStaged(String column) {
        return new Field(index, name, kind, maxLength, codes, missing, accepted, column, stagedAsText, stored, keepOld,
                characters, readOnly);
    }

    /** Staged as text (a date as YYYY-MM-DD). */
    public Field withStagedAsText() {
        return new Field(index, name, kind, maxLength, codes, missing, accepted, staged, true, stored, keepOld,
                characters, readOnly);
    }

    /** Kept by the SIS in the column of its own name. */
    public Field withStored() {
        return withStored(name);
    }

    public Field withStored(String column) {
        return new Field(index, name, kind, maxLength, codes, missing, accepted, staged, stagedAsText, column, keepOld,
                characters, readOnly);
    }

    /** A blank value does not replace the stored one. */
    public Field withKeepOld() {
        return new Field(index, name, kind, maxLength, codes, missing, accepted, staged, stagedAsText, stored, true,
                characters, readOnly);
    }

    /** A text field that may hold only these characters (by default: any but control characters). */
    public Field withCharacters(Characters allowed) {
        return new Field(index, name, kind, maxLength, codes, missing, accepted, staged, stagedAsText, stored, keepOld,
                allowed, readOnly);
    }

    /**
     * Only read by the SIS, never stored (a matching hint, a report column): a problem in it (too long, other
     * characters, an unknown code, not a date) is a warning with the line and the reason, and the row is imported.
     */
    public Field withReadOnly() {
        return new Field(index, name, kind, maxLength, codes, missing, accepted, staged, stagedAsText, stored, keepOld,
                characters, true);
    }

    Field at(int position, boolean stagedWhenStored) {
        String stagedColumn = staged == null && stagedWhenStored ? stored : staged;
        return new Field(position, name, kind, maxLength, codes, missing, accepted, stagedColumn, stagedAsText, stored,
                keepOld, characters, readOnly);
    }

    /** The JDBC type of the value (text for a date staged as text). */
    int sqlType(boolean asStaged) {
        return switch (kind) {
            case DATE -> asStaged && stagedAsText ? Types.VARCHAR : Types.DATE;
            case MINUTES -> Types.INTEGER;
            default -> Types.VARCHAR;
        };
    }
}
