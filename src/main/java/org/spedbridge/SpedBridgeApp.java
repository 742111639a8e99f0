package org.spedbridge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.spedbridge.config.Settings;
import org.spedbridge.ops.ApiKeysJmx;
import org.spedbridge.ops.DatabaseHealthCheck;
import org.spedbridge.ops.ImportHealthCheck;
import org.spedbridge.ops.Jmx;
import org.spedbridge.ops.PortGuard;
import org.spedbridge.ops.SpedBridgeMetrics;
import org.spedbridge.store.Database;

/**
 * Boots sped-bridge: opens the database (migrations first), binds the beans the routes call,
 * and runs the YAML routes from {@code routes/} on Camel Main. Nothing else lives here.
 */
public final class SpedBridgeApp implements AutoCloseable {

    private final Settings settings;
    private final Database database;
    private final Main main;
    private final Jmx jmx;

    private SpedBridgeApp(Settings settings, Database database, Main main) {
        this.settings = settings;
        this.database = database;
        this.main = main;
        this.jmx = new Jmx(settings.getBoolean("camel.main.jmx-enabled", true));
    }

    /** Builds the application; nothing runs until {@link #start()} or {@link #runUntilStopped()}. */
    public static SpedBridgeApp create(Settings settings) {
        if (settings.getBoolean("api.enabled", true)) {
            PortGuard.requireFree(settings, "api.port", "api.host");
        }
        if (settings.getBoolean("management.enabled", true)) {
            PortGuard.requireFree(settings, "management.port", "management.host");
        }
        requireRoutesFolder(settings.get("camel.main.routes-include-pattern"));
        Database database = Database.open(settings);
        Main main = new Main();
        java.util.Properties properties = settings.resolved();
        properties.putAll(org.spedbridge.config.DerivedSettings.of(settings));
        properties.putAll(org.spedbridge.api.ApiServer.tlsProperties(settings));
        main.setOverrideProperties(properties);
        main.addMainListener(org.spedbridge.api.ApiServer.failStartUnlessListening(settings));
        for (Map.Entry<String, Object> bean : beans(settings, database).entrySet()) {
            main.bind(bean.getKey(), bean.getValue());
        }
        return new SpedBridgeApp(settings, database, main);
    }

    /** The routes are read from the file system: say so clearly when their folder is not where it should be. */
    private static void requireRoutesFolder(String pattern) {
        for (String entry : pattern.split(",")) {
            String e = entry.trim();
            if (e.startsWith("file:")) {
                java.nio.file.Path folder = java.nio.file.Path.of(e.substring(5)).getParent();
                if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
                    throw new org.spedbridge.config.ConfigException("The routes folder " + folder.toAbsolutePath()
                            + " does not exist. Start sped-bridge from the folder that holds routes/ and "
                            + "application.properties, or set camel.main.routes-include-pattern.");
                }
            }
        }
    }

    /** The beans the routes refer to by name, in one place. */
    private static Map<String, Object> beans(Settings settings, Database database) {
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("settings", settings);
        beans.put("database", database);
        beans.put("dataSource", database.dataSource());
        beans.put("quartz", org.spedbridge.ops.ImportScheduler.component(settings, database));
        SpedBridgeMetrics metrics = new SpedBridgeMetrics();
        beans.put("spedBridgeMetrics", metrics);
        beans.put("metricsRegistry", metrics.registry());
        beans.put("databaseHealthCheck", new DatabaseHealthCheck(database));
        beans.put("importHealthCheck", new ImportHealthCheck(database.dataSource(),
                java.time.Duration.ofHours(settings.getInt("management.import-health-window-hours", 96)),
                java.time.Clock.systemUTC()));
        beans.put("rosterLoader", new org.spedbridge.roster.RosterLoader(database));
        beans.put("rosterDropSet", new org.spedbridge.roster.RosterDropSet());
        beans.put("sirasImporter", new org.spedbridge.sped.SirasImporter(database, settings));
        beans.put("sirasFetch", new org.spedbridge.sped.SirasFetch(settings));
        beans.put("importReportMail", new org.spedbridge.mail.ImportReportMail(settings));
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
        main.start();
        registerMBeans();
        return this;
    }

    private void registerMBeans() {
        jmx.register("org.spedbridge:type=ApiKeys", org.spedbridge.ops.ApiKeysMBean.class, new ApiKeysJmx(database.dataSource()));
    }

    /** Starts and blocks until the JVM is asked to stop (the {@code run} command). */
    public void runUntilStopped() throws Exception {
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                registerMBeans();
            }
        });
        try {
            main.run();
        } finally {
            jmx.close();
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
            jmx.close();
            main.stop();
        } finally {
            database.close();
        }
    }
}
