package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.TestDatabases;

/**
 * The change hold as ops meet it, the packaged jar as processes on PostgreSQL with application.properties'
 * thresholds: a night whose tableA holds half the district is HELD ({@code import-files} exits 6, nothing
 * applied), {@code import-release RUN_ID} applies the kept files (exit 0, trigger release), and a second release
 * of the same run exits 7 saying why.
 */
class ImportHoldIT {

    private static final Duration COMMAND = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void importFilesExitsSixThenImportReleaseAppliesTheHeldRun() throws Exception {
        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        Properties db = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        Properties p = new Properties();
        p.putAll(db);
        p.setProperty("district.cds-code", SyntheticDistrict.DEMO_CDS_CODE);
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("camel.main.jmx-enabled", "false");
        Path config = jar.config("district.properties", p);
        SyntheticDistrict.Expected want = SyntheticDistrict.demo(4242).writeAll(tmp.resolve("extracts"),
                tmp.resolve("siras"));
        Path a = tmp.resolve("siras/tableA.csv");
        Path b = tmp.resolve("siras/tableB.csv");

        assertThat(jar.run(COMMAND, "--config", config.toString(), "roster", "load", tmp.resolve("extracts").toString())
                .exitCode()).isZero();
        PackagedJar.Result first = jar.run(COMMAND, "--config", config.toString(), "import-files", "--students",
                a.toString(), "--services", b.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains(": APPLIED");

        // the next night SIRAS' export stopped half way through tableA
        List<String> lines = Files.readAllLines(a);
        Files.write(a, lines.subList(0, 1 + (lines.size() - 1) / 2));
        PackagedJar.Result held = jar.run(COMMAND, "--config", config.toString(), "import-files", "--students",
                a.toString(), "--services", b.toString());
        assertThat(held.exitCode()).as(held.toString()).isEqualTo(6);
        long heldId = runId(held.out(), "HELD");
        assertThat(held.out()).contains("siras.import.hold.not-in-file-percent").contains("import-release " + heldId);
        assertThat(count(db, "SELECT COUNT(*) FROM sped_record WHERE last_import_run_id = " + heldId)).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM import_run WHERE status = 'HELD'")).isEqualTo(1);

        PackagedJar.Result released = jar.run(COMMAND, "--config", config.toString(), "import-release",
                Long.toString(heldId));
        assertThat(released.exitCode()).as(released.toString()).isZero();
        long releaseId = runId(released.out(), "APPLIED");
        assertThat(count(db, "SELECT COUNT(*) FROM import_run WHERE id = " + releaseId
                + " AND status = 'APPLIED' AND trigger_name = 'release'")).isEqualTo(1);
        assertThat(count(db, "SELECT released_by_run FROM import_run WHERE id = " + heldId)).isEqualTo(releaseId);
        assertThat(count(db, "SELECT COUNT(*) FROM sped_record WHERE last_import_run_id = " + releaseId))
                .isPositive().isLessThan(want.matched());

        PackagedJar.Result again = jar.run(COMMAND, "--config", config.toString(), "import-release",
                Long.toString(heldId));
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(7);
        assertThat(again.err()).contains("was released already: run " + releaseId);
    }

    private static long runId(String out, String status) {
        Matcher m = Pattern.compile("SIRAS import run (\\d+)[^\\n]*: " + Pattern.quote(status)).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long count(Properties db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.getProperty("db.url"), db.getProperty("db.username"),
                db.getProperty("db.password")); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
