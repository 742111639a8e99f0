package org.spedbridge.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a key can be granted: the five table/program areas of Aeries' permission grid that SIRAS needs
 * ({@link #AERIES}), and sped-bridge's own {@link #IMPORT_ADMIN}, which no Aeries endpoint checks.
 * Code that means "everything SIRAS needs" uses {@link #AERIES}, never {@code values()}.
 */
public enum Area {
    STUDENT_DATA("student-data", "Student Data"),
    SPECIAL_PROGRAMS("special-programs", "Special Programs"),
    SPECIAL_EDUCATION("special-education", "Special Education"),
    CONTACTS("contacts", "Contacts"),
    ENROLLMENT_HISTORY("enrollment-history", "Enrollment History"),
    /** Run the SIRAS import now through {@code POST /admin/import-now}: for operators, never for SIRAS. */
    IMPORT_ADMIN("import-admin", "import-admin");

    /** The five Aeries areas SIRAS needs (the demo's and the bench's keys, what {@code check api} probes). */
    public static final Set<Area> AERIES = Collections.unmodifiableSet(
            EnumSet.of(STUDENT_DATA, SPECIAL_PROGRAMS, SPECIAL_EDUCATION, CONTACTS, ENROLLMENT_HISTORY));

    private final String id;
    private final String title;

    Area(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** Our id, as stored in api_key.areas and typed on the command line. */
    public String id() {
        return id;
    }

    /** Aeries' name for it (import-admin: its id, as {@code keys grant} takes it), used in 403 messages. */
    public String title() {
        return title;
    }

    public static String validIds() {
        return Arrays.stream(values()).map(Area::id).collect(Collectors.joining(", "));
    }

    public static Area of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Area a : values()) {
            if (a.id.equals(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown area '" + id.trim() + "'. Valid areas: " + validIds() + ".");
    }

    /** "contacts,student-data" -> set; blank parts ignored; an unknown id is an IllegalArgumentException. */
    public static Set<Area> parse(String csv) {
        Set<Area> out = EnumSet.noneOf(Area.class);
        if (csv == null) {
            return out;
        }
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                out.add(of(part));
            }
        }
        return out;
    }

    public static Set<Area> parse(Collection<String> ids) {
        return parse(String.join(",", ids));
    }

    /** The stored form: ids in declaration order, comma-separated. */
    public static String format(Set<Area> areas) {
        return areas.stream().sorted().map(Area::id).collect(Collectors.joining(","));
    }
}
