package org.spedbridge.api;

import org.apache.camel.Exchange;

/** Response hygiene shared by answers and errors. */
final class ApiResponses {

    private ApiResponses() {
    }

    /**
     * Removes every request header (platform-http would echo them as response headers) except
     * Camel's own, which are not sent and which the audit reads.
     */
    static void clearRequestHeaders(Exchange exchange) {
        exchange.getMessage().removeHeaders("*", "Camel*");
    }
}
