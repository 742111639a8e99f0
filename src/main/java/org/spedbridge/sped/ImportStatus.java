package org.spedbridge.sped;

/** How an import run ended; the e-mail subject and the import-now exit code follow from it. */
public enum ImportStatus {
    /** The pair was applied in one transaction. Exit code 0. */
    APPLIED,
    /** The pair is byte-identical to the last applied pair; nothing was re-applied. Exit code 0. */
    UNCHANGED,
    /** The input was rejected before any write (missing key header, empty file, cut-off line, ...). Exit code 3. */
    REFUSED,
    /** Something outside the files failed (SFTP, host key, database, ...); nothing was written. Exit code 4. */
    FAILED;

    public int exitCode() {
        return switch (this) {
            case APPLIED, UNCHANGED -> 0;
            case REFUSED -> 3;
            case FAILED -> 4;
        };
    }
}
