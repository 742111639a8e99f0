package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.demo.EmbeddedSftpServer;
import org.spedbridge.support.Cli;

/** {@code check sftp} against a real MINA SSHD server: right key, changed key, unknown key, bad password, stale files. */
class CheckSftpTest {

    @TempDir
    Path dir;

    EmbeddedSftpServer server;
    Path config;
    Path knownHosts;

    @BeforeEach
    void startServer() throws Exception {
        server = EmbeddedSftpServer.start(0, "1964733", "siras-pw", dir.resolve("sftp"), dir.resolve("host.key"));
        Files.writeString(server.root().resolve("tableA.csv"), "SSID\n1234567890\n");
        Files.writeString(server.root().resolve("tableB.csv"), "SSID\n1234567890\n");
        knownHosts = dir.resolve("known_hosts");
        config = writeConfig("siras-pw");
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private Path writeConfig(String password) throws Exception {
        Path file = dir.resolve("check-" + password + ".properties");
        Files.writeString(file, String.join("\n",
                "siras.sftp.host=127.0.0.1",
                "siras.sftp.port=" + server.port(),
                "siras.sftp.username=1964733",
                "siras.sftp.password=" + password,
                "siras.sftp.known-hosts-file=" + knownHosts,
                "siras.sftp.connect-timeout-seconds=10", ""));
        return file;
    }

    @Test
    void trustedKeyListsBothFilesWithSizes() throws Exception {
        server.writeKnownHosts(knownHosts);
        Cli result = Cli.run("--config", config.toString(), "check", "sftp");
        assertThat(result.out()).contains("host key      OK").contains("login         OK")
                .containsPattern("tableA\\.csv\\s+16 bytes").containsPattern("tableB\\.csv\\s+16 bytes");
        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(result.out()).doesNotContain("siras-pw");
    }

    @Test
    void unknownHostKeyPrintsTheLineToAddAndTrustsNothing() throws Exception {
        Cli result = Cli.run("--config", config.toString(), "check", "sftp");
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.out()).contains("NOT TRUSTED").contains(server.knownHostsLine())
                .contains("fingerprint").contains(server.fingerprint().replace("SHA256:", ""));
        assertThat(knownHosts).doesNotExist();
        assertThat(result.out()).doesNotContain("tableA.csv  ");
    }

    @Test
    void changedHostKeyIsRefused() throws Exception {
        server.writeKnownHosts(knownHosts);
        int port = server.port();
        server.close();
        server = EmbeddedSftpServer.start(port, "1964733", "siras-pw", dir.resolve("sftp"), dir.resolve("other-host.key"));
        Cli result = Cli.run("--config", config.toString(), "check", "sftp");
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.out()).contains("does NOT match the known-hosts file").contains(server.knownHostsLine());
    }

    @Test
    void wrongPasswordSaysWhatToCheckWithoutPrintingIt() throws Exception {
        server.writeKnownHosts(knownHosts);
        Cli result = Cli.run("--config", writeConfig("wrong-pw").toString(), "check", "sftp");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.out()).contains("refused the user name or password").doesNotContain("wrong-pw");
    }

    @Test
    void staleAndMissingFilesAreReported() throws Exception {
        server.writeKnownHosts(knownHosts);
        Files.setLastModifiedTime(server.root().resolve("tableA.csv"),
                FileTime.from(Instant.now().minusSeconds(10 * 24 * 3600)));
        Files.delete(server.root().resolve("tableB.csv"));
        Cli result = Cli.run("--config", config.toString(), "check", "sftp");
        assertThat(result.out()).contains("WARNING: tableA.csv is older than the last weekday night")
                .contains("MISSING: tableB.csv");
        assertThat(result.exitCode()).isEqualTo(4);
    }

    @Test
    void lastWeekdayNightIsTheEveningBeforeTheLastScheduledImport() {
        ZoneId la = ZoneId.of("America/Los_Angeles");
        // Saturday afternoon: last weekday import was Friday 04:00, so the files must be newer than Thursday 21:00
        Instant saturday = ZonedDateTime.of(2026, 11, 28, 15, 0, 0, 0, la).toInstant();
        assertThat(SftpCheck.lastWeekdayNight(saturday, la))
                .isEqualTo(ZonedDateTime.of(2026, 11, 26, 21, 0, 0, 0, la).toInstant());
        // Tuesday 03:00 (before the import): Monday 04:00 import, files from Sunday 21:00 on
        Instant tuesdayEarly = ZonedDateTime.of(2026, 12, 1, 3, 0, 0, 0, la).toInstant();
        assertThat(SftpCheck.lastWeekdayNight(tuesdayEarly, la))
                .isEqualTo(ZonedDateTime.of(2026, 11, 29, 21, 0, 0, 0, la).toInstant());
    }
}
