package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.SirasDeployment;
import org.spedbridge.support.SirasDeployment.SharedDb;

/**
 * {@code import-now} and {@code import-files} beside a running {@code run} on the same host and database (H2 in
 * server mode, PostgreSQL), all the packaged jar as processes with the same settings: the one-off commands (also
 * keys and roster load) take neither the API nor the management port, they import, and they wait for (or give up
 * on) an import that {@code run} has in progress, naming it.
 */
class ImportBesideRunIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(SharedDb.class)
    void importNowAndImportFilesWorkBesideRunAndShareItsImportLock(SharedDb kind) throws Exception {
        try (SirasDeployment d = SirasDeployment.create(tmp, SirasDeployment.database(kind, tmp));
             // "SIRAS' SFTP server" for run: accepts the connection and says nothing, so run's import waits there
             ServerSocket stalled = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Properties p = d.settings();
            p.setProperty("siras.import.lock-wait-seconds", "3");
            Path config = d.jar.config("district.properties", p);
            Properties forRun = new Properties();
            forRun.putAll(p);
            forRun.setProperty("siras.sftp.port", Integer.toString(stalled.getLocalPort()));
            forRun.setProperty("siras.sftp.connect-timeout-seconds", "180");
            forRun.setProperty("siras.sftp.transfer-timeout-seconds", "180");
            Path runConfig = d.jar.config("run.properties", forRun);

            PackagedJar.Result key = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "keys", "create",
                    "--name", "ops", "--areas", "import-admin");
            assertThat(key.exitCode()).as(key.toString()).isZero();
            String[] lines = key.out().strip().split("\n");
            String adminKey = lines[lines.length - 1];

            try (PackagedJar.Running run = d.jar.start("run", "--config", runConfig.toString(), "run")) {
                SirasDeployment.awaitApi(run, p);

                // the same api.port and management.port as run: import-now takes neither
                PackagedJar.Result now = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "import-now");
                assertThat(now.exitCode()).as(now.toString()).isZero();
                assertThat(now.out()).contains("SIRAS import (now): APPLIED")
                        .contains("rows read " + d.expected.rowsRead());
                assertThat(now.err()).doesNotContain("already in use");
                PackagedJar.Result files = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(),
                        "import-files", "--students", d.site.sftpRoot.resolve("tableA.csv").toString(),
                        "--services", d.site.sftpRoot.resolve("tableB.csv").toString());
                assertThat(files.exitCode()).as(files.toString()).isZero();
                assertThat(files.out()).contains(": UNCHANGED");
                // nor do the other one-off commands
                PackagedJar.Result keys = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "keys", "list");
                assertThat(keys.exitCode()).as(keys.toString()).isZero();
                assertThat(keys.out()).contains("ops");
                PackagedJar.Result roster = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "roster",
                        "load", tmp.resolve("extracts").toString());
                assertThat(roster.exitCode()).as(roster.toString()).isZero();

                // run starts an import (the admin endpoint) that hangs on its SFTP server: it holds the import lock
                HttpClient http = HttpClient.newHttpClient();
                CompletableFuture<HttpResponse<String>> admin = http.sendAsync(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + p.getProperty("api.port") + "/admin/import-now"))
                        .header("AERIES-CERT", adminKey).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                stalled.setSoTimeout(180_000);
                try (Socket inProgress = stalled.accept()) {
                    PackagedJar.Result busy = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(),
                            "import-now");
                    assertThat(busy.exitCode()).as(busy.toString()).isEqualTo(4);
                    assertThat(busy.err()).contains("Another SIRAS import is running: trigger 'admin:key-")
                            .contains("(process " + run.process().pid() + ") since ")
                            .contains("waited 3 s");
                    assertThat(admin).isNotDone();
                }
                // hung up: run's import ends FAILED and lets go of the lock; the next import-now runs
                HttpResponse<String> failed = admin.get(3, TimeUnit.MINUTES);
                assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
                PackagedJar.Result again = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "import-now");
                assertThat(again.exitCode()).as(again.toString()).isZero();
                assertThat(again.out()).contains("SIRAS import (now): UNCHANGED");
                assertThat(run.process().isAlive()).as(run.stderr()).isTrue();
            }
            assertThat(d.rows("SELECT trigger_name, status FROM import_run ORDER BY id")).hasSize(4)
                    .startsWith("now APPLIED", "manual UNCHANGED").endsWith("now UNCHANGED");
            assertThat(d.rows("SELECT status FROM import_run WHERE trigger_name LIKE 'admin:%'")).containsExactly("FAILED");
        }
    }

    @Test
    void besideRunOnAnEmbeddedH2FileImportNowSaysHowToShareIt() throws Exception {
        Properties db = new Properties();
        db.setProperty("db.url", "jdbc:h2:file:" + tmp.resolve("db/sped-bridge") + ";AUTO_SERVER=FALSE");
        db.setProperty("db.username", "sa");
        db.setProperty("db.password", "");
        try (SirasDeployment d = SirasDeployment.create(tmp, db)) {
            Properties p = d.settings();
            Path config = d.jar.config("district.properties", p);
            try (PackagedJar.Running run = d.jar.start("run", "--config", config.toString(), "run")) {
                SirasDeployment.awaitApi(run, p);
                PackagedJar.Result now = d.jar.run(SirasDeployment.COMMAND, "--config", config.toString(), "import-now");
                assertThat(now.exitCode()).as(now.toString()).isEqualTo(5);
                assertThat(now.err()).contains("is open in another process (is `run` running?)")
                        .contains("add AUTO_SERVER=TRUE to db.url").contains("or use PostgreSQL");
            }
        }
    }
}
