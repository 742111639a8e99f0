package org.spedbridge.sped;

/** The two SIRAS files: the students file (tableA, CALPADS SPED) and the services file (tableB, SSRV). */
public enum SpedFile {
    STUDENTS("students"),
    SERVICES("services");

    private final String key;

    SpedFile(String key) {
        this.key = key;
    }

    /** The name used in header-aliases.csv. */
    public String key() {
        return key;
    }
}
