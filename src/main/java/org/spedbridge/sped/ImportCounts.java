package org.spedbridge.sped;

/** The numbers the report, the run record, JMX and metrics show. */
public record ImportCounts(
        int rowsRead,
        int matched,
        int unmatched,
        int duplicates,
        int errors,
        int ignored,
        int warnings,
        int serviceRowsRead,
        int servicesImported,
        int servicesUnmatched,
        int notInFile) {

    public static final ImportCounts NONE = new ImportCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
