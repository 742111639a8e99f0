package org.spedbridge.importroute;

import org.spedbridge.support.SirasSite;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.cli.SpedBridge;
import org.spedbridge.support.SmallDisk;
import org.spedbridge.support.TestDatabases;

/** {@code sped-bridge import-now}: exit codes 0, 3, 4, 5 and what it prints. */
class ImportNowCommandTest {

    @TempDir
    Path tmp;

    private String out;
    private String err;

    private int importNow(Properties settings, String... options) throws Exception {
        Path config = tmp.resolve("district.properties");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            settings.store(w, null);
        }
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--config", config.toString(),
                    "import-now"));
            args.addAll(java.util.List.of(options));
            return SpedBridge.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    private Properties settings(SirasSite site) {
        Properties p = new Properties();
        p.putAll(TestDatabases.fresh(TestDatabases.Kind.H2));
        p.putAll(site.settings());
        p.setProperty("siras.import.work-dir", tmp.resolve("runs").toString());
        p.setProperty("report.mail.outbox-dir", tmp.resolve("outbox").toString());
        p.setProperty("api.port", "0");
        p.setProperty("management.port", "0");
        p.setProperty("camel.main.jmx-enabled", "false");
        return p;
    }

    @Test
    void appliedExitsZeroAndSendsTheMailOnce() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            site.startSmtp();
            assertThat(importNow(settings(site))).as(out + err).isZero();
            assertThat(out).contains("SIRAS import (now): APPLIED", "rows read 3", "report files:",
                    "Special_Ed_Students_ImportedRecords.csv", "report mail: sent to");
            assertThat(site.smtp.getReceivedMessages()).hasSize(2);
            assertThat(Files.list(tmp.resolve("outbox").resolve("sent")).count()).isEqualTo(1);
        }
    }

    @Test
    void aDryRunExitsAsTheRunWouldAndLeavesNoRow() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            Properties p = settings(site);
            p.setProperty("mail.smtp.host", "");
            assertThat(importNow(p, "--dry-run")).as(out + err).isZero();
            assertThat(out).contains("SIRAS import (now): DRY RUN (would be APPLIED)", "Dry run: nothing was written");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(p.getProperty("db.url"), "sa", "");
                 java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM import_run)"
                         + " + (SELECT COUNT(*) FROM sped_record) + (SELECT COUNT(*) FROM sped_service)"
                         + " + (SELECT COUNT(*) FROM import_issue)")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            try (var s = Files.list(tmp.resolve("outbox"))) {
                assertThat(s.filter(f -> f.toString().endsWith("DRYRUN-APPLIED.eml")).count()).isEqualTo(1);
            }
            site.put("tableA.csv", "Name,Birthdate\nAna,20150101\n", ImportRouteTest.OLD);
            assertThat(importNow(p, "--dry-run")).as(out + err).isEqualTo(3);
            assertThat(out).contains("SIRAS import (now): DRY RUN (would be REFUSED)");
        }
    }

    @Test
    void refusedFilesExitThree() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", "Name,Birthdate\nAna,20150101\n", ImportRouteTest.OLD); // no SSID or local ID column
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            assertThat(importNow(settings(site))).as(out + err).isEqualTo(3);
            // standard output says it first, and shows no counts that could read like a load
            assertThat(out.lines().findFirst().orElseThrow()).startsWith("SIRAS import (now): REFUSED, run ")
                    .endsWith(": nothing was imported");
            assertThat(out).doesNotContain("rows read", "services imported");
        }
    }

    @Test
    void sftpFailureExitsFourAndKeepsTheMailInTheOutboxWhenSmtpIsDown() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            Properties p = settings(site); // SMTP never started
            p.setProperty("siras.sftp.password", "wrong");
            assertThat(importNow(p)).as(out + err).isEqualTo(4);
            assertThat(out).contains("SIRAS import (now): FAILED", "nothing was imported", "refused the login",
                    "report mail: not sent now", "waits in the outbox").doesNotContain("rows read");
            try (var s = Files.list(tmp.resolve("outbox"))) {
                assertThat(s.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(1);
            }
        }
    }

    @Test
    void aFullDiskUnderTheOutboxIsNamedAndTheRunStaysApplied() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            site.put("tableA.csv", ImportRouteTest.STUDENTS, ImportRouteTest.OLD);
            site.put("tableB.csv", ImportRouteTest.SERVICES, ImportRouteTest.OLD);
            Properties p = settings(site);
            p.setProperty("mail.smtp.host", "");
            Path outbox = tmp.resolve("outbox");
            try (SmallDisk disk = SmallDisk.mount(outbox, 1)) {
                disk.fill();
                assertThat(importNow(p)).as(out + err).isZero();
                assertThat(out).contains("SIRAS import (now): APPLIED", "report mail: not written to the outbox " + outbox
                        + " (No space left on device) nor sent; the run itself is recorded and its report is delivered at the next "
                        + "start of `run` or before the next import");
                try (var files = Files.list(outbox)) {
                    assertThat(files.map(f -> f.getFileName().toString())).containsExactly("filler"); // no half mail
                }
            }
        }
    }

    @Test
    void missingSettingsExitFiveAndNameThem() throws Exception {
        try (SirasSite site = new SirasSite(tmp)) {
            Properties p = settings(site);
            p.setProperty("siras.sftp.password", "");
            p.setProperty("report.mail.to", "");
            assertThat(importNow(p)).isEqualTo(5);
            assertThat(err).contains("'siras.sftp.password'", "SIRAS_SFTP_PASSWORD", "'report.mail.to'")
                    .doesNotContain("'siras.sftp.username'");
            assertThat(tmp.resolve("outbox")).doesNotExist(); // nothing ran
        }
    }

}
