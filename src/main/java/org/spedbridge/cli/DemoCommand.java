package org.spedbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.api.Area;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Folders;
import org.spedbridge.demo.EmbeddedSftpServer;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.ops.Logging;
import org.spedbridge.roster.RosterLoadResult;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sped-bridge demo}: a whole demo district on embedded parts. Writes a synthetic district (roster
 * extracts and SIRAS' tableA/tableB with the edge cases), serves the SIRAS files from an in-process SFTP
 * server (MINA SSHD, host key verified like the real one), loads the roster into H2, runs one import at
 * once through the real routes, keeps the report mail as an .eml file, creates an API key with the five
 * SIRAS areas, prints where everything is, and keeps the routes running.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a demo district on embedded defaults: SFTP server, H2, mail kept as files, API up.")
public final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "data/demo", paramLabel = "DIR",
            description = "Folder for everything the demo writes; emptied at start (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--seed", defaultValue = "20251", description = "Seed of the synthetic district (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--exit", description = "Stop after the first import instead of keeping the routes running.")
    boolean exitAfterImport;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path home = dir.toAbsolutePath().normalize();
        Folders.deleteTree(home);
        Files.createDirectories(home);

        SyntheticDistrict district = SyntheticDistrict.demo(seed);
        SyntheticDistrict.Expected expected = district.writeAll(home.resolve("roster"), home.resolve("sftp"));
        agePastTheWriteWindow(home.resolve("sftp"));

        String sftpPassword = randomPassword();
        try (EmbeddedSftpServer sftp = EmbeddedSftpServer.start(0, district.cdsCode(), sftpPassword,
                home.resolve("sftp"), home.resolve("sftp-host.key"))) {
            Path knownHosts = sftp.writeKnownHosts(home.resolve("known_hosts"));
            Settings settings = (parent == null ? Settings.load(null) : parent.settings()).with(demoSettings(home,
                    district.cdsCode(), sftp, sftpPassword, knownHosts));

            SpedBridgeApp app = SpedBridgeApp.create(settings);
            Logging.configureService(settings);
            RosterLoadResult roster = new RosterLoader(app.database()).load(home.resolve("roster"));
            if (!roster.loaded()) {
                out.println("The demo roster did not load:\n" + roster.summary());
                app.close();
                return SpedBridge.FAILED;
            }
            app.start();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "sped-bridge-demo-stop");
            Runtime.getRuntime().addShutdownHook(hook);

            Exchange done = app.camelContext().createProducerTemplate()
                    .send("direct:siras-import", e -> e.getIn().setHeader("trigger", "demo"));
            ImportResult result = done.getMessage().getBody(ImportResult.class);
            String key = new ApiKeys(app.database()).create("SIRAS (demo)",
                    Area.AERIES.stream().map(Area::id).collect(Collectors.toSet()), null, ApiKeys.DEFAULT_LENGTH);

            printSummary(out, home, settings, sftp, roster, expected, result,
                    OneImport.reportDelivery(done).outboxFile(), key);
            out.flush();
            if (exitAfterImport) {
                Runtime.getRuntime().removeShutdownHook(hook);
                app.close();
                return result == null ? SpedBridge.FAILED : result.status().exitCode();
            }
            stopped.await();
            return SpedBridge.OK;
        }
    }

    private static Properties demoSettings(Path home, String cds, EmbeddedSftpServer sftp, String password,
            Path knownHosts) {
        Properties p = new Properties();
        p.setProperty("district.cds-code", cds);
        p.setProperty("siras.sftp.host", sftp.host());
        p.setProperty("siras.sftp.port", String.valueOf(sftp.port()));
        p.setProperty("siras.sftp.username", cds);
        p.setProperty("siras.sftp.password", password);
        p.setProperty("siras.sftp.known-hosts-file", knownHosts.toString());
        p.setProperty("siras.import.work-dir", home.resolve("runs").toString());
        p.setProperty("report.mail.outbox-dir", home.resolve("outbox").toString());
        p.setProperty("roster.drop-dir", home.resolve("roster-drop").toString());
        p.setProperty("mail.smtp.host", "");
        p.setProperty("db.url", "jdbc:h2:file:" + home.resolve("sped-bridge") + ";AUTO_SERVER=FALSE");
        p.setProperty("db.username", "sa");
        p.setProperty("db.password", "");
        return p;
    }

    private static void printSummary(PrintWriter out, Path home, Settings settings, EmbeddedSftpServer sftp,
            RosterLoadResult roster, SyntheticDistrict.Expected expected, ImportResult r, Path mail, String key) {
        ImportCounts c = r == null ? ImportCounts.NONE : r.counts();
        ImportCounts want = expected.importCounts();
        String api = (settings.get("api.tls.keystore-file").isEmpty() ? "http" : "https") + "://localhost:"
                + settings.get("api.port");
        out.println();
        out.println("sped-bridge demo district " + settings.get("district.cds-code") + " (everything under " + home + ")");
        out.println("  roster loaded      " + roster.rows("student") + " student records, " + roster.rows("sped_record")
                + " special-education records (" + home.resolve("roster") + ")");
        out.println("  SIRAS SFTP server  sftp://" + sftp.host() + ":" + sftp.port() + " user " + settings.get("siras.sftp.username")
                + ", host key " + sftp.fingerprint() + " (known_hosts: " + home.resolve("known_hosts") + ")");
        out.println("  import             " + (r == null ? "did not run (see the log)" : r.status() + ", run " + r.runId()
                + (r.message() == null || r.message().isBlank() ? "" : ": " + r.message())));
        out.printf("  counts             read %d (expected %d), matched %d (%d), unmatched %d (%d), duplicates %d (%d),"
                        + " errors %d (%d), ignored %d (%d), services imported %d (%d), not in file %d (%d)%n",
                c.rowsRead(), want.rowsRead(), c.matched(), want.matched(), c.unmatched(), want.unmatched(),
                c.duplicates(), want.duplicates(), c.errors(), want.errors(), c.ignored(), want.ignored(),
                c.servicesImported(), want.servicesImported(), c.notInFile(), want.notInFile());
        out.println("  report mail        " + (mail == null ? "not written (see the log)" : mail));
        if (r != null && !r.attachments().isEmpty()) {
            out.println("  report files       " + r.attachments().get(0).getParent());
        }
        out.println("  database           " + settings.get("db.url"));
        out.println("  API                " + api + "/api/v5/systeminfo  (OpenAPI: " + api + "/api/v5/openapi.json)");
        out.println("  health, metrics    http://127.0.0.1:" + settings.get("management.port") + "/observe/health, /observe/metrics");
        out.println();
        out.println("An API key with the five SIRAS areas was created (shown once; only its hash is stored):");
        out.println("  curl -s -H 'AERIES-CERT: " + key + "' " + api + "/api/v5/schools");
        out.println("  curl -s -H 'AERIES-CERT: " + key + "' '" + api + "/api/v5/schools/" + firstSchool(home)
                + "/students?StartingRecord=1&EndingRecord=5'");
        out.println("  curl -s -H 'AERIES-CERT: " + key + "' '" + api + "/api/v5/schools/" + firstSchool(home)
                + "/students/0/programs?code=144'");
        out.println();
        out.println(key);
    }

    /** The first school code of the demo roster (the curl examples use it). */
    private static String firstSchool(Path home) {
        try (var lines = Files.lines(home.resolve("roster").resolve(SyntheticDistrict.SCHOOLS))) {
            return lines.skip(1).findFirst().map(l -> l.split(",", 2)[0].replace("\"", "")).orElse("0");
        } catch (IOException e) {
            return "0";
        }
    }

    /** SIRAS writes its files around midnight: make the demo's look finished (older than the readiness window). */
    private static void agePastTheWriteWindow(Path sirasDir) throws IOException {
        FileTime twoHoursAgo = FileTime.from(Instant.now().minusSeconds(2 * 3600));
        for (String name : Set.of(SyntheticDistrict.TABLE_A, SyntheticDistrict.TABLE_B)) {
            Files.setLastModifiedTime(sirasDir.resolve(name), twoHoursAgo);
        }
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
