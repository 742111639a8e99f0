package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed API request into Aeries' error shape {@code {"Message": "..."}} with the HTTP
 * status, written as JSON text here (the REST binding is off). Every error is JSON, also when XML was
 * asked for (clients parse error bodies as JSON; issue 9), and also the ones the HTTP server answers
 * itself ({@link ApiHttpErrors}).
 */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void answer(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e instanceof ApiException api) {
            write(exchange, api);
            return;
        }
        LOG.error("API request {} failed: {}", ApiAudit.path(exchange),
                e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        write(exchange, new ApiException(500, SERVER_ERROR));
    }

    /** The message of a 500: what happened to the request, never why (that is in the log). */
    static final String SERVER_ERROR = "The server could not answer this request. The error was logged; try again later "
            + "or tell the district's sped-bridge administrator.";

    /** Makes the exchange's answer this error: its status, its headers and {"Message": ...} as JSON, whatever was asked for. */
    static void write(Exchange exchange, ApiException error) {
        ApiResponses.clearRequestHeaders(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        error.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(json(error.getMessage()));
    }

    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    static String json(String message) {
        try {
            return JSON.writeValueAsString(Map.of("Message", message));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
