package org.spedbridge.sped.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spedbridge.sped.Issue;
import org.spedbridge.sped.SirasLayout;

/**
 * THE match rule (specs/sped-files.md rules 3, 4 and 6), in one place: a students-file row matches the
 * roster by SSID (the roster's StateStudentID), else by its local ID as a StudentID; an SSID or local ID
 * that occurs on more than one row, or two rows that match the same student, make those rows DUPLICATE;
 * and a service row belongs to the student its SSID (else its local ID) imported in this run, or is
 * unmatched with the reason. Names, birth dates and genders are never keys.
 */
public final class Matcher {

    public enum Outcome { MATCHED, UNMATCHED, DUPLICATE }

    /** Whose a service row is: the student imported in this run ({@code studentId}), or why none ({@code reason}). */
    public record Owner(Integer studentId, String reason) {
        private static Owner because(String reason) {
            return new Owner(null, reason);
        }
    }

    static final Owner NOT_IN_FILE = Owner.because("the student is not in the students file");
    private static final Owner UNMATCHED = Owner.because("the student's row matched no student in the SIS");
    private static final Owner DUPLICATE = Owner.because(
            "the student's SSID or local ID occurs more than once in the students file");
    private static final Owner ERROR = Owner.because("the student's row has errors");
    private static final Owner IGNORED = Owner.because("the student's row was ignored (Transaction Type)");

    /** The roster's keys, read once per run: each SSID with the lowest student_id carrying it, and every student_id. */
    public record Roster(Map<String, Integer> bySsid, int[] sortedIds) {

        static Roster read(Connection c) throws SQLException {
            Map<String, Integer> bySsid = new HashMap<>();
            int[] ids = new int[1024];
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT student_id, state_student_id FROM student")) {
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int id = rs.getInt(1);
                        String ssid = rs.getString(2);
                        if (ssid != null) {
                            bySsid.merge(ssid, id, Math::min);
                        }
                        if (n == ids.length) {
                            ids = Arrays.copyOf(ids, n * 2);
                        }
                        ids[n++] = id;
                    }
                }
            }
            return new Roster(bySsid, Arrays.stream(ids, 0, n).sorted().distinct().toArray());
        }

        /** The roster student of a row: by SSID, else by the local ID as a student_id; null when neither. */
        Integer match(String ssid, Integer localIdNumber) {
            Integer bySsidMatch = ssid == null ? null : bySsid.get(ssid);
            if (bySsidMatch != null) {
                return bySsidMatch;
            }
            return localIdNumber != null && Arrays.binarySearch(sortedIds, localIdNumber) >= 0 ? localIdNumber : null;
        }
    }

    /** Receives each accepted students-file row's outcome. */
    interface Outcomes {
        void outcome(int line, Integer studentId, Outcome outcome) throws SQLException;
    }

    /** An accepted students-file row: its line and its keys. */
    private record Keys(int line, String ssid, String localId) {
    }

    private final List<Keys> accepted = new ArrayList<>();
    /** SSID / local ID of an accepted row -> its first line; a second line with the same key: both duplicates. */
    private final Map<String, Integer> firstLineOfSsid = new HashMap<>();
    private final Map<String, Integer> firstLineOfLocalId = new HashMap<>();
    private final Set<Integer> duplicateLines = new HashSet<>();
    /** SSID / local ID of a students-file row -> whose its services are (a student, or why nobody). */
    private final Map<String, Owner> bySsid = new HashMap<>();
    private final Map<String, Owner> byLocalId = new HashMap<>();
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);

    /** A students-file row that will be staged. */
    void accepted(int line, String ssid, String localId) {
        accepted.add(new Keys(line, ssid, localId));
        noteKey(firstLineOfSsid, ssid, line);
        noteKey(firstLineOfLocalId, localId, line);
    }

    /** A students-file row that was not imported (an error, or ignored): its services are unmatched for that reason. */
    void rejected(String ssid, String localId, Issue.Kind kind) {
        Owner why = kind == Issue.Kind.IGNORED ? IGNORED : ERROR;
        if (ssid != null) {
            bySsid.putIfAbsent(ssid, why);
        }
        if (localId != null) {
            byLocalId.putIfAbsent(localId, why);
        }
    }

    private void noteKey(Map<String, Integer> firstLines, String key, int line) {
        if (key != null) {
            Integer first = firstLines.putIfAbsent(key, line);
            if (first != null) {
                duplicateLines.add(first);
                duplicateLines.add(line);
            }
        }
    }

    /** Every accepted row's outcome against the roster, in file order. */
    void match(Roster roster, Outcomes out) throws SQLException {
        Integer[] matched = new Integer[accepted.size()];
        Map<Integer, Integer> linesOfStudent = new HashMap<>();
        for (int i = 0; i < matched.length; i++) {
            Keys row = accepted.get(i);
            matched[i] = roster.match(row.ssid(), SirasLayout.localIdNumber(row.localId()));
            if (matched[i] != null) {
                linesOfStudent.merge(matched[i], 1, Integer::sum);
            }
        }
        for (int i = 0; i < matched.length; i++) {
            Keys row = accepted.get(i);
            Integer studentId = matched[i];
            Outcome outcome = duplicateLines.contains(row.line())
                    || (studentId != null && linesOfStudent.get(studentId) > 1) ? Outcome.DUPLICATE
                    : studentId != null ? Outcome.MATCHED : Outcome.UNMATCHED;
            out.outcome(row.line(), studentId, outcome);
            outcomes.merge(outcome, 1, Integer::sum);
            Owner owner = switch (outcome) {
                case MATCHED -> new Owner(studentId, null);
                case UNMATCHED -> UNMATCHED;
                case DUPLICATE -> DUPLICATE;
            };
            if (row.ssid() != null) {
                bySsid.put(row.ssid(), owner);
            }
            if (row.localId() != null) {
                byLocalId.put(row.localId(), owner);
            }
        }
    }

    /** Whose a service row is: by its SSID, else by its local ID. */
    Owner ownerOf(String ssid, String localId) {
        Owner owner = ssid == null ? null : bySsid.get(ssid);
        if (owner == null && localId != null) {
            owner = byLocalId.get(localId);
        }
        return owner == null ? NOT_IN_FILE : owner;
    }

    int count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    Map<Outcome, Integer> outcomes() {
        return outcomes;
    }
}
