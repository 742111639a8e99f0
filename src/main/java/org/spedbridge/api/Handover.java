package org.spedbridge.api;

import java.util.Locale;

/** How a key was given to its user (api_key.handover; {@code keys list} shows it). */
public enum Handover {
    /** Printed once on the terminal ({@code keys create} without a handover option). */
    PRINTED,
    /** Written to a new file readable by its owner only ({@code --out}). */
    FILE,
    /** Written to a file encrypted to the user's OpenPGP public key ({@code --encrypt-to}). */
    ENCRYPTED,
    /** A one-time pickup link on the API server ({@code --pickup}). */
    PICKUP,
    /** Registered from standard input: the user already has it ({@code keys import}). */
    IMPORTED;

    /** The stored and shown form: printed, file, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Handover of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
