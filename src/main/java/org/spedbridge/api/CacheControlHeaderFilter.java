package org.spedbridge.api;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Camel's HTTP header filter, except that it lets a {@code Cache-Control} response header through (Camel's
 * drops it): the key pickup answers with {@code Cache-Control: no-store}, so that no browser or proxy keeps
 * the key it handed out. Set on the pickup route's platform-http endpoint (routes/key-pickup.camel.yaml).
 */
public final class CacheControlHeaderFilter extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
