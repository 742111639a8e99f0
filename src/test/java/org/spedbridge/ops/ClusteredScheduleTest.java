package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.TestDatabases;

/**
 * Two real sped-bridge processes on one PostgreSQL database share Quartz's clustered job store:
 * every fire of the schedule runs on exactly one of them, and when the one running a fire is killed
 * (kill -9), the other completes the next fires.
 */
class ClusteredScheduleTest {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    private static final String PROBE_ROUTE = """
            - route:
                id: cluster-probe
                description: Fires on the clustered scheduler and records which instance ran each fire
                from:
                  uri: quartz:sped-bridge/cluster-probe
                  parameters:
                    cron: "{{probe.cron}}"
                    stateful: true
                    recoverableJob: true
                    trigger.misfireInstruction: "{{siras.import.misfire-instruction}}"
                  steps:
                    - setHeader:
                        name: fire
                        simple: "${header.scheduledFireTime.getTime()}"
                    - setHeader:
                        name: instance
                        constant: "{{probe.instance}}"
                    - to: "sql:INSERT INTO cluster_probe (fire, instance, state) VALUES (:#fire, :#instance, 'started')?dataSource=#dataSource"
                    - delay:
                        constant: 1200
                    - to: "sql:UPDATE cluster_probe SET state = 'finished' WHERE fire = :#fire AND instance = :#instance?dataSource=#dataSource"
            """;

    private Process start(String name, Properties db) throws Exception {
        Path conf = dir.resolve(name + ".properties");
        Properties p = new Properties();
        p.putAll(db);
        p.setProperty("camel.main.routes-include-pattern", "file:" + dir.resolve("routes") + "/*.yaml");
        p.setProperty("api.port", String.valueOf(FreePort.find()));
        p.setProperty("management.port", String.valueOf(FreePort.find()));
        p.setProperty("camel.main.jmx-enabled", "false");
        p.setProperty("siras.import.cluster-checkin-ms", "1000");
        p.setProperty("probe.cron", "0/2 * * * * ?");
        p.setProperty("siras.import.schedule-enabled", "false"); // only the probe's own schedule
        p.setProperty("probe.instance", name);
        p.setProperty("district.cds-code", "1234567");
        try (var out = Files.newBufferedWriter(conf)) {
            p.store(out, null);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "org.spedbridge.cli.SpedBridge",
                "--config", conf.toString(), "run")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DB_") || k.startsWith("SIRAS_"));
        Process process = pb.start();
        processes.add(process);
        return process;
    }

    private static List<long[]> rows(Connection c, String sql) throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }

    @Test
    void eachFireRunsOnceAndTheOtherInstanceTakesOver() throws Exception {
        Properties db = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        Files.createDirectories(dir.resolve("routes"));
        Files.writeString(dir.resolve("routes/cluster-probe.camel.yaml"), PROBE_ROUTE);
        // the schema first (as the first instance would), then the probe's own table beside it
        org.spedbridge.store.Database.open(org.spedbridge.config.Settings.load(null, Map.of(), db)).close();
        try (Connection c = DriverManager.getConnection(db.getProperty("db.url"), db.getProperty("db.username"), "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE cluster_probe (fire BIGINT NOT NULL, instance VARCHAR(10) NOT NULL, state VARCHAR(10) NOT NULL)");
            }
            Map<String, Process> instances = Map.of("A", start("A", db), "B", start("B", db));

            // several fires, each started by exactly one instance
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    rows(c, "SELECT COUNT(DISTINCT fire), 0 FROM cluster_probe WHERE state = 'finished'").get(0)[0] >= 4);
            assertThat(rows(c, "SELECT fire, COUNT(*) FROM cluster_probe GROUP BY fire HAVING COUNT(*) > 1"))
                    .as("fires run by more than one instance").isEmpty();

            // kill -9 the instance that is running a fire right now
            long[] running = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                List<long[]> r = rows(c, "SELECT fire, CASE WHEN instance = 'A' THEN 0 ELSE 1 END FROM cluster_probe"
                        + " WHERE state = 'started' ORDER BY fire DESC");
                return r.isEmpty() ? null : r.get(0);
            }, java.util.Objects::nonNull);
            String victim = running[1] == 0 ? "A" : "B";
            String survivor = victim.equals("A") ? "B" : "A";
            instances.get(victim).destroyForcibly().waitFor();
            long killedAt = running[0];

            // the survivor completes the following fires
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    rows(c, "SELECT COUNT(DISTINCT fire), 0 FROM cluster_probe WHERE state = 'finished' AND instance = '"
                            + survivor + "' AND fire > " + killedAt).get(0)[0] >= 2);
            assertThat(rows(c, "SELECT fire, COUNT(*) FROM cluster_probe WHERE state = 'finished'"
                    + " GROUP BY fire HAVING COUNT(*) > 1")).as("fires completed twice").isEmpty();
            assertThat(rows(c, "SELECT COUNT(*), 0 FROM cluster_probe WHERE instance = '" + victim + "' AND fire > "
                    + killedAt).get(0)[0]).as("the killed instance ran nothing after its death").isZero();
        } finally {
            for (String name : List.of("A", "B")) {
                File log = dir.resolve(name + ".log").toFile();
                if (log.exists()) {
                    System.out.println("---- instance " + name + " log (tail)");
                    List<String> lines = Files.readAllLines(log.toPath());
                    lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
                }
            }
        }
    }
}
