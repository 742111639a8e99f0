package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A students-file row matches the roster by SSID first, then by its numeric local ID as a student_id. */
class RosterKeysTest {

    private final RosterKeys roster = new RosterKeys(Map.of("1000000001", 1001, "1000000002", 1002),
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
