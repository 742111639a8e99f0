package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.PackagedServer;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * A run's report reaches the staff although the process that ran it died right after its commit (issue 10, item 4).
 * The packaged jar's {@code import-files} is stopped dead right after the run's commit, before any report is made
 * ({@code -Dspedbridge.fault.halt-after-commit=true}: {@code Runtime.halt}, what {@code kill -9} does at that moment;
 * passed as {@code JAVA_TOOL_OPTIONS}, the JVM's own way to add an option to a {@code java -jar} command). The run is
 * recorded APPLIED with no report delivered and no mail went out. Then {@code run} starts: the APPLIED report, made
 * from the recorded run and its files, arrives over SMTP (GreenMail) once, with its report files, and the run is
 * recorded as reported. On H2 (a file database) and PostgreSQL.
 */
class ReportAfterKillIT {

    private static final String STUDENTS = String.join("\n",
            "Record Type Code,Transaction Type Code,Reporting LEA,School of Attendance,Academic Year ID,SSID,"
                    + "Local Student ID,Student Legal First Name,Student Legal Last Name,Student Birth Date,"
                    + "Special Education Referral Date,Special Education Meeting Date,Education Plan Type Code,"
                    + "Primary Residence Code,Special Education Initial Service Start Date,Disability 1 Code,"
                    + "Special Education Exit Date,Special Education Exit Reason Code",
            "SPED,A,1964212,1964212,2025-2026,1000000001,,Ana,Ok,20150101,20240105,20240301,100,100,20240315,240,,",
            "");
    private static final String SERVICES = String.join("\n",
            "Record Type Code,Transaction Type Code,SSID,Local Student ID,Special Education Service Code,"
                    + "Special Education Service Provider Code,Service Location Code,Service Frequency Code,"
                    + "Service Duration,Nonpublic Agency Identifier,Service Start Date,Service End Date",
            "SSRV,A,1000000001,,330,100,100,2,30,,20240315,20250315",
            "");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aRunKilledRightAfterItsCommitIsReportedWhenRunStarts(Kind kind) throws Exception {
        int smtpPort = FreePort.find();
        Properties overrides = new Properties();
        overrides.setProperty("api.enabled", "false");
        overrides.setProperty("siras.import.header-aliases-file", tmp.resolve("no-aliases.csv").toString());
        overrides.setProperty("report.mail.to", "sped-staff@district.example");
        overrides.setProperty("report.mail.from", "sped-bridge@district.example");
        overrides.setProperty("mail.smtp.host", "127.0.0.1");
        overrides.setProperty("mail.smtp.port", Integer.toString(smtpPort));
        overrides.setProperty("mail.smtp.starttls", "false");
        overrides.setProperty("mail.smtp.timeout-seconds", "5");
        overrides.setProperty("mail.retry.initial-delay-seconds", "1");
        overrides.setProperty("mail.retry.max-delay-seconds", "2");
        PackagedServer deployed = PackagedServer.deploy(kind, tmp, "district.properties", overrides);
        Settings settings = deployed.settings();
        PackagedJar jar = deployed.jar();
        Path config = deployed.config();
        Path students = Files.writeString(tmp.resolve("tableA.csv"), STUDENTS);
        Path services = Files.writeString(tmp.resolve("tableB.csv"), SERVICES);
        Path outbox = tmp.resolve("outbox");

        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            jar.env("JAVA_TOOL_OPTIONS", "-Dspedbridge.fault.halt-after-commit=true");
            PackagedJar.Result killed = jar.run(Duration.ofMinutes(3), "--config", config.toString(), "import-files",
                    "--students", students.toString(), "--services", services.toString());
            jar.env("JAVA_TOOL_OPTIONS", "");
            assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(86);
            assertThat(killed.err()).contains("halting right after the commit of run");
            List<String> run = run(settings);
            assertThat(run).as("the run is committed, its report not delivered").containsExactly("APPLIED", "no");
            assertThat(emlIn(outbox)).isEmpty();
            assertThat(smtp.getReceivedMessages()).isEmpty();

            try (PackagedJar.Running server = deployed.startRun("run")) {
                await().atMost(Duration.ofSeconds(120)).until(() -> smtp.getReceivedMessages().length >= 1
                        || !server.process().isAlive());
                assertThat(smtp.getReceivedMessages()).as(server.stderr()).hasSize(1);
                MimeMessage mail = smtp.getReceivedMessages()[0];
                assertThat(mail.getSubject()).startsWith("SIRAS import " + PackagedServer.CDS + " ").endsWith(": APPLIED");
                assertThat(attachments(mail)).contains("Special_Ed_UnmatchedRecords.csv",
                        "Special_Ed_Services_UnmatchedRecords.csv", "Special_Ed_Errors.csv");
                assertThat(server.stderr()).contains("was not delivered").contains("delivering it now");
                await().atMost(Duration.ofSeconds(20)).until(() -> emlIn(outbox.resolve("sent")).size() == 1);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> smtp.getReceivedMessages().length == 1); // once
                server.stop();
            }
            assertThat(run(settings)).containsExactly("APPLIED", "yes");
        } finally {
            smtp.stop();
        }
    }

    /** The one run's status and whether its report was delivered (read once no process holds the database). */
    private static List<String> run(Settings settings) throws Exception {
        try (Database db = Database.open(settings); Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, CASE WHEN report_delivered_at IS NULL THEN 'no' ELSE 'yes' END FROM import_run");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("one run recorded").isTrue();
            List<String> row = List.of(rs.getString(1), rs.getString(2));
            assertThat(rs.next()).as("one run recorded").isFalse();
            return row;
        }
    }

    private static List<String> attachments(MimeMessage mail) throws Exception {
        List<String> names = new ArrayList<>();
        MimeMultipart mixed = (MimeMultipart) mail.getContent();
        for (int i = 1; i < mixed.getCount(); i++) {
            BodyPart part = mixed.getBodyPart(i);
            names.add(part.getFileName());
        }
        return names;
    }

    private static List<Path> emlIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".eml")).toList();
        }
    }
}
