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
        java.util.Properties properties = settings.resolved();
        properties.putAll(org.spedbridge.config.DerivedSettings.of(settings));
        main.setOverrideProperties(properties);
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
        beans.put("sirasImporter", new org.spedbridge.sped.SirasImporter(database, settings));
        beans.put("sirasFetch", new org.spedbridge.sped.SirasFetch(settings));
        beans.put("importReportMail", new org.spedbridge.mail.ImportReportMail(settings));
        return beans;
    }

    /** Starts the routes and returns (tests, demo). */
    public SpedBridgeApp start() throws Exception {
        main.start();
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
