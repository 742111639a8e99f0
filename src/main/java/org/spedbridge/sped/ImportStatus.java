package org.spedbridge.sped;

/**
 * How an import run ended; the e-mail subject and the import-now exit code follow from it. A dry run ends with the
 * status the real run would have had ({@link ImportResult#dryRun}).
 */
public enum ImportStatus {
    /** The pair was applied in one transaction. Exit code 0. */
    APPLIED,
    /** The pair is byte-identical to the last applied pair; nothing was re-applied. Exit code 0. */
    UNCHANGED,
    /** The input was rejected before any write (missing key header, empty file, cut-off line, ...). Exit code 3. */
    REFUSED,
    /** Something outside the files failed (SFTP, host key, database, ...); nothing was written. Exit code 4. */
    FAILED,
    /**
     * The change hold stopped the run before its commit (too many students not in the file, services removed or
     * fewer rows than the last applied run): nothing was written; the files wait in the run folder for a person to
     * release them. Exit code 6.
     */
    HELD;

    public int exitCode() {
        return switch (this) {
            case APPLIED, UNCHANGED -> 0;
            case REFUSED -> 3;
            case FAILED -> 4;
            case HELD -> 6;
        };
    }
}
