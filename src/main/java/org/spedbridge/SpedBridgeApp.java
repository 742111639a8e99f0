package org.spedbridge;

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
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.spedbridge.api.AdminImportNow;
import org.spedbridge.api.AeriesApi;
import org.spedbridge.api.ApiAudit;
import org.spedbridge.api.ApiErrors;
import org.spedbridge.api.ApiGuard;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.api.ApiServer;
import org.spedbridge.api.ApiStartup;
import org.spedbridge.api.KeyPickupEndpoint;
import org.spedbridge.api.KeyPickups;
import org.spedbridge.api.OpenApiSchemas;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.RouteFiles;
import org.spedbridge.config.Settings;
import org.spedbridge.mail.ImportReportMail;
import org.spedbridge.mail.ReportDelivery;
import org.spedbridge.mail.ReportTemplates;
import org.spedbridge.ops.ApiKeysJmx;
import org.spedbridge.ops.ApiKeysMBean;
import org.spedbridge.ops.DatabaseHealthCheck;
import org.spedbridge.ops.ImportHealthCheck;
import org.spedbridge.ops.ImportScheduler;
import org.spedbridge.ops.Jmx;
import org.spedbridge.ops.PortGuard;
import org.spedbridge.ops.ReportMailHealthCheck;
import org.spedbridge.ops.SirasImportLock;
import org.spedbridge.ops.SirasImportMBean;
import org.spedbridge.ops.SirasImportOperations;
import org.spedbridge.ops.SpedBridgeMetrics;
import org.spedbridge.roster.RosterDropSet;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.sped.fetch.SirasFetch;
import org.spedbridge.sped.run.ApplyRecords;
import org.spedbridge.sped.run.CheckUnchanged;
import org.spedbridge.sped.run.FilesArrived;
import org.spedbridge.sped.run.MatchStudents;
import org.spedbridge.sped.run.OpenRun;
import org.spedbridge.sped.run.RecordRun;
import org.spedbridge.sped.run.RunCleanup;
import org.spedbridge.sped.run.HeldRuns;
import org.spedbridge.sped.run.HoldCheck;
import org.spedbridge.sped.run.RunEnd;
import org.spedbridge.sped.run.RunFolderRetention;
import org.spedbridge.sped.run.RunSetup;
import org.spedbridge.sped.run.StageStudents;
import org.spedbridge.sped.run.WriteServices;
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
        this.jmx = new Jmx(settings.getBoolean("camel.main.jmx-enabled"));
    }

    /** Builds the application; nothing runs until {@link #start()} or {@link #runUntilStopped()}. */
    public static SpedBridgeApp create(Settings settings) {
        if (settings.getBoolean("api.enabled")) {
            PortGuard.requireFree(settings, "api.port", "api.host");
        }
        if (settings.getBoolean("management.enabled")) {
            PortGuard.requireFree(settings, "management.port", "management.host");
        }
        RouteFiles routes = RouteFiles.find(settings.get("camel.main.routes-include-pattern")).requireAny();
        Database database = Database.open(settings);
        Main main = new Main();
        main.setOverrideProperties(camelProperties(settings, routes));
        main.addMainListener(ApiServer.failStartUnlessListening(settings));
        main.addMainListener(ApiServer.whenStarted(new ApiStartup()));
        main.addMainListener(failStartWithoutRoutes(routes));
        for (Map.Entry<String, Object> bean : beans(settings, database).entrySet()) {
            main.bind(bean.getKey(), bean.getValue());
        }
        return new SpedBridgeApp(settings, database, main);
    }

    /**
     * The application of a one-off command ({@code import-now}): the same routes and beans, but no API or
     * management server, no schedule (nor a place in Quartz's cluster), no roster drop folder and no outbox
     * sender (nor its check for reports that were not delivered: the import delivers them before it starts), so that
     * it runs beside {@code run} on the same host and database without taking its ports or work.
     */
    public static SpedBridgeApp createOneOff(Settings settings) {
        Properties once = new Properties();
        once.setProperty("api.enabled", "false");
        once.setProperty("management.enabled", "false");
        once.setProperty("siras.import.schedule-enabled", "false");
        once.setProperty("siras.import.cluster-enabled", "false");
        once.setProperty("roster.drop-enabled", "false");
        once.setProperty("report.mail.outbox-sender", "false");
        once.setProperty("report.mail.undelivered-check-minutes", "0"); // its import delivers them before it starts
        return create(settings.with(once));
    }

    /** Every setting, plus the placeholders derived from them, as Camel sees them. */
    static Properties camelProperties(Settings settings, RouteFiles routes) {
        Properties properties = settings.resolved();
        properties.putAll(DerivedSettings.of(settings));
        properties.putAll(ApiServer.camelProperties(settings));
        properties.setProperty("camel.main.routes-include-pattern", routes.camelPattern());
        return properties;
    }

    /** Route files that hold no route (or only routes left out, like the API's with api.enabled=false) fail the start. */
    private static MainListener failStartWithoutRoutes(RouteFiles routes) {
        return new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                try {
                    m.getCamelContext().addStartupListener((context, alreadyStarted) -> {
                        if (context.getRoutes().isEmpty()) {
                            throw new ConfigException(routes.nothingThere("No route"));
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
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
                Duration.ofHours(settings.getInt("management.import-health-window-hours")), Clock.systemUTC()));
        // roster (SIS extracts)
        beans.put("rosterLoader", new RosterLoader(database));
        beans.put("rosterDropSet", new RosterDropSet());
        // SIRAS -> SIS import (routes/siras-import.camel.yaml: the fetch, then the stages on one run) and its report
        RunSetup run = RunSetup.of(database, settings);
        RunCleanup cleanup = new RunCleanup(run);
        RunEnd end = new RunEnd(run, cleanup);
        beans.put("sirasImportLock", new SirasImportLock(database, settings));
        beans.put("runFolderRetention", new RunFolderRetention(settings, Clock.systemUTC()));
        beans.put("sirasFetch", new SirasFetch(settings, end));
        beans.put("openRun", new OpenRun(run, end, cleanup));
        beans.put("stageStudents", new StageStudents(run, end));
        beans.put("matchStudents", new MatchStudents(run, end));
        beans.put("checkUnchanged", new CheckUnchanged(run, end));
        beans.put("applyRecords", new ApplyRecords(run, end));
        beans.put("writeServices", new WriteServices(run, end));
        beans.put("filesArrived", new FilesArrived(run, end));
        beans.put("holdCheck", new HoldCheck(run, end, settings));
        beans.put("recordRun", new RecordRun(run, end, cleanup));
        beans.put("heldRuns", new HeldRuns(database, run.runs()));
        beans.put("runEnd", end);
        beans.put("closeRun", cleanup);
        beans.put("importRuns", run.runs());
        ImportReportMail reportMail = new ImportReportMail(settings);
        beans.put("importReportMail", reportMail);
        beans.put("reportDelivery", new ReportDelivery(run.runs(), reportMail, settings)); // did each run's report go out?
        beans.put("reportMailHealthCheck", new ReportMailHealthCheck(database.dataSource()));
        beans.put("freemarker", ReportTemplates.component(settings)); // the mail's bodies, from templates/
        // SIS -> SIRAS API
        ApiKeys apiKeys = new ApiKeys(database, Clock.systemDefaultZone(),
                settings.getInt("api.keys.last-used-write-seconds"));
        ApiAudit apiAudit = new ApiAudit(database, metrics);
        beans.put("apiKeys", apiKeys);
        beans.put("apiAudit", apiAudit);
        ApiGuard apiGuard = new ApiGuard(apiKeys, apiAudit, metrics, settings);
        beans.put("apiGuard", apiGuard);
        // GET /keys/pickup/{token} (routes/key-pickup.camel.yaml): a key handed over once through its link
        KeyPickups keyPickups = new KeyPickups(database, Clock.systemDefaultZone());
        beans.put("keyPickups", keyPickups);
        beans.put("cacheControlHeaderFilter", new org.spedbridge.api.CacheControlHeaderFilter());
        beans.put("keyPickupEndpoint", new KeyPickupEndpoint(keyPickups, apiAudit, apiGuard.failedAttempts(), settings));
        beans.put("apiErrors", new ApiErrors());
        beans.put("aeriesApi", new AeriesApi(database.dataSource(), settings));
        beans.put("apiHttpEngine", new org.spedbridge.api.ApiHttpEngine(settings.getInt("api.port")));
        beans.put("openApiSchemas", new OpenApiSchemas());
        beans.put("adminImportNow", new AdminImportNow());
        beans.put("adminImportRelease", new org.spedbridge.api.AdminImportRelease());
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
