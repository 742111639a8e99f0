package org.spedbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.spedbridge.api.AdminImportNow;
import org.spedbridge.api.AeriesApi;
import org.spedbridge.api.ApiAudit;
import org.spedbridge.api.ApiErrors;
import org.spedbridge.api.ApiGuard;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.api.ApiServer;
import org.spedbridge.api.ApiStartup;
import org.spedbridge.api.OpenApiSchemas;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.mail.ImportReportMail;
import org.spedbridge.ops.ApiKeysJmx;
import org.spedbridge.ops.ApiKeysMBean;
import org.spedbridge.ops.DatabaseHealthCheck;
import org.spedbridge.ops.ImportHealthCheck;
import org.spedbridge.ops.ImportScheduler;
import org.spedbridge.ops.Jmx;
import org.spedbridge.ops.PortGuard;
import org.spedbridge.ops.SirasImportLock;
import org.spedbridge.ops.SirasImportMBean;
import org.spedbridge.ops.SirasImportOperations;
import org.spedbridge.ops.SpedBridgeMetrics;
import org.spedbridge.roster.RosterDropSet;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.sped.SirasFetch;
import org.spedbridge.sped.SirasImporter;
import org.spedbridge.store.Database;

/**
 * Boots sped-bridge: refuses to start half-way (ports, routes folder, database and migrations are
 * checked first), binds the beans the routes call, and runs the YAML routes from {@code routes/}
 * on Camel Main. Nothing else lives here.
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
        main.setOverrideProperties(camelProperties(settings));
        main.addMainListener(ApiServer.failStartUnlessListening(settings));
        main.addMainListener(ApiServer.whenStarted(new ApiStartup()));
        for (Map.Entry<String, Object> bean : beans(settings, database).entrySet()) {
            main.bind(bean.getKey(), bean.getValue());
        }
        return new SpedBridgeApp(settings, database, main);
    }

    /** Every setting, plus the placeholders derived from them, as Camel sees them. */
    static Properties camelProperties(Settings settings) {
        Properties properties = settings.resolved();
        properties.putAll(DerivedSettings.of(settings));
        properties.putAll(ApiServer.camelProperties(settings));
        return properties;
    }

    /** The routes are read from the file system: say so clearly when their folder is not where it should be. */
    private static void requireRoutesFolder(String pattern) {
        for (String entry : pattern.split(",")) {
            String e = entry.trim();
            if (e.startsWith("file:")) {
                Path folder = Path.of(e.substring(5)).getParent();
                if (folder != null && !Files.isDirectory(folder)) {
                    throw new ConfigException("The routes folder " + folder.toAbsolutePath()
                            + " does not exist. Start sped-bridge from the folder that holds routes/ and "
                            + "application.properties, or set camel.main.routes-include-pattern.");
                }
            }
        }
    }

    /** The beans the routes refer to by name, in one place (also used by {@link SpedBridgeBeans} under Camel JBang). */
    static Map<String, Object> beans(Settings settings, Database database) {
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("settings", settings);
        beans.put("database", database);
        beans.put("dataSource", database.dataSource());
        // operations: the clustered scheduler, metrics, health
        beans.put("quartz", ImportScheduler.component(settings, database));
        SpedBridgeMetrics metrics = new SpedBridgeMetrics();
        beans.put("spedBridgeMetrics", metrics);
        beans.put("metricsRegistry", metrics.registry());
        beans.put("databaseHealthCheck", new DatabaseHealthCheck(database));
        beans.put("importHealthCheck", new ImportHealthCheck(database.dataSource(),
                Duration.ofHours(settings.getInt("management.import-health-window-hours", 96)), Clock.systemUTC()));
        // roster (SIS extracts)
        beans.put("rosterLoader", new RosterLoader(database));
        beans.put("rosterDropSet", new RosterDropSet());
        // SIRAS -> SIS import and its report
        beans.put("sirasImportLock", new SirasImportLock());
        beans.put("sirasImporter", new SirasImporter(database, settings));
        beans.put("sirasFetch", new SirasFetch(settings));
        beans.put("runFolderRetention", new org.spedbridge.sped.RunFolderRetention(settings, Clock.systemUTC()));
        beans.put("importReportMail", new ImportReportMail(settings));
        // SIS -> SIRAS API
        ApiKeys apiKeys = new ApiKeys(database, Clock.systemDefaultZone(),
                settings.getInt("api.keys.last-used-write-seconds", 60));
        ApiAudit apiAudit = new ApiAudit(database, metrics);
        beans.put("apiKeys", apiKeys);
        beans.put("apiAudit", apiAudit);
        beans.put("apiGuard", new ApiGuard(apiKeys, apiAudit, metrics, settings));
        beans.put("apiErrors", new ApiErrors());
        beans.put("aeriesApi", new AeriesApi(database.dataSource(), settings));
        beans.put("apiHttpEngine", new org.spedbridge.api.ApiHttpEngine(settings.getInt("api.port", 8080)));
        beans.put("openApiSchemas", new OpenApiSchemas());
        beans.put("adminImportNow", new AdminImportNow());
        // POST /admin/import-now holds its Vert.x worker thread for the whole run (a large district: minutes);
        // Vert.x would log a "blocked thread" warning every second after 60 s. The run has its own timeouts.
        beans.put("vertxOptions", new VertxOptions().setMaxWorkerExecuteTime(2).setMaxWorkerExecuteTimeUnit(TimeUnit.HOURS));
        return beans;
    }

    /** Starts the routes and returns (tests, demo). A failed start leaves nothing running. */
    public SpedBridgeApp start() throws Exception {
        try {
            main.start();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        registerMBeans();
        return this;
    }

    /** Starts and blocks until the JVM is asked to stop (the {@code run} command). */
    public void runUntilStopped() throws Exception {
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
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

    private void registerMBeans() {
        jmx.register("org.spedbridge:type=ApiKeys", ApiKeysMBean.class, new ApiKeysJmx(database.dataSource()));
        jmx.register("org.spedbridge:type=SirasImport", SirasImportMBean.class,
                new SirasImportOperations(camelContext()).mbean());
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
