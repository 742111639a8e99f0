package org.spedbridge.api;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;

/**
 * The API's HTTP server (Camel Main's {@code camel.server.*}, Vert.x): TLS from the api.tls.*
 * settings, the port it really bound (api.port=0 picks a free one), and a start that FAILS when
 * the port cannot be bound (Camel itself only logs a WARN).
 */
public final class ApiServer {

    private ApiServer() {
    }

    /** The routes on the API server (the API, the admin endpoint, the key pickup); not loaded when api.enabled=false (they would need the HTTP server). */
    static final String ROUTES = "**/aeries-api.camel.yaml,**/admin.camel.yaml,**/key-pickup.camel.yaml";

    /**
     * Camel Main properties derived from the api.* settings: with api.enabled=false the REST routes
     * are not loaded; with api.tls.keystore-file set, TLS is on for the API port (the keystore
     * becomes Camel's global SSL context, which the API server uses).
     */
    public static Properties camelProperties(Settings settings) {
        Properties p = new Properties();
        if (!settings.getBoolean("api.enabled")) {
            String exclude = settings.get("camel.main.routes-exclude-pattern");
            p.setProperty("camel.main.routes-exclude-pattern", exclude.isEmpty() ? ROUTES : exclude + "," + ROUTES);
            return p;
        }
        String file = settings.get("api.tls.keystore-file");
        if (file.isEmpty()) {
            return p;
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new ConfigException("The API keystore " + path.toAbsolutePath() + " (api.tls.keystore-file) "
                    + "does not exist or cannot be read. Fix the path, or leave the setting empty for plain HTTP.");
        }
        String password = settings.get("api.tls.keystore-password");
        if (password.isEmpty()) {
            throw new ConfigException("api.tls.keystore-file is set but the keystore password is missing: "
                    + "set the environment variable API_TLS_KEYSTORE_PASSWORD.");
        }
        p.setProperty("camel.ssl.enabled", "true");
        p.setProperty("camel.ssl.keyStore", "file:" + path.toAbsolutePath());
        p.setProperty("camel.ssl.keystorePassword", password);
        p.setProperty("camel.ssl.keyStoreType", settings.require("api.tls.keystore-type"));
        p.setProperty("camel.server.useGlobalSslContextParameters", "true");
        return p;
    }

    /** The port the API server listens on (the real one when api.port=0), or -1 when it is not running. */
    public static int boundPort(CamelContext context) {
        VertxPlatformHttpServer server = vertxServer(context);
        if (server == null || server.getServer() == null) {
            return -1;
        }
        // Vert.x keeps the configured port when the bind failed: ask whether it is listening
        if (server.getServer() instanceof TCPServerBase tcp && !tcp.isListening()) {
            return -1;
        }
        return server.getServer().actualPort();
    }

    /** A Main listener that makes the start fail when the API is enabled but its port is not listening. */
    public static MainListener failStartUnlessListening(Settings settings) {
        return whenStarted(failIfNotListening(settings));
    }

    /** A Main listener that adds the startup listener to the context once it is configured. */
    public static MainListener whenStarted(StartupListener listener) {
        return new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                try {
                    main.getCamelContext().addStartupListener(listener);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    static StartupListener failIfNotListening(Settings settings) {
        return (context, alreadyStarted) -> {
            if (!settings.getBoolean("api.enabled")) {
                return;
            }
            int wanted = settings.getInt("api.port");
            int bound = boundPort(context);
            if (bound <= 0 || (wanted != 0 && bound != wanted)) {
                throw new ConfigException("The API server could not listen on " + settings.require("api.host")
                        + ":" + wanted + " (is another program using the port?). Free the port or change api.port.");
            }
        };
    }

    /** The router of the API server (not the management server's), or null when the API is not running. */
    public static VertxPlatformHttpRouter router(CamelContext context) {
        VertxPlatformHttpServer server = vertxServer(context);
        if (server == null) {
            return null;
        }
        for (VertxPlatformHttpRouter r : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (r.getServer() == server) {
                return r;
            }
        }
        return null;
    }

    private static VertxPlatformHttpServer vertxServer(CamelContext context) {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (main == null) {
            return null;
        }
        try {
            // MainHttpServer does not expose its Vert.x server; the field holds it (camel-platform-http-main 4.17).
            Field f = MainHttpServer.class.getDeclaredField("server");
            f.setAccessible(true);
            return (VertxPlatformHttpServer) f.get(main);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Cannot find the API's HTTP server in this Camel version", e);
        }
    }
}
