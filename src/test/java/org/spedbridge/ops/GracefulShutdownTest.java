package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.Settings;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * Stopping sped-bridge while an import runs: with a grace period long enough the import finishes;
 * with a short one it is cut off and rolls back. Never half applied.
 */
class GracefulShutdownTest {

    @TempDir
    Path dir;

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "grace {0} s")
    @ValueSource(ints = {120, 1})
    void anImportInProgressFinishesOrRollsBackNeverHalf(int graceSeconds) throws Exception {
        try (SirasSite site = new SirasSite(dir)) {
            SyntheticDistrict district = SyntheticDistrict.of(5, 6000, 5000, 60000).withCdsCode(SirasSite.USER);
            SyntheticDistrict.Expected expected = district.writeAll(dir.resolve("roster"), site.sftpRoot);
            for (String f : new String[] {"tableA.csv", "tableB.csv"}) {
                Files.setLastModifiedTime(site.sftpRoot.resolve(f), FileTime.from(Instant.now().minusSeconds(3600)));
            }
            Properties p = site.settings();
            p.setProperty("mail.smtp.host", "");
            p.setProperty("camel.main.shutdown-timeout", String.valueOf(graceSeconds));
            Settings settings = TestApp.settings(TestDatabases.Kind.POSTGRES, dir, p);
            SpedBridgeApp app = TestApp.start(settings);
            assertThat(new RosterLoader(app.database()).load(dir.resolve("roster")).loaded()).isTrue();

            CompletableFuture<Exchange> running = app.camelContext().createProducerTemplate()
                    .asyncSend("direct:siras-import", e -> e.getIn().setHeader("trigger", "now"));
            try (Connection c = DriverManager.getConnection(settings.get("db.url"), settings.get("db.username"), "")) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> count(c, "SELECT COUNT(*) FROM import_run WHERE status = 'RUNNING'") == 1);
                app.close();

                long records = count(c, "SELECT COUNT(*) FROM sped_record WHERE last_import_run_id IS NOT NULL");
                long services = count(c, "SELECT COUNT(*) FROM sped_service_current");
                assertThat(records).as("special-education records updated").isIn(0L, (long) expected.matched());
                assertThat(services).as("services").isIn(0L, (long) expected.servicesImported());
                assertThat(records == 0).as("records and services together").isEqualTo(services == 0);
                if (graceSeconds > 60) {
                    assertThat(count(c, "SELECT COUNT(*) FROM import_run WHERE status = 'APPLIED'")).isEqualTo(1);
                    assertThat(records).isEqualTo(expected.matched());
                }
            }
            running.cancel(true);
        }
    }
}
