package org.spedbridge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;

/**
 * Boots sped-bridge: opens the database (migrations first), binds the beans the routes call,
 * and runs the YAML routes from {@code routes/} on Camel Main. Nothing else lives here.
 */
public final class SpedBridgeApp implements AutoCloseable {

    private final Settings settings;
    private final Database database;
    private final Main main;

    private SpedBridgeApp(Settings settings, Database database, Main main) {
        this.settings = settings;
        this.database = database;
        this.main = main;
    }

    /** Builds the application; nothing runs until {@link #start()} or {@link #runUntilStopped()}. */
    public static SpedBridgeApp create(Settings settings) {
        Database database = Database.open(settings);
        Main main = new Main();
        java.util.Properties camelProperties = settings.resolved();
        camelProperties.putAll(org.spedbridge.api.ApiServer.camelProperties(settings));
        main.setOverrideProperties(camelProperties);
        main.addMainListener(org.spedbridge.api.ApiServer.failStartUnlessListening(settings));
        for (Map.Entry<String, Object> bean : beans(settings, database).entrySet()) {
            main.bind(bean.getKey(), bean.getValue());
        }
        return new SpedBridgeApp(settings, database, main);
    }

    /** The beans the routes refer to by name, in one place. */
    private static Map<String, Object> beans(Settings settings, Database database) {
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("settings", settings);
        beans.put("database", database);
        beans.put("dataSource", database.dataSource());
        org.spedbridge.api.ApiKeys apiKeys = new org.spedbridge.api.ApiKeys(database,
                java.time.Clock.systemDefaultZone(), settings.getInt("api.keys.last-used-write-seconds", 60));
        beans.put("apiKeys", apiKeys);
        org.spedbridge.api.ApiAudit apiAudit = new org.spedbridge.api.ApiAudit(database);
        beans.put("apiAudit", apiAudit);
        beans.put("apiGuard", new org.spedbridge.api.ApiGuard(apiKeys, apiAudit, settings));
        beans.put("apiErrors", new org.spedbridge.api.ApiErrors());
        beans.put("aeriesApi", new org.spedbridge.api.AeriesApi(database.dataSource(), settings));
        return beans;
    }

    /** Starts the routes and returns (tests, demo). */
    public SpedBridgeApp start() throws Exception {
        try {
            main.start();
        } catch (Exception | Error e) {
            close(); // a failed start (e.g. the API port is taken) leaves nothing running
            throw e;
        }
        return this;
    }

    /** Starts and blocks until the JVM is asked to stop (the {@code run} command). */
    public void runUntilStopped() throws Exception {
        try {
            main.run();
        } finally {
            database.close();
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            database.close();
        }
    }
}
