package org.spedbridge.sped;

import java.util.List;
import java.util.Locale;

/**
 * The change hold's checks of one run (issue 10): before a run commits, what it would change is measured
 * against the current data, and a share over its threshold ({@code siras.import.hold.*}) holds the run for a
 * person to release. Each measure is a count out of a base; a threshold that is off, or a base of 0, never holds.
 * The first import (no run applied yet: the SIS' own special-education records are not SIRAS' data of a night
 * before) is measured but never held.
 *
 * @param measures    the three checks, in the order the report lists them
 * @param firstImport no run was applied before this one: nothing is held
 */
public record ChangeHold(List<Measure> measures, boolean firstImport) {

    /**
     * One check.
     *
     * @param what      for people: "students with a special-education record not in the file"
     * @param setting   the threshold's setting, {@code siras.import.hold.not-in-file-percent}
     * @param count     how many (students not in the file, services removed, fewer rows)
     * @param of        out of how many (students with a record, current services, rows of the last applied run)
     * @param threshold the threshold in per cent, null when the check is off
     */
    public record Measure(String what, String setting, long count, long of, Double threshold) {

        public double percent() {
            return of == 0 ? 0 : 100.0 * count / of;
        }

        /** Over the threshold: the run is held. */
        public boolean over() {
            return threshold != null && of > 0 && percent() > threshold;
        }

        /** "7 of 100 (7.0 %), hold over 5 % (siras.import.hold.not-in-file-percent)". */
        public String describe() {
            return what + ": " + count + " of " + of + " (" + percentText(percent()) + " %), "
                    + (threshold == null ? "check off" : "hold over " + percentText(threshold) + " %")
                    + " (" + setting + ")" + (over() ? ": OVER" : "");
        }
    }

    public boolean holds() {
        return !firstImport && measures.stream().anyMatch(Measure::over);
    }

    /** The measures over their threshold, one sentence each (the run's message). */
    public String reasons() {
        return String.join("; ", measures.stream().filter(Measure::over).map(Measure::describe).toList());
    }

    /** 7.5, 10, 0.04: at most two decimals, no trailing zeros. */
    public static String percentText(double p) {
        String s = String.format(Locale.ROOT, "%.2f", p);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
