package org.spedbridge.api;

import java.util.Locale;
import org.apache.camel.Exchange;

/**
 * JSON or XML, as the request's {@code Accept} asks (Aeries, "Building a Request": {@code Accept:
 * text/xml, ...} for XML, {@code application/json, ...} for JSON). The media range with the highest q
 * wins, then the more specific one ({@code text/xml} over a wildcard), then the earlier one; a wildcard
 * or no Accept at all is JSON. Nothing acceptable ({@code text/html} alone): 406.
 */
public enum ResponseFormat {
    JSON("application/json; charset=utf-8"),
    XML("application/xml; charset=utf-8");

    /** Exchange property: the {@link Choice} of the request. */
    public static final String PROPERTY = "spedbridge.api.format";

    /** The format and the content type it is sent as ({@code text/xml} when that was asked for). */
    public record Choice(ResponseFormat format, String contentType) {
    }

    private static final Choice DEFAULT = new Choice(JSON, JSON.contentType);
    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The choice for an Accept header value; null when nothing in it is JSON or XML. */
    public static Choice negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return DEFAULT;
        }
        Choice best = null;
        double bestQ = 0;
        int bestSpecific = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            Choice choice;
            int specific;
            switch (type) {
                case "application/json", "text/json" -> {
                    choice = DEFAULT;
                    specific = 2;
                }
                case "application/xml", "text/xml" -> {
                    choice = new Choice(XML, type + "; charset=utf-8");
                    specific = 2;
                }
                case "application/*", "text/*" -> {
                    choice = DEFAULT;
                    specific = 1;
                }
                case "*/*", "*" -> {
                    choice = DEFAULT;
                    specific = 0;
                }
                default -> {
                    continue;
                }
            }
            if (q > 0 && (q > bestQ || (q == bestQ && specific > bestSpecific))) {
                best = choice;
                bestQ = q;
                bestSpecific = specific;
            }
        }
        return best;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    return Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).trim())));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** Negotiates for the request and remembers the choice on the exchange; 406 when nothing fits. */
    static Choice choose(Exchange exchange) {
        Choice c = negotiate(exchange.getMessage().getHeader("Accept", String.class));
        if (c == null) {
            throw new ApiException(406, "The Accept header asks for a format this API does not have. "
                    + "Ask for application/json (the default) or for XML with text/xml or application/xml.");
        }
        exchange.setProperty(PROPERTY, c);
        return c;
    }

    /** The choice made for the exchange (JSON when none was made, e.g. before the guard ran). */
    static Choice of(Exchange exchange) {
        Choice c = exchange.getProperty(PROPERTY, Choice.class);
        return c == null ? DEFAULT : c;
    }
}
