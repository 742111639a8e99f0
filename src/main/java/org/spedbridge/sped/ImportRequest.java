package org.spedbridge.sped;

/**
 * A pair to import. {@code trigger} says who asked: "schedule", "now" (command line), "jmx", "admin",
 * "manual" (import-files), "demo".
 */
public record ImportRequest(String trigger, SourceFile students, SourceFile services) {
}
