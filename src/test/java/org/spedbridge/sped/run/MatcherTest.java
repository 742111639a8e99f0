package org.spedbridge.sped.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.spedbridge.sped.Issue;

/** The match rule in one place: roster lookup, duplicates, and whose a service row is. */
class MatcherTest {

    /** A students-file row matches the roster by SSID first, then by its numeric local ID as a student_id. */
    @Nested
    class RosterLookup {

        private final Matcher.Roster roster = new Matcher.Roster(Map.of("1000000001", 1001, "1000000002", 1002),
                new int[] {1001, 1002, 1003});

        @Test
        void theSsidWinsOverTheLocalId() {
            assertThat(roster.match("1000000001", 1003)).isEqualTo(1001);
        }

        @Test
        void anUnknownSsidFallsBackToTheLocalId() {
            assertThat(roster.match("1000000009", 1003)).isEqualTo(1003);
            assertThat(roster.match(null, 1002)).isEqualTo(1002);
        }

        @Test
        void nothingMatchesWhenNeitherKeyIsInTheRoster() {
            assertThat(roster.match("1000000009", 4242)).isNull();
            assertThat(roster.match("1000000009", null)).isNull();
            assertThat(roster.match(null, null)).isNull();
        }
    }

    private static final Matcher.Roster ROSTER = new Matcher.Roster(
            Map.of("1000000001", 1001, "1000000002", 1002, "1000000004", 1004), new int[] {1001, 1002, 1003, 1004});

    private static List<String> match(Matcher m) throws Exception {
        List<String> out = new ArrayList<>();
        m.match(ROSTER, (line, studentId, outcome) -> out.add(line + ":" + studentId + ":" + outcome));
        return out;
    }

    @Test
    void aKeyOnTwoLinesOrTwoLinesOfOneStudentAreDuplicates() throws Exception {
        Matcher m = new Matcher();
        m.accepted(2, "1000000001", null);       // 1001 by SSID ...
        m.accepted(3, null, "1001");             // ... and again by local ID: both duplicates
        m.accepted(4, "1000000002", null);
        m.accepted(5, "1000000002", "77");       // the same SSID twice: both duplicates
        m.accepted(6, null, "1003");             // matched by local ID
        m.accepted(7, "1000000099", null);       // in no roster
        assertThat(match(m)).containsExactly("2:1001:DUPLICATE", "3:1001:DUPLICATE", "4:1002:DUPLICATE",
                "5:1002:DUPLICATE", "6:1003:MATCHED", "7:null:UNMATCHED");
        assertThat(m.count(Matcher.Outcome.DUPLICATE)).isEqualTo(4);
        assertThat(m.count(Matcher.Outcome.MATCHED)).isEqualTo(1);
        assertThat(m.count(Matcher.Outcome.UNMATCHED)).isEqualTo(1);
    }

    @Test
    void aServiceRowBelongsToTheStudentItsKeysImportedOrSaysWhyNot() throws Exception {
        Matcher m = new Matcher();
        m.accepted(2, "1000000001", "1001");
        m.accepted(3, "1000000099", null);
        m.rejected("1000000002", null, Issue.Kind.ERROR);
        m.rejected("1000000004", null, Issue.Kind.IGNORED);
        m.rejected(null, "1003", Issue.Kind.IGNORED);
        m.accepted(4, null, "1003");             // a later imported row of the same key wins over the ignored one
        match(m);
        assertThat(m.ownerOf("1000000001", null).studentId()).isEqualTo(1001);
        assertThat(m.ownerOf(null, "1001").studentId()).isEqualTo(1001);
        assertThat(m.ownerOf(null, "1003").studentId()).isEqualTo(1003);
        assertThat(m.ownerOf("1000000099", null).reason()).isEqualTo("the student's row matched no student in the SIS");
        assertThat(m.ownerOf("1000000002", null).reason()).isEqualTo("the student's row has errors");
        assertThat(m.ownerOf("1000000004", "1001").reason())
                .as("the SSID decides when the students file knows it").isEqualTo(
                        "the student's row was ignored (Transaction Type)");
        assertThat(m.ownerOf("1000000077", null)).isEqualTo(Matcher.NOT_IN_FILE);
        assertThat(m.ownerOf("1000000077", "1001").studentId()).as("an unknown SSID falls back to the local ID")
                .isEqualTo(1001);
    }
}
