package org.spedbridge.sped;

/** The input cannot be imported at all (whole pair REFUSED, nothing written); the message says what to do. */
public final class ImportRefused extends Exception {

    private final String fileName;

    public ImportRefused(String fileName, String message) {
        super(message);
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
