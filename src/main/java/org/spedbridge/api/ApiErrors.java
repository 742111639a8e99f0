package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed API request into Aeries' error shape {@code {"Message": "..."}} with the HTTP
 * status, written as JSON text here (the REST binding is off).
 */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void answer(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        Map<String, String> headers = Map.of();
        if (e instanceof ApiException api) {
            status = api.status();
            message = api.getMessage();
            headers = api.headers();
        } else {
            status = 500;
            message = "The server could not answer this request. The error was logged; try again later "
                    + "or tell the district's sped-bridge administrator.";
            LOG.error("API request {} failed: {}", ApiAudit.path(exchange),
                    e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        ApiResponses.clearRequestHeaders(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        headers.forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(json(message));
    }

    static String json(String message) {
        try {
            return JSON.writeValueAsString(Map.of("Message", message));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
