package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.Cli;
import org.spedbridge.support.FreePort;

/** The start fails with a clear message, and nothing half-started, when a port is taken or the database is unreachable. */
class StartRefusalTest {

    @TempDir
    Path dir;

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("start.properties");
        Files.writeString(file, String.join("\n", lines) + "\n"
                + "db.url=jdbc:h2:mem:start;DB_CLOSE_DELAY=-1\nsiras.import.schedule-enabled=false\n"
                + "camel.main.jmx-enabled=false\ndistrict.cds-code=1234567\n");
        return file;
    }

    @Test
    void takenApiPortRefusesTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Cli result = Cli.run("--config", config("api.port=" + taken.getLocalPort(),
                    "management.port=" + FreePort.find()).toString(), "run");
            assertThat(result.exitCode()).isEqualTo(5);
            assertThat(result.err()).contains("Port " + taken.getLocalPort()).contains("api.port")
                    .contains("already in use").contains("Nothing was started");
        }
    }

    @Test
    void takenManagementPortRefusesTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Cli result = Cli.run("--config", config("api.port=" + FreePort.find(),
                    "management.port=" + taken.getLocalPort()).toString(), "run");
            assertThat(result.exitCode()).isEqualTo(5);
            assertThat(result.err()).contains("management.port").contains("MANAGEMENT_PORT");
        }
    }

    @Test
    void missingImportSettingsRefuseTheStartNamingEachOne() throws Exception {
        Path file = dir.resolve("nosftp.properties");
        Files.writeString(file, "siras.sftp.username=\nsiras.sftp.password=\napi.port=" + FreePort.find()
                + "\nmanagement.port=" + FreePort.find() + "\n");
        Cli result = Cli.run("--config", file.toString(), "run");
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).contains("'siras.sftp.username'").contains("SIRAS_SFTP_USERNAME")
                .contains("'siras.sftp.password'").contains("SIRAS_SFTP_PASSWORD");
    }

    @Test
    void unreachableDatabaseRefusesTheStart() throws Exception {
        Path file = dir.resolve("nodb.properties");
        Files.writeString(file, "db.url=jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/sis\ndistrict.cds-code=1234567\n"
                + "siras.import.schedule-enabled=false\ndb.connect-timeout-seconds=2\napi.port=" + FreePort.find() + "\nmanagement.port=" + FreePort.find() + "\n");
        Cli result = Cli.run("--config", file.toString(), "run");
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).contains("Cannot connect to the database").contains("db.url");
    }
}
