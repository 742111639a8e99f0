package org.spedbridge.api;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine of the API, pinned to the API server's port.
 * <p>
 * Camel's engine finds "its" server by type; with the management server (health, metrics) running
 * beside the API server there are two, the lookup finds none and falls back to port 8080, so the
 * REST routes could not start on any other {@code api.port}. The router of the API server is named
 * after its configured port, so that is the port this engine reports.
 */
public final class ApiHttpEngine extends VertxPlatformHttpEngine {

    private final int apiPort;

    public ApiHttpEngine(int apiPort) {
        this.apiPort = apiPort;
    }

    @Override
    public int getServerPort() {
        return apiPort;
    }
}
