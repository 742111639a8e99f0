package org.spedbridge.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;

/**
 * The Quartz scheduler behind the nightly cron, bound as the {@code quartz} component.
 * On PostgreSQL (and {@code siras.import.cluster-enabled=true}) it uses Quartz's clustered JDBC job
 * store on sped-bridge's own connection pool: with several instances each fire runs on exactly one,
 * and another instance takes over when that one dies. On H2 (one instance) it keeps triggers in memory.
 */
public final class ImportScheduler {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private ImportScheduler() {
    }

    public static QuartzComponent component(Settings settings, Database database) {
        Properties p = new Properties();
        // the same scheduler name on every instance (a cluster shares it), a unique id per instance
        p.setProperty("org.quartz.scheduler.instanceName", settings.require("camel.main.name"));
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        if (isClustered(settings, database)) {
            String pool = "spedbridge" + POOLS.incrementAndGet();
            DBConnectionManager.getInstance().addConnectionProvider(pool, new PoolConnections(database.dataSource()));
            p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            p.setProperty("org.quartz.jobStore.dataSource", pool);
            p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
            p.setProperty("org.quartz.jobStore.isClustered", "true");
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                    String.valueOf(settings.getInt("siras.import.cluster-checkin-ms")));
        } else {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        QuartzComponent quartz = new QuartzComponent();
        quartz.setPrefixInstanceName(false);
        quartz.setEnableJmx(false);
        quartz.setProperties(p);
        return quartz;
    }

    /** Clustering needs a shared database: PostgreSQL, unless turned off. */
    public static boolean isClustered(Settings settings, Database database) {
        return database.isPostgres() && settings.getBoolean("siras.import.cluster-enabled");
    }

    /** Quartz borrows connections from sped-bridge's pool (one pool, one place for the database settings). */
    private record PoolConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to Database and closes with it
        }

        @Override
        public void initialize() {
        }
    }
}
