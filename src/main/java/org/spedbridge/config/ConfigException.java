package org.spedbridge.config;

/** A setting is missing or wrong; the message names it and says how to fix it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
