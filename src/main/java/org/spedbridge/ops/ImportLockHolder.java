package org.spedbridge.ops;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Who holds the SIRAS import lock: the process (host and pid), the run's trigger, and since when. */
record ImportLockHolder(String host, long pid, String trigger, Instant since) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.US);

    String describe(ZoneId zone) {
        return "trigger '" + trigger + "' on host " + host + " (process " + pid + ") since "
                + TIME.format(since.atZone(zone));
    }
}
