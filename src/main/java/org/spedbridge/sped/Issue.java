package org.spedbridge.sped;

/** One problem found in a file: recorded in import_issue and listed in Special_Ed_Errors.csv. */
public record Issue(String fileName, long line, String ssid, Kind kind, String reason) {

    public enum Kind {
        ERROR, IGNORED, WARNING;

        /** As stored and reported: error, ignored, warning. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
