package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spedbridge.sped.SpedKit.SERVICES_HEADER;
import static org.spedbridge.sped.SpedKit.STUDENTS_HEADER;
import static org.spedbridge.sped.SpedKit.lines;
import static org.spedbridge.sped.SpedKit.service;
import static org.spedbridge.sped.SpedKit.student;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.cli.SpedBridge;
import org.spedbridge.support.CommandConfig;
import org.spedbridge.support.TestDatabases;

/** {@code sped-bridge import-files}: exit codes and the printed summary. */
class ImportFilesCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldOut;

    @BeforeEach
    void captureOut() {
        oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOut() {
        System.setOut(oldOut);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void exitCodesFollowTheStatus(TestDatabases.Kind kind) throws Exception {
        Properties db = TestDatabases.fresh(kind);
        Path config = CommandConfig.write(tmp, db);
        Path students = tmp.resolve("tableA.csv");
        Path services = tmp.resolve("tableB.csv");
        Files.writeString(students, lines(STUDENTS_HEADER, student("A", "1000000001", "", "Ana", "Ok", "20150101")));
        Files.writeString(services, lines(SERVICES_HEADER, service("A", "1000000001", "", "330")));

        int code = SpedBridge.execute("--config", config.toString(), "import-files", "--students", students.toString(),
                "--services", services.toString());
        assertThat(code).as(printed()).isEqualTo(0);
        assertThat(printed()).contains(": APPLIED").contains("Students: 1 rows read, 0 imported, 1 unmatched")
                .contains("Report files: " + tmp.resolve("runs").toAbsolutePath());

        code = SpedBridge.execute("--config", config.toString(), "import-files", "--students", students.toString(),
                "--services", services.toString());
        assertThat(code).isEqualTo(0);
        assertThat(printed()).contains(": UNCHANGED").contains("The files were not refreshed since");

        Files.writeString(students, "FIRST_NAME,LAST_NAME\nAna,Ok\n");
        out.reset();
        code = SpedBridge.execute("--config", config.toString(), "import-files", "--students", students.toString(),
                "--services", services.toString());
        assertThat(code).isEqualTo(3);
        assertThat(printed()).contains(": REFUSED: nothing was imported").contains("neither an SSID nor a Local Student ID column")
                .doesNotContain("rows read");

        code = SpedBridge.execute("--config", config.toString(), "import-files", "--students",
                tmp.resolve("missing.csv").toString(), "--services", services.toString());
        assertThat(code).isEqualTo(3);

        // a database that cannot be reached is a configuration problem (exit 5)
        Properties broken = new Properties();
        broken.setProperty("db.url", "jdbc:postgresql://127.0.0.1:1/none");
        broken.setProperty("db.connect-timeout-seconds", "1");
        code = SpedBridge.execute("--config", CommandConfig.write(tmp, broken).toString(), "import-files", "--students",
                students.toString(), "--services", services.toString());
        assertThat(code).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aReportTheOutboxCannotTakeIsSentDirectlyAndTheSummarySaysSo(TestDatabases.Kind kind) throws Exception {
        try (org.spedbridge.support.SirasSite site = new org.spedbridge.support.SirasSite(tmp)) {
            site.startSmtp();
            Properties p = TestDatabases.fresh(kind);
            site.settings().forEach(p::put);
            Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "where the outbox's parent should be");
            Path config = CommandConfig.write(tmp, p);
            // the outbox cannot be created (a file is where its folder should be): the last value of a key counts
            Files.writeString(config, "report.mail.outbox-dir=" + notAFolder.resolve("outbox") + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Path students = Files.writeString(tmp.resolve("tableA.csv"),
                    lines(STUDENTS_HEADER, student("A", "1000000001", "", "Ana", "Ok", "20150101")));
            Path services = Files.writeString(tmp.resolve("tableB.csv"),
                    lines(SERVICES_HEADER, service("A", "1000000001", "", "330")));

            int code = SpedBridge.execute("--config", config.toString(), "import-files", "--students",
                    students.toString(), "--services", services.toString());
            assertThat(code).as(printed()).isEqualTo(0);
            assertThat(printed()).contains(": APPLIED").contains("Report mail: sent directly to "
                    + site.settings().getProperty("report.mail.to") + " (the outbox ").contains("could not be written: ", "Not a directory");
            assertThat(site.smtp.getReceivedMessages()).hasSize(2); // both recipients, sent before the command ended
        }
    }

    @org.junit.jupiter.api.Test
    void helpAndUsage() {
        assertThat(SpedBridge.execute("import-files", "--help")).isZero();
        assertThat(printed()).contains("--students").contains("--services").contains("Exit code");
        assertThat(SpedBridge.execute("import-files", "--students", "a.csv")).isEqualTo(2);
    }
}
