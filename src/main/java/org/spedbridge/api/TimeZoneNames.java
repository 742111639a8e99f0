package org.spedbridge.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

/**
 * A time zone as Windows displays it, which is what Aeries' systeminfo answers as LocalTimeZoneName
 * ("(UTC-08:00) Pacific Time (US &amp; Canada)"): the zone's standard offset, then Windows' name for it.
 * Java knows the IANA zones only; the Windows names of the US zones (the districts Aeries serves) are
 * listed here, any other zone gets its standard offset and Java's English name.
 */
final class TimeZoneNames {

    private TimeZoneNames() {
    }

    /** Windows' display names (Windows time zone registry), by IANA zone. */
    private static final Map<String, String> WINDOWS = Map.ofEntries(
            Map.entry("America/Los_Angeles", "Pacific Time (US & Canada)"),
            Map.entry("America/Denver", "Mountain Time (US & Canada)"),
            Map.entry("America/Phoenix", "Arizona"),
            Map.entry("America/Chicago", "Central Time (US & Canada)"),
            Map.entry("America/New_York", "Eastern Time (US & Canada)"),
            Map.entry("America/Anchorage", "Alaska"),
            Map.entry("Pacific/Honolulu", "Hawaii"),
            Map.entry("UTC", "Coordinated Universal Time"),
            Map.entry("Etc/UTC", "Coordinated Universal Time"));

    static String windowsDisplayName(ZoneId zone) {
        ZoneOffset standard = zone.getRules().getStandardOffset(Instant.now());
        String name = WINDOWS.get(zone.getId());
        if (name == null) {
            name = zone.getDisplayName(TextStyle.FULL, Locale.US);
        }
        String offset = standard.getTotalSeconds() == 0 ? "" : standard.getId();
        return "(UTC" + offset + ") " + name;
    }
}
