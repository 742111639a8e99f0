package org.spedbridge.sped;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.Settings;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * Ad-hoc speed check (not a test): N students + 10 N services through the import route (direct:siras-import), against a bulk load
 * of the same service rows (H2 CSVREAD / PostgreSQL COPY), timed before and after the import (their mean is
 * the baseline). Args: h2|pg students workDir. Run with -Xmx512m.
 */
public final class ImportSpeedCheck {
    public static void main(String[] args) throws Exception {
        boolean pg = args[0].equals("pg");
        int n = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Files.createDirectories(dir);
        Properties p = new Properties();
        if (!pg) {
            p.setProperty("db.url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db" + System.nanoTime()));
            p.setProperty("db.username", "sa");
        }
        p.setProperty("api.enabled", "false");
        p.setProperty("management.enabled", "false");
        p.setProperty("mail.smtp.host", "");
        Settings settings = TestApp.settings(pg ? TestDatabases.Kind.POSTGRES : TestDatabases.Kind.H2, dir, p);
        Path a = dir.resolve("tableA.csv");
        Path b = dir.resolve("tableB.csv");
        try (BufferedWriter w = Files.newBufferedWriter(a)) {
            w.write(SpedKit.STUDENTS_HEADER + "\n");
            for (int i = 0; i < n; i++) {
                w.write(SpedKit.student("A", Long.toString(2000000000L + i), Integer.toString(100000 + i), "First" + i,
                        "Last" + i, "20150101") + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(b)) {
            w.write(SpedKit.SERVICES_HEADER + "\n");
            for (int i = 0; i < n * 10; i++) {
                w.write(SpedKit.service("A", Long.toString(2000000000L + i / 10), "", i % 2 == 0 ? "330" : "415") + "\n");
            }
        }
        try (SpedBridgeApp app = SpedBridgeApp.create(settings).start(); Connection c = app.database().connection();
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO student (student_id, school_code, state_student_id, grade) SELECT x, 1,"
                    + " CAST(2000000000 + x - 100000 AS VARCHAR(10)), 5 FROM " + (pg ? "generate_series(100000, "
                    + (100000 + n - 1) + ") AS g(x)" : "SYSTEM_RANGE(100000, " + (100000 + n - 1) + ") AS g(x)"));
            // the machine may be shared: the bulk load is timed before and after the import, the mean is the baseline
            long baseBefore = bulkLoad(c, s, pg, b, "baseline_before");
            long t0 = System.nanoTime();
            ImportResult r = app.camelContext().createProducerTemplate().requestBody("direct:siras-import",
                    new ImportRequest("bench", SourceFile.local(a), SourceFile.local(b)), ImportResult.class);
            long importMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println(r.status() + " " + r.counts() + " " + r.message());
            long baseAfter = bulkLoad(c, s, pg, b, "baseline_after");
            long baseMs = (baseBefore + baseAfter) / 2;
            System.out.printf("import %d ms, baseline %d ms (before %d, after %d), ratio %.2f, max heap %d MB%n",
                    importMs, baseMs, baseBefore, baseAfter, (double) importMs / baseMs,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** Milliseconds to bulk-load the services file into a new plain table (H2 CSVREAD / PostgreSQL COPY). */
    private static long bulkLoad(Connection c, Statement s, boolean pg, Path b, String table) throws Exception {
        s.execute("CREATE TABLE " + table + " (rt VARCHAR(4), tx VARCHAR(1), ssid VARCHAR(10), lid VARCHAR(16),"
                + " sc VARCHAR(5), pc VARCHAR(5), lc VARCHAR(5), fc VARCHAR(5), dur INTEGER, npa VARCHAR(20),"
                + " sd VARCHAR(10), ed VARCHAR(10))");
        long t0 = System.nanoTime();
        if (pg) {
            try (var in = Files.newBufferedReader(b)) {
                c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER true)", in);
            }
        } else {
            s.execute("INSERT INTO " + table + " SELECT * FROM CSVREAD('" + b.toAbsolutePath() + "')");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        s.execute("DROP TABLE " + table);
        return ms;
    }
}
