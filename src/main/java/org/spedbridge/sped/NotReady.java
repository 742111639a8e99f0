package org.spedbridge.sped;

/**
 * A SIRAS file is not ready to be read: SIRAS is still writing it (it changed while it was downloaded). The run ends
 * FAILED with this message, and the next run tries again ({@link FileReadiness}).
 */
public final class NotReady extends Exception {

    public NotReady(String message) {
        super(message);
    }
}
