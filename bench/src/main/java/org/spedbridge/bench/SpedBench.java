package org.spedbridge.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.api.Area;
import org.spedbridge.config.Settings;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.support.TcpRelay;

/**
 * The two benchmarks of bench/README.md in one JVM: the SIRAS import end to end against the database's
 * own bulk load (measured before and after it), then the Aeries API load against a constant endpoint on the
 * same HTTP server ({@link ConstantEndpoint}).
 *
 * <p>{@code SpedBench h2|pg [students=120000] [sped=100000] [services=1000000] [seed=1] [nights=2] [import=true]
 * [api=true] [seconds=8] [warmup=2] [max-requests=200000] [concurrency=1,8,32]
 * [endpoints=systeminfo,student,page,contacts] [formats=json,xml] [sftp=process|in-process] [sftp-rate=MB/s]
 * [services-order=student|ssid] [pg-options=...] [h2-options=...]}
 */
public final class SpedBench {

    static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test";

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("h2") || args[0].equals("pg"))) {
            System.err.println("usage: SpedBench h2|pg [students=N] [sped=N] [services=N] [seed=N] [import=true|false]"
                    + " [api=true|false] [seconds=S] [warmup=S] [max-requests=N] [concurrency=C,C,..]"
                    + " [endpoints=systeminfo,student,page,contacts] [formats=json,xml] [sftp=process|in-process]"
                    + " [sftp-rate=MB/s]"
                    + " [services-order=student|ssid]");
            System.exit(2);
        }
        Map<String, String> o = new HashMap<>(Map.of("students", "120000", "sped", "100000", "services", "1000000",
                "seed", "1", "import", "true", "api", "true", "seconds", "8", "warmup", "10",
                "max-requests", "200000", "pg-options", ""));
        o.put("concurrency", "1,8,32"); // the API cells' concurrencies, comma-separated
        o.put("endpoints", "systeminfo,student,page,contacts"); // the API cells' endpoints (e.g. for a profile)
        o.put("formats", "json,xml");
        o.put("h2-options", ""); // extra H2 URL settings for an experiment, e.g. CACHE_SIZE=16384
        o.put("nights", "2");
        o.put("sftp", "process"); // or in-process: see SirasServer
        o.put("sftp-rate", "0"); // MB/s from SIRAS' server to the import (a WAN link, paced by a TcpRelay); 0 = loopback
        o.put("services-order", "student"); // or ssid: see sortServicesBySsid
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2 || !o.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            o.put(kv[0], kv[1]);
        }
        new SpedBench(args[0].equals("pg"), o).run();
        System.exit(0); // Camel/Vert.x threads must not keep the bench alive
    }

    private final boolean pg;
    private final Map<String, String> o;
    private final Path work;
    private final List<String> report = new ArrayList<>();

    private SpedBench(boolean pg, Map<String, String> o) {
        this.pg = pg;
        this.o = o;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        this.work = Path.of("bench/work", (pg ? "pg-" : "h2-") + stamp).toAbsolutePath();
    }

    private int num(String k) {
        return Integer.parseInt(o.get(k));
    }

    private void out(String line) {
        System.out.println(line);
        report.add(line);
    }

    void run() throws Exception {
        Files.createDirectories(work);
        Runtime rt = Runtime.getRuntime();
        out("# SpedBench " + (pg ? "PostgreSQL" : "H2") + " " + Instant.now() + " options " + o);
        out("- JVM " + System.getProperty("java.version") + ", max heap " + (rt.maxMemory() >> 20) + " MB, "
                + rt.availableProcessors() + " processors; work folder " + work);

        // ------------------------------------------------------------ the district (not timed)
        SyntheticDistrict district = SyntheticDistrict.of(Long.parseLong(o.get("seed")), num("students"), num("sped"),
                num("services"));
        Path rosterDir = work.resolve("roster");
        Path sftpRoot = work.resolve("siras");
        long t = System.nanoTime();
        SyntheticDistrict.Expected expected;
        try (HeapWatch heap = HeapWatch.start()) {
            expected = district.writeAll(rosterDir, sftpRoot);
            out("- district written in " + ms(t) + " ms, peak heap " + heap.poolPeaksMb() + " MB (pools) / "
                    + heap.maxSampledMb() + " MB (sampled); tableA " + (Files.size(sftpRoot.resolve("tableA.csv")) >> 20)
                    + " MB, tableB " + (Files.size(sftpRoot.resolve("tableB.csv")) >> 20) + " MB");
        }
        switch (o.get("services-order")) {
            case "student" -> { }
            case "ssid" -> {
                t = System.nanoTime();
                sortServicesBySsid(sftpRoot.resolve("tableB.csv"));
                out("- tableB sorted by SSID in " + ms(t) + " ms (student IDs arrive in no order)");
            }
            default -> throw new IllegalArgumentException("services-order=student or ssid, not " + o.get("services-order"));
        }
        for (String f : List.of("tableA.csv", "tableB.csv")) {
            Files.setLastModifiedTime(sftpRoot.resolve(f), FileTime.from(Instant.now().minusSeconds(3600)));
        }

        String user = SyntheticDistrict.DEMO_CDS_CODE;
        String password = "bench-" + Long.toHexString(System.nanoTime());
        boolean separate = switch (o.get("sftp")) {
            case "process" -> true;
            case "in-process" -> false;
            default -> throw new IllegalArgumentException("sftp=process or sftp=in-process, not " + o.get("sftp"));
        };
        Path knownHosts = work.resolve("known_hosts");
        t = System.nanoTime();
        double rateMb = Double.parseDouble(o.get("sftp-rate"));
        try (SirasServer sftp = SirasServer.start(separate, user, password, sftpRoot, work.resolve("host-key"),
                knownHosts);
             TcpRelay link = new TcpRelay(sftp.port()).slowTo((long) (rateMb * 1024 * 1024))) {
            out("- SIRAS' SFTP server: " + (separate ? "a separate JVM, warmed up before the imports" : "in this JVM, cold")
                    + " (ready in " + ms(t) + " ms)" + (rateMb > 0 ? ", reached through a link of " + rateMb
                    + " MB/s to the import (a TcpRelay)" : ""));
            int sftpPort = sftp.port();
            if (rateMb > 0) { // the same host key, trusted on the relay's port
                String line = Files.readString(knownHosts).lines().filter(l -> l.contains("]:" + sftp.port() + " "))
                        .findFirst().orElseThrow();
                Files.writeString(knownHosts, line.replace("]:" + sftp.port() + " ", "]:" + link.port() + " ") + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
                sftpPort = link.port();
            }
            int apiPort = freePort();
            Properties p = new Properties();
            p.putAll(database());
            p.setProperty("district.cds-code", user);
            p.setProperty("siras.sftp.host", "127.0.0.1");
            p.setProperty("siras.sftp.port", Integer.toString(sftpPort));
            p.setProperty("siras.sftp.username", user);
            p.setProperty("siras.sftp.password", password);
            p.setProperty("siras.sftp.known-hosts-file", knownHosts.toString());
            p.setProperty("siras.sftp.transfer-timeout-seconds", "600");
            p.setProperty("siras.import.work-dir", work.resolve("runs").toString());
            p.setProperty("siras.import.schedule-enabled", "false");
            p.setProperty("siras.import.reapply-unchanged", "true"); // night 2 applies the same full extract again
            p.setProperty("report.mail.outbox-dir", work.resolve("outbox").toString());
            p.setProperty("mail.smtp.host", ""); // the report mail is kept as a file in the outbox
            p.setProperty("roster.drop-dir", work.resolve("roster-drop").toString());
            p.setProperty("api.port", Integer.toString(apiPort));
            p.setProperty("api.host", "127.0.0.1");
            p.setProperty("management.enabled", "false");
            p.setProperty("camel.main.jmx-enabled", "false");
            // the bench key must not be throttled: the limiter would measure itself, not the API
            p.setProperty("api.rate-limit.per-second", "1000000");
            p.setProperty("api.rate-limit.burst", "1000000");
            Settings settings = Settings.load(null, Map.of(), p);
            try (SpedBridgeApp app = SpedBridgeApp.create(settings).start()) {
                t = System.nanoTime();
                var roster = new RosterLoader(app.database()).load(rosterDir);
                out("- roster loaded (not timed in the ratios) in " + ms(t) + " ms: " + roster);
                if (Boolean.parseBoolean(o.get("import"))) {
                    importBench(app, sftpRoot, expected);
                }
                if (Boolean.parseBoolean(o.get("api"))) {
                    apiBench(app, apiPort);
                }
            }
        }
        Files.write(work.resolve("results.md"), report);
        System.out.println("(results also in " + work.resolve("results.md") + ")");
    }

    /**
     * tableB's rows sorted by SSID, each student's rows kept together and in order (sort -s): the synthetic
     * district lists students in student-ID order, which makes sped_service's key (run, student, line) cheap to
     * fill; a file in SSID order (as SIRAS may send it) brings the students in no particular order.
     */
    private static void sortServicesBySsid(Path tableB) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail; f=\"$1\"; { head -n 1 \"$f\";"
                + " tail -n +2 \"$f\" | LC_ALL=C sort -t, -k7,7 -s -S 256M; } > \"$f.sorted\"; mv \"$f.sorted\" \"$f\"",
                "sort-tableB", tableB.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sorting " + tableB + " failed (exit " + p.exitValue() + ")");
        }
    }

    // ------------------------------------------------------------------ 1. import

    private void importBench(SpedBridgeApp app, Path sftpRoot, SyntheticDistrict.Expected expected) throws Exception {
        Path a = sftpRoot.resolve("tableA.csv");
        Path b = sftpRoot.resolve("tableB.csv");
        BulkBaseline.Loaded before;
        long baseHeap;
        try (Connection c = app.database().connection(); HeapWatch heap = HeapWatch.start()) {
            before = BulkBaseline.load(c, pg, a, b);
            BulkBaseline.drop(c);
            baseHeap = heap.poolPeaksMb();
        }
        out("- baseline (bulk load) before the import: " + before);

        // Night 1: the first import after the JVM started (cold), into empty special-education tables.
        // Night 2: SIRAS sends its full extract every night; the same pair is applied again
        // (siras.import.reapply-unchanged=true for the bench) in the now warm JVM: every record is updated
        // and every service replaced, and the superseded services are deleted after the commit.
        List<Night> nights = new ArrayList<>();
        for (int night = 1; night <= num("nights"); night++) {
            nights.add(night(app, night, expected));
        }

        BulkBaseline.Loaded after;
        try (Connection c = app.database().connection()) {
            after = BulkBaseline.load(c, pg, a, b);
            BulkBaseline.drop(c);
        }
        out("- baseline (bulk load) after the imports: " + after);
        for (Night n : nights) {
            if (before.rowsA() != n.result().counts().rowsRead()
                    || before.rowsB() != n.result().counts().serviceRowsRead()) {
                throw new IllegalStateException("the baseline loaded other rows than the import read");
            }
        }
        double base = (before.millis() + after.millis()) / 2.0;
        out("");
        out("Ratios: import / mean of the two baselines. \"To committed\" (the issue's measure) ends when the run's"
                + " apply transaction commits; \"through the mail\" when the route returns: after the superseded"
                + " services are deleted and the report mail is in the outbox.");
        out("");
        out("| database | night | rows A / B | baseline ms (before, after) | import to committed ms | ratio |"
                + " import through the mail ms | ratio | peak heap import (pools / sampled / after GC) | peak heap baseline |");
        out("|---|---|---|---|---|---|---|---|---|---|");
        for (Night n : nights) {
            out(String.format("| %s | %d | %d / %d | %d, %d | %d | %.2f | %d | %.2f | %d / %d / %d MB | %d MB |",
                    pg ? "PostgreSQL" : "H2", n.night(), before.rowsA(), before.rowsB(), before.millis(),
                    after.millis(), n.committedMs(), n.committedMs() / base, n.totalMs(), n.totalMs() / base,
                    n.heapPools(), n.heapSampled(), n.heapAfterGc(), baseHeap));
        }
        out("");
    }

    record Night(int night, ImportResult result, long committedMs, long totalMs, long heapPools, long heapSampled,
            long heapAfterGc) {
    }

    /** One import through the route, checked: APPLIED with the district's counts. */
    private Night night(SpedBridgeApp app, int night, SyntheticDistrict.Expected expected) throws Exception {
        try (HeapWatch heap = HeapWatch.start()) {
            Instant started = Instant.now();
            long t = System.nanoTime();
            var ex = app.camelContext().createProducerTemplate().send("direct:siras-import",
                    e -> e.getIn().setHeader("trigger", "bench"));
            long totalMs = ms(t);
            if (ex.getException() != null) {
                throw ex.getException();
            }
            ImportResult result = ex.getMessage().getBody(ImportResult.class);
            out("- night " + night + ": import " + result.status() + " in " + totalMs + " ms: " + result.counts());
            if (result.status() != ImportStatus.APPLIED) {
                throw new IllegalStateException("the import was not APPLIED: " + result.message());
            }
            if (result.counts().matched() != expected.matched()
                    || result.counts().servicesImported() != expected.servicesImported()) {
                throw new IllegalStateException("the import's counts differ from the district's: expected " + expected);
            }
            // finished() is taken in the apply transaction right before its COMMIT (the engine logs the commit)
            long committedMs = java.time.Duration.between(started, result.finished()).toMillis();
            return new Night(night, result, committedMs, totalMs, heap.poolPeaksMb(), heap.maxSampledMb(),
                    heap.maxAfterGcMb());
        }
    }

    // ------------------------------------------------------------------ 2. API

    private void apiBench(SpedBridgeApp app, int apiPort) throws Exception {
        List<int[]> students = new ArrayList<>();
        Map<Integer, Integer> perSchool = new LinkedHashMap<>();
        try (Connection c = app.database().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT student_id, school_code FROM student ORDER BY student_id")) {
            while (rs.next()) {
                students.add(new int[] {rs.getInt(1), rs.getInt(2)});
                perSchool.merge(rs.getInt(2), 1, Integer::sum);
            }
        }
        int[] schools = perSchool.keySet().stream().mapToInt(Integer::intValue).toArray();
        String key = new ApiKeys(app.database()).create("bench",
                Area.AERIES.stream().map(Area::id).collect(Collectors.toSet()), null, 32);
        String base = "http://127.0.0.1:" + apiPort + "/api/v5";
        ConstantEndpoint.addTo(app.camelContext());
        String constant = "http://127.0.0.1:" + apiPort + ConstantEndpoint.PATH;
        ApiLoad load = new ApiLoad(key);
        double seconds = Double.parseDouble(o.get("seconds"));
        double warmup = Double.parseDouble(o.get("warmup"));
        long max = Long.parseLong(o.get("max-requests"));
        out("- API: " + students.size() + " students in " + schools.length + " schools; key with all five areas;"
                + " api.rate-limit.per-second=burst=1000000 for the bench; " + warmup + " s warm-up + "
                + seconds + " s (at most " + max + " requests) per cell");
        out("- baseline: " + ConstantEndpoint.PATH + ", a constant JSON answer the size of one student's (" + ConstantEndpoint.bytes()
                + " bytes) from a Camel route on the same HTTP server: no key, no database, no audit (bench only)");
        String json = "application/json";
        String xml = "application/xml";
        // JIT and pool warm-up over every endpoint first (not recorded), so that the first cell is not the coldest
        for (String path : List.of("/systeminfo", "/schools/" + schools[0] + "/students/" + students.get(0)[0],
                "/schools/" + schools[0] + "/students?StartingRecord=1&EndingRecord=500",
                "/schools/" + schools[0] + "/contacts/" + students.get(0)[0])) {
            load.run("warm-up", json, 8, 0, 2 * warmup, max, r -> base + path);
            load.run("warm-up", xml, 8, 0, warmup, max, r -> base + path);
        }
        load.run("warm-up", json, 8, 0, 2 * warmup, max, r -> constant);
        out("- load average at the start of the measured cells: " + loadAverage());
        out("");
        out("| database | endpoint | format | concurrency | requests | errors | req/s | vs constant | p50 ms | p99 ms | max ms"
                + " | JVM CPU µs/req | PostgreSQL CPU µs/req | load |");
        out("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> endpoints = List.of(o.get("endpoints").split(","));
        List<String> formats = java.util.Arrays.stream(o.get("formats").split(","))
                .map(f -> switch (f) {
                    case "json" -> json;
                    case "xml" -> xml;
                    default -> throw new IllegalArgumentException("formats: json and/or xml, not " + f);
                }).toList();
        // the four endpoints: option name -> URI for a thread's random; the names as printed
        Map<String, Function<SplittableRandom, String>> cellsUri = new LinkedHashMap<>();
        cellsUri.put("systeminfo", r -> base + "/systeminfo");
        cellsUri.put("student", r -> {
            int[] st = students.get(r.nextInt(students.size()));
            return base + "/schools/" + st[1] + "/students/" + st[0];
        });
        cellsUri.put("page", r -> {
            int sc = schools[r.nextInt(schools.length)];
            int n = perSchool.get(sc);
            int start = 1 + r.nextInt(Math.max(1, n - 499));
            return base + "/schools/" + sc + "/students?StartingRecord=" + start + "&EndingRecord=" + (start + 499);
        });
        cellsUri.put("contacts", r -> {
            int[] st = students.get(r.nextInt(students.size()));
            return base + "/schools/" + st[1] + "/contacts/" + st[0];
        });
        Map<String, String> names = Map.of("systeminfo", "systeminfo", "student", "student",
                "page", "students page of 500", "contacts", "contacts");
        for (String e : endpoints) {
            if (!cellsUri.containsKey(e)) {
                throw new IllegalArgumentException("endpoints: systeminfo, student, page, contacts, not " + e);
            }
        }
        int[] concurrencies = java.util.Arrays.stream(o.get("concurrency").split(",")).mapToInt(Integer::parseInt).toArray();
        for (int conc : concurrencies) {
            // the baseline right before and right after the API's cells at this concurrency: ratios are against
            // the mean of the two, so that a change of the machine's other load during the cells shows as a
            // difference between the two baselines rather than in the ratios alone
            List<Object[]> cells = new ArrayList<>();
            ApiLoad.Result before = load.run("constant (before)", json, conc, warmup, seconds, max, r -> constant);
            cells.add(new Object[] {before, "JSON", loadAverage1()});
            for (String accept : formats) {
                String format = accept.equals(json) ? "JSON" : "XML";
                for (Map.Entry<String, Function<SplittableRandom, String>> e : cellsUri.entrySet()) {
                    if (endpoints.contains(e.getKey())) {
                        cells.add(new Object[] {load.run(names.get(e.getKey()), accept, conc, warmup, seconds, max, e.getValue()),
                                format, loadAverage1()});
                    }
                }
            }
            ApiLoad.Result after = load.run("constant (after)", json, conc, warmup, seconds, max, r -> constant);
            cells.add(new Object[] {after, "JSON", loadAverage1()});
            double baseline = (before.perSecond() + after.perSecond()) / 2;
            for (Object[] c : cells) {
                row((ApiLoad.Result) c[0], (String) c[1], baseline, (String) c[2]);
            }
        }
        out("");
        out("- load average at the end of the API part: " + loadAverage());
    }

    /** The machine's load average (1, 5, 15 min) as uptime prints it: the bench shares its cores with others. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String loadAverage1() {
        return loadAverage().split(",")[0];
    }

    /** One cell; "vs constant" is its req/s over the mean of the constant endpoint's before and after it. */
    private void row(ApiLoad.Result r, String format, double baselinePerSecond, String load) {
        out(String.format("| %s | %s | %s | %d | %d | %d | %.0f | %.0f%% | %.2f | %.2f | %.1f | %.0f | %.0f | %s |",
                pg ? "PostgreSQL" : "H2", r.name(), format, r.concurrency(), r.requests(), r.errors(), r.perSecond(),
                100 * r.perSecond() / baselinePerSecond, r.p50ms(), r.p99ms(), r.maxMs(), r.jvmMicros(),
                r.postgresMicros(), load));
    }

    // ------------------------------------------------------------------ helpers

    /** H2: a file database under the work folder (a 1M-row district does not fit a 512 MB heap in memory). */
    private Properties database() throws Exception {
        Properties p = new Properties();
        if (!pg) {
            String extra = o.get("h2-options").isEmpty() ? "" : ";" + o.get("h2-options");
            p.setProperty("db.url", "jdbc:h2:file:" + work.resolve("db/sped-bridge") + ";AUTO_SERVER=FALSE" + extra);
            if (!extra.isEmpty()) {
                out("- experiment: H2 URL settings " + o.get("h2-options"));
            }
            p.setProperty("db.username", "sa");
            p.setProperty("db.password", "");
        } else {
            String schema = "bench_" + work.getFileName().toString().replace("-", "_");
            try (Connection c = DriverManager.getConnection(PG_BASE, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            out("- PostgreSQL schema " + schema + " (fresh) in " + PG_BASE);
            // pg-options: extra JDBC URL parameters for an experiment, e.g. options=-c%20synchronous_commit=off
            String extra = o.get("pg-options").isEmpty() ? "" : "&" + o.get("pg-options");
            p.setProperty("db.url", PG_BASE + "?currentSchema=" + schema + extra);
            if (!extra.isEmpty()) {
                out("- experiment: JDBC URL parameters " + o.get("pg-options"));
            }
            p.setProperty("db.username", "postgres");
            p.setProperty("db.password", "");
        }
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
